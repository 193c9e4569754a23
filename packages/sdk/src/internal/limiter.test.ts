import { describe, expect, it } from 'vitest';
import { createLimiter } from './limiter.js';

/** A promise and the function that settles it. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('createLimiter', () => {
  it('runs at most N at once, the rest in the order they came', async () => {
    const limit = createLimiter(2);
    const started: number[] = [];
    const gates = [gate(), gate(), gate(), gate()];
    const runs = gates.map((g, i) =>
      limit(async () => {
        started.push(i);
        await g.promise;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    gates[0]?.open();
    await runs[0];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.open();
    await Promise.all(runs);
    expect(started).toEqual([0, 1, 2, 3]);
  });

  it('gives a free slot to waiting high-priority work before low, each in order', async () => {
    const limit = createLimiter(1);
    const started: string[] = [];
    const first = gate();
    const runs = [
      limit(async () => {
        started.push('first');
        await first.promise;
      }),
      limit(async () => void started.push('poll 1'), { priority: 'low' }),
      limit(async () => void started.push('cancel 1')),
      limit(async () => void started.push('poll 2'), { priority: 'low' }),
      limit(async () => void started.push('cancel 2'), { priority: 'high' }),
    ];
    first.open();
    await Promise.all(runs);
    expect(started).toEqual(['first', 'cancel 1', 'cancel 2', 'poll 1', 'poll 2']);
  });

  it('frees the slot of work that fails', async () => {
    const limit = createLimiter(1);
    await expect(limit(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
    await expect(limit(() => Promise.resolve(7))).resolves.toBe(7);
  });
});
