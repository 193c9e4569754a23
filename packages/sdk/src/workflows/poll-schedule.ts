/**
 * @module When to poll a pending cancellation next: a pure rule, shared by the single-customer
 * workflow and the bulk one's poller (cancellation-poller.ts), tested beside it.
 *
 * Partner Center does not say when a cancellation will complete (an order reads `pending`
 * until it reads `cancelled`), so a poll can only be timed from how long the cancellation has
 * taken so far. The wait after a poll is a quarter of that, at least the configured interval
 * and at most the maximum: a short cancellation is polled every interval, so it is seen at
 * most one interval after it completed, and a long one is seen within a quarter of its own
 * duration while polls thin out: 33 polls for a ten-minute cancellation at a 2 s interval and
 * a 30 s maximum, where polling every interval takes 300. Doubling the wait after each poll,
 * as before (23 polls), let a 2 s cancellation polled from 500 ms be seen only at 3.5 s.
 */

export interface PollSchedule {
  /** The shortest wait between two polls, and the wait before the first. */
  intervalInMs: number;
  /** The longest wait between two polls. */
  maxIntervalInMs: number;
}

/** The wait after a poll that found a cancellation still pending `elapsedInMs` after it was requested. */
export function pollWaitInMs(elapsedInMs: number, schedule: PollSchedule): number {
  const { intervalInMs, maxIntervalInMs } = schedule;
  return Math.min(Math.max(intervalInMs, maxIntervalInMs), Math.max(intervalInMs, Math.round(elapsedInMs / 4)));
}

export interface PollTiming {
  /** When the cancellations were requested. */
  startedAt: number;
  /** Now: the time of the poll just made (or of the request, before the first poll). */
  now: number;
  /** The last poll is made at the deadline, however the waits fall. */
  deadlineAt: number;
  /**
   * How long a cancellation of the same run was still seen pending before it completed (the
   * shortest such time): no poll is made before this much time has passed for this one either.
   */
  pendingAtLeastInMs?: number | undefined;
}

/**
 * The time of the next poll.
 *
 * @example
 * ```ts
 * nextPollAt({ startedAt: 0, now: 0, deadlineAt: 60_000 }, { intervalInMs: 500, maxIntervalInMs: 30_000 }); // 500
 * ```
 */
export function nextPollAt(timing: PollTiming, schedule: PollSchedule): number {
  const { startedAt, now, deadlineAt } = timing;
  const next = Math.max(now + pollWaitInMs(now - startedAt, schedule), startedAt + (timing.pendingAtLeastInMs ?? 0));
  return Math.max(now, Math.min(next, deadlineAt));
}
