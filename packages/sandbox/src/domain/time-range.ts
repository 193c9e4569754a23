/**
 * @module The instants `/v1` can represent. Dates go out as RFC 3339, whose years have four
 * digits: `toISOString()` writes years past 9999 in the extended form (`+041930-05-29T…`) and
 * throws beyond ±8.64e15 ms, which once turned a snapshot's `createdAt: 1e300` into lasting 500s.
 * Stored instants that later dates are computed from (an order's creation, plus a term of up to
 * three years; the clock, plus a cancellation delay) stay before year 9000, so every derived
 * date keeps four digits; end dates that are shown as they are may reach the end of 9999 (the
 * docs' usage-based subscriptions end on 9999-12-10).
 */

/** 9000-01-01T00:00:00Z: the latest instant the sandbox clock may read or a record start at. */
export const LATEST_INSTANT_MS = Date.UTC(9000, 0, 1);
/** 9999-12-31T23:59:59.999Z: the latest end date RFC 3339 can write. */
export const LATEST_END_MS = Date.UTC(10_000, 0, 1) - 1;

/** An instant `/v1` computes with: a whole number of ms from 1970 to {@link LATEST_INSTANT_MS}. */
export function isRepresentableInstant(ms: number): boolean {
  return Number.isSafeInteger(ms) && ms >= 0 && ms <= LATEST_INSTANT_MS;
}

/** An end date `/v1` only shows: from 1970 to the end of year 9999. */
export function isRepresentableEnd(ms: number): boolean {
  return Number.isSafeInteger(ms) && ms >= 0 && ms <= LATEST_END_MS;
}

/**
 * The largest clock offset that keeps the sandbox clock at or before {@link LATEST_INSTANT_MS}
 * at real time `nowMs`. Real time moves on, so an offset at the limit today leaves the clock a
 * thousand years of margin before dates lose their four-digit years.
 */
export function maxClockOffsetMs(nowMs: number): number {
  return LATEST_INSTANT_MS - nowMs;
}

/** Whether the clock may be set to `offsetMs` (never backwards of real time: it only advances). */
export function isAllowedClockOffset(offsetMs: number, nowMs: number): boolean {
  return Number.isSafeInteger(offsetMs) && offsetMs >= 0 && offsetMs <= maxClockOffsetMs(nowMs);
}
