/** @module Picking the per-call options out of a method's options bag. */
import type { OperationOptions } from '../partner-center-client.js';
import type { Collection } from '@partnerbox/contract/types';

export function operationOptions(options: OperationOptions): OperationOptions {
  const picked: OperationOptions = {};
  if (options.abortSignal !== undefined) picked.abortSignal = options.abortSignal;
  if (options.requestId !== undefined) picked.requestId = options.requestId;
  if (options.correlationId !== undefined) picked.correlationId = options.correlationId;
  if (options.timeoutInMs !== undefined) picked.timeoutInMs = options.timeoutInMs;
  if (options.locale !== undefined) picked.locale = options.locale;
  if (options.headers !== undefined) picked.headers = options.headers;
  return picked;
}

/** Collections are typed by the contract, but a missing `items` must not crash iteration. */
export function normalizeCollection<T>(body: unknown): Collection<T> {
  const collection = (body ?? {}) as Partial<Collection<T>>;
  const items = Array.isArray(collection.items) ? collection.items : [];
  return {
    ...collection,
    totalCount: typeof collection.totalCount === 'number' ? collection.totalCount : items.length,
    items,
    attributes: collection.attributes ?? { objectType: 'Collection' },
  };
}
