import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Doorkeeper, LruCache } from './lru-cache.js';

describe('LruCache', () => {
  it('evicts the least recently used entry, one at a time', () => {
    const cache = new LruCache<string, number>(3);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('d', 4); // b goes
    expect(cache.keys()).toEqual(['c', 'a', 'd']);
    expect(cache.get('b')).toBeUndefined();
    cache.set('c', 30); // an update refreshes too
    cache.set('e', 5); // a goes
    expect(cache.keys()).toEqual(['d', 'c', 'e']);
    expect(cache.get('c')).toBe(30);
    cache.delete('d');
    expect(cache.size).toBe(2);
  });

  it('holds exactly what a reference model of recency holds, whatever the operations', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('get' as const), key: fc.nat(9) }),
      fc.record({ kind: fc.constant('set' as const), key: fc.nat(9), value: fc.integer() }),
      fc.record({ kind: fc.constant('delete' as const), key: fc.nat(9) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(op, { maxLength: 60 }), (limit, ops) => {
        const cache = new LruCache<number, number>(limit);
        // The model: keys oldest first, values by key.
        let order: number[] = [];
        const values = new Map<number, number>();
        for (const o of ops) {
          if (o.kind === 'get') {
            expect(cache.get(o.key)).toBe(values.get(o.key));
            if (values.has(o.key)) order = [...order.filter((k) => k !== o.key), o.key];
          } else if (o.kind === 'set') {
            cache.set(o.key, o.value);
            values.set(o.key, o.value);
            order = [...order.filter((k) => k !== o.key), o.key];
            if (order.length > limit) values.delete(order.shift() as number);
          } else {
            cache.delete(o.key);
            values.delete(o.key);
            order = order.filter((k) => k !== o.key);
          }
          expect(cache.keys()).toEqual(order);
        }
      }),
    );
  });

  it('refuses a limit below one', () => {
    expect(() => new LruCache(0)).toThrow();
  });
});

describe('Doorkeeper', () => {
  it('says a key was asked for before from its second time on, within the keys it remembers', () => {
    const door = new Doorkeeper<string>(3);
    expect(door.askedBefore('a')).toBe(false);
    expect(door.askedBefore('a')).toBe(true);
    expect(door.askedBefore('b')).toBe(false);
    expect(door.askedBefore('c')).toBe(false);
    expect(door.askedBefore('d')).toBe(false); // a, the oldest, is forgotten
    expect(door.askedBefore('a')).toBe(false);
    expect(door.askedBefore('d')).toBe(true);
    door.clear();
    expect(door.askedBefore('d')).toBe(false);
    expect(() => new Doorkeeper(0)).toThrow();
  });
});
