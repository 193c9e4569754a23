/** @module Removing reseller relationships with many customers at once. */
import type { PartnerCenterClient } from '../partner-center-client.js';
import {
  removeResellerRelationship,
  type RemoveResellerRelationshipOptions,
  type RemoveResellerRelationshipResult,
} from './remove-reseller-relationship.js';
import { runBulk, type BulkItemResult, type BulkOptions } from './run-bulk.js';

export type RemoveResellerRelationshipsOptions = RemoveResellerRelationshipOptions &
  Omit<BulkOptions<RemoveResellerRelationshipResult>, 'abortSignal'>;

/**
 * Runs {@link removeResellerRelationship} for each customer, `concurrency` (default 4) at a
 * time, and returns one result per customer in input order. A blocked or failed customer is
 * recorded (`ok: false`) and the others go on.
 *
 * @example
 * ```ts
 * const results = await removeResellerRelationships(client, customerIds, { suspendActiveSubscriptions: true });
 * const failed = results.filter((r) => !r.ok);
 * ```
 */
export function removeResellerRelationships(
  client: PartnerCenterClient,
  customerIds: Iterable<string>,
  options: RemoveResellerRelationshipsOptions = {},
): Promise<BulkItemResult<RemoveResellerRelationshipResult>[]> {
  const { concurrency, onResult, ...perCustomer } = options;
  return runBulk(customerIds, { concurrency, onResult, abortSignal: options.abortSignal }, (customerId) =>
    removeResellerRelationship(client, customerId, perCustomer),
  );
}
