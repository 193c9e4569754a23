/** @module Offboarding many sandbox customers at once, at about the speed of the slowest cancellation. */
import { setMaxListeners } from 'node:events';
import type { PartnerCenterClient } from '../partner-center-client.js';
import {
  createOffboardingScheduler,
  offboardSandboxCustomer,
  type OffboardSandboxCustomerOptions,
  type OffboardSandboxCustomerResult,
} from './offboard-sandbox-customer.js';
import { runBulk, type BulkItemResult, type BulkOptions } from './run-bulk.js';

export type OffboardSandboxCustomersOptions = Omit<OffboardSandboxCustomerOptions, 'scheduler'> &
  Omit<BulkOptions<OffboardSandboxCustomerResult>, 'abortSignal'>;

/**
 * Runs {@link offboardSandboxCustomer} for every customer at once, with `concurrency` (default 8)
 * Partner Center calls in flight across all of them: each customer's plan and cancellations
 * are queued first, one shared poller then watches every pending order, and each customer is
 * deleted as soon as its own orders clear. A throttled call (429) is retried after its
 * `Retry-After` by the client's retry policy, holding its slot meanwhile. Returns one result per
 * customer in input order: `{ customerId, ok: true, result }` or `{ customerId, ok: false, error }`;
 * one failure does not stop the others. Progress events carry their `customerId`.
 *
 * @example
 * ```ts
 * const results = await offboardSandboxCustomers(client, customerIds, { concurrency: 8 });
 * for (const r of results) console.log(r.customerId, r.ok ? 'deleted' : r.error.message);
 * ```
 */
export async function offboardSandboxCustomers(
  client: PartnerCenterClient,
  customerIds: Iterable<string>,
  options: OffboardSandboxCustomersOptions = {},
): Promise<BulkItemResult<OffboardSandboxCustomerResult>[]> {
  const { concurrency, onResult, ...perCustomer } = options;
  const scheduler = createOffboardingScheduler({
    concurrency,
    clock: options.clock,
    pollIntervalInMs: options.pollIntervalInMs,
    maxPollIntervalInMs: options.maxPollIntervalInMs,
  });
  const ids = [...new Set(customerIds)];
  // Every customer is in flight at once, each call listening on the caller's one signal.
  const parent = options.abortSignal;
  const abort = new AbortController();
  setMaxListeners(0, abort.signal);
  if (parent?.aborted) abort.abort(parent.reason);
  const forward = () => abort.abort(parent?.reason);
  parent?.addEventListener('abort', forward, { once: true });
  // Every customer starts at once: the scheduler, not the number of customers, bounds the calls.
  return runBulk(
    ids,
    { concurrency: Math.max(ids.length, 1), onResult, abortSignal: options.abortSignal },
    (customerId) => offboardSandboxCustomer(client, customerId, { ...perCustomer, scheduler }),
  );
}
