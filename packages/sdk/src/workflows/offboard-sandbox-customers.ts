/** @module Offboarding many sandbox customers at once. */
import type { PartnerCenterClient } from '../partner-center-client.js';
import {
  offboardSandboxCustomer,
  type OffboardSandboxCustomerOptions,
  type OffboardSandboxCustomerResult,
} from './offboard-sandbox-customer.js';
import { runBulk, type BulkItemResult, type BulkOptions } from './run-bulk.js';

export type OffboardSandboxCustomersOptions = OffboardSandboxCustomerOptions &
  Omit<BulkOptions<OffboardSandboxCustomerResult>, 'abortSignal'>;

/**
 * Runs {@link offboardSandboxCustomer} for each customer, `concurrency` (default 4) at a time,
 * and returns one result per customer in input order: `{ customerId, ok: true, result }` or
 * `{ customerId, ok: false, error }`. One failure does not stop the others. Progress events
 * carry their `customerId`.
 *
 * @example
 * ```ts
 * const results = await offboardSandboxCustomers(client, customerIds, { concurrency: 4 });
 * for (const r of results) console.log(r.customerId, r.ok ? 'deleted' : r.error.message);
 * ```
 */
export function offboardSandboxCustomers(
  client: PartnerCenterClient,
  customerIds: Iterable<string>,
  options: OffboardSandboxCustomersOptions = {},
): Promise<BulkItemResult<OffboardSandboxCustomerResult>[]> {
  const { concurrency, onResult, ...perCustomer } = options;
  return runBulk(customerIds, { concurrency, onResult, abortSignal: options.abortSignal }, (customerId) =>
    offboardSandboxCustomer(client, customerId, perCustomer),
  );
}
