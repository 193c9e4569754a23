/** @module `MS-PartnerCenter-Application`: names the calling application, as Microsoft asks. */
import { HEADERS } from '@partnerbox/contract/types';
import type { PipelinePolicy } from './pipeline.js';
import { SDK_VERSION } from '../sdk-version.js';

export const DEFAULT_APPLICATION = `Partnerbox SDK/${SDK_VERSION}`;

/**
 * Sends `MS-PartnerCenter-Application` unless the call set its own.
 *
 * @example
 * ```ts
 * client.pipeline.replacePolicy('applicationPolicy', applicationPolicy('Contoso billing sync'));
 * ```
 */
export function applicationPolicy(application: string = DEFAULT_APPLICATION): PipelinePolicy {
  return {
    name: 'applicationPolicy',
    sendRequest(request, next) {
      if (!request.headers.has(HEADERS.application)) request.headers.set(HEADERS.application, application);
      return next(request);
    },
  };
}
