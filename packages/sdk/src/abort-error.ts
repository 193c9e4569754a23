/** @module The error every aborted or timed-out call rejects with. */

/** Options of {@link AbortError}. */
export interface AbortErrorOptions {
  /** True when the call's own `timeoutInMs` elapsed, rather than the caller aborting. */
  timedOut?: boolean | undefined;
  cause?: unknown;
}

/**
 * Rejection of a call cancelled through its `abortSignal` or stopped by its `timeoutInMs`.
 * Its `name` is `"AbortError"`, like the DOM's, so code that checks `error.name` keeps working.
 * Aborted calls are never retried.
 *
 * @example
 * ```ts
 * try {
 *   await client.customers.get(id, { timeoutInMs: 5_000 });
 * } catch (error) {
 *   if (error instanceof AbortError && error.timedOut) console.error('Partner Center was too slow');
 * }
 * ```
 */
export class AbortError extends Error {
  override readonly name = 'AbortError';
  readonly timedOut: boolean;

  constructor(message = 'The operation was aborted.', options: AbortErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.timedOut = options.timedOut ?? false;
  }
}

/**
 * True for an {@link AbortError}, or any error named `AbortError` (a DOMException from `fetch`).
 *
 * @example
 * ```ts
 * if (isAbortError(error)) return; // the user pressed Ctrl+C
 * ```
 */
export function isAbortError(error: unknown): error is Error {
  return error instanceof AbortError || (error instanceof Error && error.name === 'AbortError');
}
