import { describe, expect, it } from 'vitest';
import { newOrderedGuid, newOrderedOrderId, newPooledAlternateId, ORDER_ID } from './ids.js';

const GUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ordered ids for generation', () => {
  it.each([
    ['GUIDs', newOrderedGuid, GUID_V7, 36],
    ['order ids', newOrderedOrderId, ORDER_ID, 33],
  ] as const)(
    '%s keep their shape and sort in the order they were made, within a millisecond too',
    (_n, make, shape, length) => {
      // 10,000 in one frozen millisecond: past the 4096 a counter holds, so the stamp borrows ahead.
      const frozen = 1_796_000_000_000;
      const ids = [
        ...Array.from({ length: 10_000 }, () => make(frozen)),
        ...Array.from({ length: 100 }, (_, i) => make(frozen + 10 + i)),
      ];
      for (const id of ids) {
        expect(id).toMatch(shape);
        expect(id).toHaveLength(length);
      }
      expect(new Set(ids).size).toBe(ids.length);
      // Code point order, which is how SQLite's and PostgreSQL's "C" indexes compare them.
      const sorted = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(sorted).toEqual(ids);
    },
  );

  it('order ids end in 1, as Partner Center shows them', () => {
    expect(newOrderedOrderId().endsWith('1')).toBe(true);
  });

  it('keeps the clock from going back: a later call with an earlier time still sorts after', () => {
    const later = newOrderedGuid(1_900_000_000_000);
    expect(newOrderedGuid(1_800_000_000_000) > later).toBe(true);
  });

  it('alternate ids are 12 hex digits and differ', () => {
    const ids = Array.from({ length: 2_000 }, newPooledAlternateId);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
