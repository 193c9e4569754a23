/** @module Per-call timeout, combined with the caller's AbortSignal. */
import type { PipelinePolicy } from './pipeline.js';
import { AbortError } from '../abort-error.js';
import { abortErrorFrom, raceAbort } from '../internal/abort.js';

/**
 * Bounds a whole call, retries and their waits included, by `request.timeoutInMs`, and makes
 * the caller's `abortSignal` stop it at any point (during `fetch`, a token request, or a
 * back-off wait). Both reject with an {@link AbortError} (`timedOut` tells them apart); the
 * retry policy, which sits inside this one, does not retry them.
 *
 * @example
 * ```ts
 * await client.customers.get(id, { timeoutInMs: 10_000, abortSignal: AbortSignal.timeout(30_000) });
 * ```
 */
export function timeoutPolicy(): PipelinePolicy {
  return {
    name: 'timeoutPolicy',
    async sendRequest(request, next) {
      const outer = request.abortSignal;
      const timeoutInMs = request.timeoutInMs;
      if (outer?.aborted) throw abortErrorFrom(outer);
      if (!timeoutInMs && !outer) return next(request);

      const controller = new AbortController();
      const onOuterAbort = (): void => controller.abort(abortErrorFrom(outer as AbortSignal));
      outer?.addEventListener('abort', onOuterAbort, { once: true });
      const timer =
        timeoutInMs && timeoutInMs > 0
          ? setTimeout(() => {
              controller.abort(
                new AbortError(`${request.method} ${request.url} timed out after ${timeoutInMs} ms`, {
                  timedOut: true,
                }),
              );
            }, timeoutInMs)
          : undefined;
      request.abortSignal = controller.signal;
      try {
        return await raceAbort(next(request), controller.signal);
      } catch (error) {
        if (controller.signal.aborted) throw abortErrorFrom(controller.signal);
        throw error;
      } finally {
        clearTimeout(timer);
        outer?.removeEventListener('abort', onOuterAbort);
        request.abortSignal = outer;
      }
    },
  };
}
