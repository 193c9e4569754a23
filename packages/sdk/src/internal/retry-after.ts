/** @module Reading how long Partner Center asks a client to wait. */
import { HEADERS } from '@partnerbox/contract/types';
import { getPropertyIgnoreCase, isRecord } from './json.js';

/**
 * Parses `Retry-After`, given either as delay-seconds (what Partner Center's gateway sends,
 * e.g. `Retry-After: 57`) or as an HTTP date. Returns milliseconds, or undefined.
 */
function parseRetryAfter(value: string | null | undefined, nowInMs = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowInMs);
}

/**
 * The wait a response asks for: the `Retry-After` header, or, for a throttled response that
 * lost the header on the way (some proxies drop it), the "Try again in 57 seconds." in the
 * gateway's `{statusCode, message}` body.
 */
export function retryAfterFromResponse(status: number, headers: Headers, body: unknown): number | undefined {
  const fromHeader = parseRetryAfter(headers.get(HEADERS.retryAfter));
  if (fromHeader !== undefined) return fromHeader;
  if (status !== 429 || !isRecord(body)) return undefined;
  const message = getPropertyIgnoreCase(body, 'message');
  if (typeof message !== 'string') return undefined;
  const match = /try again in (\d+(?:\.\d+)?) seconds?/i.exec(message);
  return match?.[1] === undefined ? undefined : Math.round(Number(match[1]) * 1000);
}
