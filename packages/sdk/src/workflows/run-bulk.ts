/** @module Running one workflow over many customers with bounded concurrency. */
import { abortErrorFrom } from '../internal/abort.js';

/** One customer's outcome in a bulk run. */
export type BulkItemResult<T> =
  | { customerId: string; ok: true; result: T }
  | { customerId: string; ok: false; error: Error };

export interface BulkOptions<T> {
  /** Customers processed at once (default 4). Partner Center throttles per tenant and resource. */
  concurrency?: number | undefined;
  /** Called as each customer finishes, e.g. to advance a progress bar. */
  onResult?: ((result: BulkItemResult<T>) => void) | undefined;
  abortSignal?: AbortSignal | undefined;
}

export const DEFAULT_BULK_CONCURRENCY = 4;

/**
 * Runs `work` for each distinct customer id, at most `concurrency` at a time, and returns one
 * result per customer in input order. A failure is recorded and the others go on; after an
 * abort, customers not yet started are recorded as aborted.
 *
 * @example
 * ```ts
 * const results = await runBulk(ids, { concurrency: 2 }, (id) => client.customers.get(id));
 * ```
 */
export async function runBulk<T>(
  customerIds: Iterable<string>,
  options: BulkOptions<T>,
  work: (customerId: string) => Promise<T>,
): Promise<BulkItemResult<T>[]> {
  const ids = [...new Set(customerIds)];
  const concurrency = options.concurrency ?? DEFAULT_BULK_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }
  const results: BulkItemResult<T>[] = new Array<BulkItemResult<T>>(ids.length);
  let nextIndex = 0;

  const worker = async (): Promise<void> => {
    for (;;) {
      const index = nextIndex++;
      const customerId = ids[index];
      if (customerId === undefined) return;
      let outcome: BulkItemResult<T>;
      if (options.abortSignal?.aborted) {
        outcome = { customerId, ok: false, error: abortErrorFrom(options.abortSignal) };
      } else {
        try {
          outcome = { customerId, ok: true, result: await work(customerId) };
        } catch (error) {
          outcome = { customerId, ok: false, error: toError(error) };
        }
      }
      results[index] = outcome;
      try {
        options.onResult?.(outcome);
      } catch {
        // A failing progress display must not abandon the customers still in flight.
      }
    }
  };

  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, () => worker()));
  return results;
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
