import { describe, expect, it } from 'vitest';
import {
  isAllowedClockOffset,
  isRepresentableEnd,
  isRepresentableInstant,
  LATEST_END_MS,
  LATEST_INSTANT_MS,
  maxClockOffsetMs,
} from './time-range.js';

const NOW = Date.UTC(2026, 11, 1);
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('the instants /v1 can represent', () => {
  it.each([
    [0, true, true],
    [NOW, true, true],
    [LATEST_INSTANT_MS, true, true],
    [LATEST_INSTANT_MS + 1, false, true],
    [Date.UTC(9999, 11, 10), false, true],
    [LATEST_END_MS, false, true],
    [LATEST_END_MS + 1, false, false],
    [-1, false, false],
    [1.5, false, false],
    [1e300, false, false],
    [8.64e15 + 1, false, false],
    [Number.NaN, false, false],
    [Number.POSITIVE_INFINITY, false, false],
  ])('%d: an instant %s, an end %s', (ms, instant, end) => {
    expect(isRepresentableInstant(ms)).toBe(instant);
    expect(isRepresentableEnd(ms)).toBe(end);
  });

  it('writes every representable end date, and three years after every instant, in RFC 3339', () => {
    for (const ms of [0, LATEST_INSTANT_MS, LATEST_INSTANT_MS + 3 * 366 * 86_400_000, LATEST_END_MS])
      expect(new Date(ms).toISOString()).toMatch(RFC_3339);
    expect(new Date(LATEST_END_MS + 1).toISOString()).not.toMatch(RFC_3339);
  });

  it.each([
    [0, true],
    [maxClockOffsetMs(NOW), true],
    [maxClockOffsetMs(NOW) + 1, false],
    [-1_000, false],
    [0.5, false],
    [1e300, false],
  ])('a clock offset of %d ms is allowed: %s', (offset, allowed) => {
    expect(isAllowedClockOffset(offset, NOW)).toBe(allowed);
  });
});
