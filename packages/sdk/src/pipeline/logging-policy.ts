/** @module A logging hook: one entry per attempt, retry and failure, with credentials redacted. */
import { HEADERS } from '@partnerbox/contract/types';
import type { PipelinePolicy } from './pipeline.js';
import { redactHeaders } from '../internal/redact.js';

interface LogEntryBase {
  method: string;
  url: string;
  /** 0 for the first attempt of a call. */
  attempt: number;
  requestId: string | undefined;
  correlationId: string | undefined;
}

/** What the logging hook receives. Headers never contain the bearer token. */
export type PartnerCenterLogEntry =
  | (LogEntryBase & { type: 'request'; headers: Record<string, string> })
  | (LogEntryBase & { type: 'response'; status: number; durationInMs: number })
  | (LogEntryBase & { type: 'error'; error: unknown; durationInMs: number })
  | (LogEntryBase & {
      type: 'retry';
      reason: 'throttled' | 'server-error' | 'network-error';
      status: number | undefined;
      delayInMs: number;
    });

export type PartnerCenterLogger = (entry: PartnerCenterLogEntry) => void;

/**
 * Reports each attempt to `logger`. Placed innermost (after auth) so it sees every retry and
 * the headers actually sent, which it redacts.
 *
 * @example
 * ```ts
 * const client = new PartnerCenterClient({
 *   credential,
 *   logger: (entry) => {
 *     if (entry.type === 'response') console.error(entry.method, entry.url, entry.status, entry.durationInMs);
 *   },
 * });
 * ```
 */
export function loggingPolicy(logger: PartnerCenterLogger | undefined): PipelinePolicy {
  return {
    name: 'loggingPolicy',
    async sendRequest(request, next) {
      if (!logger) return next(request);
      const base: LogEntryBase = {
        method: request.method,
        url: request.url,
        attempt: request.attempt,
        requestId: request.headers.get(HEADERS.requestId) ?? undefined,
        correlationId: request.headers.get(HEADERS.correlationId) ?? undefined,
      };
      safeLog(logger, { ...base, type: 'request', headers: redactHeaders(request.headers) });
      const started = performance.now();
      try {
        const response = await next(request);
        safeLog(logger, {
          ...base,
          type: 'response',
          status: response.status,
          durationInMs: Math.round(performance.now() - started),
        });
        return response;
      } catch (error) {
        safeLog(logger, { ...base, type: 'error', error, durationInMs: Math.round(performance.now() - started) });
        throw error;
      }
    },
  };
}

/** A broken logger must not break the call it observes. */
export function safeLog(logger: PartnerCenterLogger | undefined, entry: PartnerCenterLogEntry): void {
  try {
    logger?.(entry);
  } catch {
    // ignored on purpose
  }
}
