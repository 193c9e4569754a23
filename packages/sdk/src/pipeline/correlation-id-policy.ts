/** @module `MS-CorrelationId`: ties the calls of one operation together in Partner Center's logs. */
import { randomUUID } from 'node:crypto';
import { HEADERS } from '@partnerbox/contract/types';
import type { PipelinePolicy } from './pipeline.js';

/**
 * Sets `MS-CorrelationId` to a new GUID per call unless one is already set: by the call's
 * `correlationId` option, by the client's, or by a `client.withCorrelationId(id)` scope.
 *
 * @example
 * ```ts
 * const pipeline = new Pipeline([requestIdPolicy(), correlationIdPolicy()]);
 * ```
 */
export function correlationIdPolicy(): PipelinePolicy {
  return {
    name: 'correlationIdPolicy',
    sendRequest(request, next) {
      if (!request.headers.has(HEADERS.correlationId)) request.headers.set(HEADERS.correlationId, randomUUID());
      return next(request);
    },
  };
}
