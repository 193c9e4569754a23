import { describe, expect, it } from 'vitest';
import { nextPollAt, pollWaitInMs, type PollSchedule } from './poll-schedule.js';

const SCHEDULE: PollSchedule = { intervalInMs: 500, maxIntervalInMs: 30_000 };
const FAR = Number.MAX_SAFE_INTEGER;

/** The polls of one cancellation requested at 0, until one is at or after `completesAt` (or the deadline). */
function polls(completesAt: number, schedule = SCHEDULE, deadlineAt = FAR, pendingAtLeastInMs?: number): number[] {
  const times: number[] = [];
  let now = 0;
  for (;;) {
    now = nextPollAt({ startedAt: 0, now, deadlineAt, pendingAtLeastInMs }, schedule);
    times.push(now);
    if (now >= completesAt || now >= deadlineAt) return times;
  }
}

describe('pollWaitInMs', () => {
  it.each([
    [0, 500],
    [1_000, 500],
    [2_000, 500],
    [4_000, 1_000],
    [60_000, 15_000],
    [600_000, 30_000],
  ])('waits %i ms into a cancellation: %i ms', (elapsed, wait) => {
    expect(pollWaitInMs(elapsed, SCHEDULE)).toBe(wait);
  });

  it('never waits less than the interval, even with a maximum below it', () => {
    expect(pollWaitInMs(60_000, { intervalInMs: 2_000, maxIntervalInMs: 1_000 })).toBe(2_000);
  });
});

describe('nextPollAt', () => {
  it('polls first one interval after the request', () => {
    expect(nextPollAt({ startedAt: 1_000, now: 1_000, deadlineAt: FAR }, SCHEDULE)).toBe(1_500);
  });

  it('polls a 2 s cancellation every 500 ms: seen at 2 s, not at 3.5 s as with doubling waits', () => {
    expect(polls(2_000)).toEqual([500, 1_000, 1_500, 2_000]);
    expect(polls(2_001)).toEqual([500, 1_000, 1_500, 2_000, 2_500]);
  });

  it.each([100, 499, 500, 1_999, 2_001, 4_321, 59_999, 600_001, 3_600_000])(
    'sees a cancellation of %i ms at most one wait after it completed: one interval while short, a quarter of its time while long',
    (duration) => {
      const seenAt = polls(duration).at(-1) ?? 0;
      const overshoot = seenAt - duration;
      expect(overshoot).toBeGreaterThanOrEqual(0);
      expect(overshoot).toBeLessThanOrEqual(
        Math.max(SCHEDULE.intervalInMs, Math.min(SCHEDULE.maxIntervalInMs, duration / 3)),
      );
      if (duration <= 4 * SCHEDULE.intervalInMs) expect(overshoot).toBeLessThanOrEqual(SCHEDULE.intervalInMs);
    },
  );

  it('thins out polls as a cancellation goes on: 33 for ten minutes at a 2 s interval, not 300', () => {
    const count = polls(600_000, { intervalInMs: 2_000, maxIntervalInMs: 30_000 }).length;
    expect(count).toBeLessThanOrEqual(40);
    expect(count).toBeGreaterThanOrEqual(15);
  });

  it('makes the last poll at the deadline, and none after it', () => {
    const times = polls(FAR, { intervalInMs: 1_000, maxIntervalInMs: 8_000 }, 20_500);
    expect(times.at(-1)).toBe(20_500);
    expect(times.every((t, i) => i === 0 || t > (times[i - 1] ?? 0))).toBe(true);
    expect(nextPollAt({ startedAt: 0, now: 20_500, deadlineAt: 20_500 }, SCHEDULE)).toBe(20_500);
  });

  it('makes no poll before the time another cancellation of the run was still seen pending', () => {
    expect(polls(2_000, SCHEDULE, FAR, 1_800)).toEqual([1_800, 2_300]);
    expect(nextPollAt({ startedAt: 0, now: 2_000, deadlineAt: FAR, pendingAtLeastInMs: 1_800 }, SCHEDULE)).toBe(2_500);
  });
});
