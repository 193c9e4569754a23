/** @module `MS-RequestId`: Partner Center's idempotency key. */
import { randomUUID } from 'node:crypto';
import { HEADERS } from '@partnerbox/contract/types';
import type { PipelinePolicy } from './pipeline.js';

/**
 * Gives each logical call one `MS-RequestId` GUID (unless the caller set one). It sits outside
 * the retry policy on purpose: Partner Center deduplicates writes by this id, so a retried
 * `POST /v1/customers` must repeat it, or a create whose response was lost creates twice.
 *
 * @example
 * ```ts
 * const pipeline = new Pipeline([requestIdPolicy(), retryPolicy()]);
 * ```
 */
export function requestIdPolicy(): PipelinePolicy {
  return {
    name: 'requestIdPolicy',
    sendRequest(request, next) {
      if (!request.headers.has(HEADERS.requestId)) request.headers.set(HEADERS.requestId, randomUUID());
      return next(request);
    },
  };
}
