/** @module Time as a dependency of the workflows, so tests (and simulations) need not sleep. */
import { sleep } from '../internal/abort.js';

/** Where the workflows read the time and wait between polls. */
export interface WorkflowClock {
  now(): number;
  sleep(delayInMs: number, abortSignal?: AbortSignal): Promise<void>;
}

/** The real clock: `Date.now()` and an abortable `setTimeout`. */
export const systemClock: WorkflowClock = {
  now: () => Date.now(),
  sleep: (delayInMs, abortSignal) => sleep(delayInMs, abortSignal),
};
