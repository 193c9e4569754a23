/**
 * @module createLimiter: at most N promises of a kind in flight, the rest queued in order
 * (p-limit's idea, no dependency), `high` priority (the default) before `low`.
 */

/** `low` work starts only when no `high` work is waiting for a slot. */
export type Priority = 'high' | 'low';

export interface LimitOptions {
  priority?: Priority | undefined;
}

export type Limiter = <T>(work: () => Promise<T>, options?: LimitOptions) => Promise<T>;

export function createLimiter(concurrency: number): Limiter {
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  let active = 0;
  const queues: Record<Priority, (() => void)[]> = { high: [], low: [] };
  const release = (): void => {
    active--;
    (queues.high.shift() ?? queues.low.shift())?.();
  };
  return async <T>(work: () => Promise<T>, options: LimitOptions = {}): Promise<T> => {
    if (active >= concurrency) await new Promise<void>((resolve) => queues[options.priority ?? 'high'].push(resolve));
    active++;
    try {
      return await work();
    } finally {
      release();
    }
  };
}
