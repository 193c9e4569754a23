/** @module Retries of throttled (429), failed (5xx) and unreachable calls, with jittered back-off. */
import { HEADERS } from '@partnerbox/contract/types';
import type { PipelinePolicy, PipelineResponse } from './pipeline.js';
import { isAbortError } from '../abort-error.js';
import { isNetworkError } from '../partner-center-error.js';
import { AuthenticationError } from '../authentication-error.js';
import { sleep as abortableSleep } from '../internal/abort.js';
import { parseJsonOrText } from '../internal/json.js';
import { retryAfterFromResponse } from '../internal/retry-after.js';
import { safeLog, type PartnerCenterLogger } from './logging-policy.js';

export interface RetryOptions {
  /** Retries after the first attempt (default 4, so at most 5 attempts). 0 disables retrying. */
  maxRetries?: number | undefined;
  /** Base of the exponential back-off (default 1 s): about 1, 2, 4, 8 s, jittered. */
  retryDelayInMs?: number | undefined;
  /** Cap of the exponential back-off (default 30 s). Does not cap `Retry-After`. */
  maxRetryDelayInMs?: number | undefined;
  /**
   * The longest `Retry-After` the client waits out (default 60 s, the gateway's one-minute
   * window). A longer one fails the call at once with `retryAfterInMs` set on the error.
   */
  maxRetryAfterInMs?: number | undefined;
  /** Replaces the wait between attempts: tests pass one that records delays. */
  sleep?: ((delayInMs: number, abortSignal?: AbortSignal) => Promise<void>) | undefined;
  /** Replaces `Math.random` in the jitter: tests pass a constant. */
  random?: (() => number) | undefined;
}

export const DEFAULT_RETRY_OPTIONS = {
  maxRetries: 4,
  retryDelayInMs: 1000,
  maxRetryDelayInMs: 30_000,
  maxRetryAfterInMs: 60_000,
} as const;

/** The statuses retried: throttling and the transient server errors. 501 and 505 are not transient. */
export const RETRIABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/**
 * The back-off before retry number `attempt + 1`: exponential from `retryDelayInMs`, capped at
 * `maxRetryDelayInMs`, with "equal jitter" (half fixed, half random) so that clients throttled
 * together do not come back together.
 *
 * @example
 * ```ts
 * computeRetryDelay(2, { retryDelayInMs: 1000, maxRetryDelayInMs: 30_000 }, () => 0.5); // 3000
 * ```
 */
export function computeRetryDelay(
  attempt: number,
  options: { retryDelayInMs: number; maxRetryDelayInMs: number },
  random: () => number = Math.random,
): number {
  const exponential = Math.min(options.maxRetryDelayInMs, options.retryDelayInMs * 2 ** attempt);
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/**
 * Retries a call on 429 (waiting out `Retry-After`, in seconds or as an HTTP date), on 500, 502,
 * 503 and 504, and on network failures. It repeats the very same request, so `MS-RequestId`
 * (set by the request-id policy outside this one) stays the same across attempts. Aborted and
 * timed-out calls are not retried. When retries run out it returns the last response (which
 * the client turns into a PartnerCenterError) or rethrows the last network error.
 *
 * The official .NET SDK does not retry 429 at all; Partner Center's throttling guidance asks
 * clients to honour `Retry-After`, which this does, with jitter and a cap.
 *
 * @example
 * ```ts
 * client.pipeline.replacePolicy('retryPolicy', retryPolicy({ maxRetries: 8, maxRetryAfterInMs: 120_000 }));
 * ```
 */
export function retryPolicy(options: RetryOptions = {}, logger?: PartnerCenterLogger): PipelinePolicy {
  const maxRetries = options.maxRetries ?? DEFAULT_RETRY_OPTIONS.maxRetries;
  const delays = {
    retryDelayInMs: options.retryDelayInMs ?? DEFAULT_RETRY_OPTIONS.retryDelayInMs,
    maxRetryDelayInMs: options.maxRetryDelayInMs ?? DEFAULT_RETRY_OPTIONS.maxRetryDelayInMs,
  };
  const maxRetryAfterInMs = options.maxRetryAfterInMs ?? DEFAULT_RETRY_OPTIONS.maxRetryAfterInMs;
  const wait = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;

  return {
    name: 'retryPolicy',
    async sendRequest(request, next) {
      for (let attempt = 0; ; attempt++) {
        request.attempt = attempt;
        let response: PipelineResponse;
        let delayInMs: number;
        let reason: 'throttled' | 'server-error' | 'network-error';
        try {
          response = await next(request);
        } catch (error) {
          if (isAbortError(error) || request.abortSignal?.aborted) throw error;
          if (!isRetriableError(error) || attempt >= maxRetries) throw error;
          delayInMs = computeRetryDelay(attempt, delays, random);
          reason = 'network-error';
          log(logger, request, attempt, reason, undefined, delayInMs);
          await wait(delayInMs, request.abortSignal);
          continue;
        }

        if (!RETRIABLE_STATUSES.has(response.status) || attempt >= maxRetries) return response;
        const retryAfterInMs = retryAfterFromResponse(
          response.status,
          response.headers,
          response.status === 429 ? parseJsonOrText(response.bodyText) : undefined,
        );
        if (retryAfterInMs !== undefined) {
          // Waiting longer than the caller allowed is worse than failing now with the delay in hand.
          if (retryAfterInMs > maxRetryAfterInMs) return response;
          delayInMs = retryAfterInMs;
        } else {
          delayInMs = computeRetryDelay(attempt, delays, random);
        }
        reason = response.status === 429 ? 'throttled' : 'server-error';
        log(logger, request, attempt, reason, response.status, delayInMs);
        await wait(delayInMs, request.abortSignal);
      }
    },
  };
}

/** Network failures, and token endpoint failures that are transient (unreachable, 429, 5xx). */
function isRetriableError(error: unknown): boolean {
  if (isNetworkError(error)) return true;
  if (error instanceof AuthenticationError) {
    // No status and a cause: the token endpoint was unreachable. No status and no cause: the
    // credential answered with no token, which a retry will not change.
    if (error.statusCode === undefined) return error.cause !== undefined;
    return RETRIABLE_STATUSES.has(error.statusCode);
  }
  return false;
}

function log(
  logger: PartnerCenterLogger | undefined,
  request: { method: string; url: string; headers: Headers },
  attempt: number,
  reason: 'throttled' | 'server-error' | 'network-error',
  status: number | undefined,
  delayInMs: number,
): void {
  if (!logger) return;
  safeLog(logger, {
    type: 'retry',
    method: request.method,
    url: request.url,
    attempt,
    requestId: request.headers.get(HEADERS.requestId) ?? undefined,
    correlationId: request.headers.get(HEADERS.correlationId) ?? undefined,
    reason,
    status,
    delayInMs,
  });
}
