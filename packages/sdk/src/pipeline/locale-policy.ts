/** @module `X-Locale`: the language of Partner Center's error descriptions and catalog names. */
import { HEADERS } from '@partnerbox/contract/types';
import type { PipelinePolicy } from './pipeline.js';

export const DEFAULT_LOCALE = 'en-US';

/**
 * Sends `X-Locale` (default `en-US`) unless the call set its own.
 *
 * @example
 * ```ts
 * client.pipeline.replacePolicy('localePolicy', localePolicy('fr-FR'));
 * ```
 */
export function localePolicy(locale: string = DEFAULT_LOCALE): PipelinePolicy {
  return {
    name: 'localePolicy',
    sendRequest(request, next) {
      if (!request.headers.has(HEADERS.locale)) request.headers.set(HEADERS.locale, locale);
      return next(request);
    },
  };
}
