/**
 * @module CancellationPoller: one poller for every pending cancellation of a run. A bulk
 * offboarding hands it the orders of all its customers; each customer's wait ends as soon as its
 * own orders clear, so its DELETE follows at once while the others still wait.
 */
import { abortErrorFrom } from '../internal/abort.js';
import type { WorkflowClock } from './workflow-clock.js';
import { nextPollAt, type PollSchedule } from './poll-schedule.js';

/** One customer's pending orders, and how to read one. */
export interface PollGroup {
  customerId: string;
  orderIds: Iterable<string>;
  /** For each order, in order: true when it no longer blocks (cancelled or gone). */
  areCleared(orderIds: string[]): Promise<boolean[]>;
  /** Give up at this time (after one last poll there). */
  deadlineAt: number;
  abortSignal?: AbortSignal | undefined;
  onCleared?(orderId: string): void;
  onPoll?(attempt: number, pending: string[]): void;
}

export interface CancellationPollerOptions {
  clock: WorkflowClock;
  /** First wait after the cancellations are requested, and the shortest between two polls. */
  pollIntervalInMs: number;
  /** Longest wait between two polls of one customer. */
  maxPollIntervalInMs: number;
}

/** Why a wait ended without every order clearing: the deadline passed with these still pending. */
export class PollDeadlineReached extends Error {
  constructor(readonly pendingOrderIds: string[]) {
    super(`still pending at the deadline: ${pendingOrderIds.join(', ')}`);
    this.name = 'PollDeadlineReached';
  }
}

interface Waiting {
  group: PollGroup;
  pending: Set<string>;
  startedAt: number;
  nextAt: number;
  attempt: number;
  /** When a poll last found something pending. */
  lastPendingAt: number | undefined;
  detach(): void;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Polls pending cancellations on poll-schedule.ts's rule, per customer: the first poll one
 * interval after its cancellations, each later wait a quarter of the time they have taken so
 * far (at least the interval, at most the maximum), the last poll at the deadline, and none
 * before the shortest time a cancellation of the run was still seen pending once one has
 * completed. A cancellation of up to four intervals is therefore seen at most one interval
 * after it completed, a longer one within a quarter of its duration. Customers whose polls
 * fall due within a quarter interval are polled in the same round.
 */
export class CancellationPoller {
  readonly #options: CancellationPollerOptions;
  readonly #waiting = new Set<Waiting>();
  #running = false;
  #wake: AbortController | undefined;
  /**
   * The shortest time, in this run, that a cancellation was still seen pending before it
   * cleared: a lower bound of how long the service takes, so a first poll that waits this long
   * can still not overshoot by more than one interval.
   */
  #observedPendingInMs: number | undefined;

  constructor(options: CancellationPollerOptions) {
    this.#options = options;
  }

  get #schedule(): PollSchedule {
    return { intervalInMs: this.#options.pollIntervalInMs, maxIntervalInMs: this.#options.maxPollIntervalInMs };
  }

  #nextAt(startedAt: number, now: number, deadlineAt: number): number {
    return nextPollAt({ startedAt, now, deadlineAt, pendingAtLeastInMs: this.#observedPendingInMs }, this.#schedule);
  }

  /** Resolves when every order of the group is cleared; rejects with PollDeadlineReached or an AbortError. */
  wait(group: PollGroup): Promise<void> {
    const pending = new Set(group.orderIds);
    if (pending.size === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const now = this.#options.clock.now();
      const waiting: Waiting = {
        group,
        pending,
        startedAt: now,
        nextAt: this.#nextAt(now, now, group.deadlineAt),
        attempt: 0,
        lastPendingAt: undefined,
        detach: () => undefined,
        resolve,
        reject,
      };
      this.#waiting.add(waiting);
      const onAbort = (): void => this.#wake?.abort();
      group.abortSignal?.addEventListener('abort', onAbort, { once: true });
      waiting.detach = () => group.abortSignal?.removeEventListener('abort', onAbort);
      this.#wake?.abort();
      if (!this.#running) void this.#run();
    });
  }

  async #run(): Promise<void> {
    this.#running = true;
    try {
      while (this.#waiting.size > 0) {
        this.#dropAborted();
        const nextAt = Math.min(...[...this.#waiting].map((w) => w.nextAt));
        const delay = nextAt - this.#options.clock.now();
        if (delay > 0) {
          this.#wake = new AbortController();
          await this.#options.clock.sleep(delay, this.#wake.signal).catch(() => undefined);
          this.#wake = undefined;
          continue; // woken early, or on time: look again
        }
        // Customers due within a quarter interval are polled now, together.
        const window = this.#options.clock.now() + this.#options.pollIntervalInMs / 4;
        await Promise.all([...this.#waiting].filter((w) => w.nextAt <= window).map((w) => this.#poll(w)));
      }
    } finally {
      this.#running = false;
    }
  }

  #dropAborted(): void {
    for (const waiting of this.#waiting) {
      const signal = waiting.group.abortSignal;
      if (signal?.aborted) {
        this.#waiting.delete(waiting);
        waiting.detach();
        waiting.reject(abortErrorFrom(signal));
      }
    }
  }

  async #poll(waiting: Waiting): Promise<void> {
    const { group, pending } = waiting;
    const { clock } = this.#options;
    waiting.attempt++;
    try {
      const ids = [...pending];
      const cleared = await group.areCleared(ids);
      const now = clock.now();
      ids.forEach((orderId, i) => {
        if (!cleared[i]) return;
        pending.delete(orderId);
        if (waiting.lastPendingAt !== undefined) {
          const stillPendingAfter = waiting.lastPendingAt - waiting.startedAt;
          this.#observedPendingInMs = Math.min(this.#observedPendingInMs ?? stillPendingAfter, stillPendingAfter);
        }
        group.onCleared?.(orderId);
      });
      group.onPoll?.(waiting.attempt, [...pending]);
      if (pending.size === 0) return this.#settle(waiting, undefined);
      waiting.lastPendingAt = now;
      if (now >= group.deadlineAt) return this.#settle(waiting, new PollDeadlineReached([...pending]));
      waiting.nextAt = this.#nextAt(waiting.startedAt, now, group.deadlineAt);
    } catch (error) {
      this.#settle(waiting, error ?? new Error('poll failed'));
    }
  }

  #settle(waiting: Waiting, error: unknown): void {
    this.#waiting.delete(waiting);
    waiting.detach();
    if (error === undefined) waiting.resolve();
    else waiting.reject(error);
  }
}
