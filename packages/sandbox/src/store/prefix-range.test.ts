import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { prefixRange } from './prefix-range.js';

describe('prefixRange', () => {
  it.each([
    ['ab', 'ab', 'ac'],
    ['a%', 'a%', 'a&'],
    ['a_', 'a_', 'a`'],
    ['a\\', 'a\\', 'a]'],
    ['é', 'é', 'ê'],
    ['a\ud7ff', 'a\ud7ff', 'a\ue000'], // past the surrogates
    ['😀', '😀', '😁'],
    ['a\u{10ffff}', 'a\u{10ffff}', 'b'], // the maximal code point has no successor: raise the one before
    ['\u{10ffff}\u{10ffff}', '\u{10ffff}\u{10ffff}', undefined],
    ['a\ud800', 'a\ufffd', 'a\ufffe'], // a lone surrogate is stored as U+FFFD
    ['', '', undefined],
  ])('%j → [%j, %j)', (prefix, from, below) => {
    expect(prefixRange(prefix)).toEqual({ from: expect.any(String), below });
    expect(prefixRange(prefix).from).toBe(from);
  });

  // Code point order is what SQLite's BINARY and PostgreSQL's "C" compare UTF-8 by: byte order.
  const utf8Less = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b)) < 0;

  it('holds exactly the strings that start with the prefix, in UTF-8 byte order', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 4 });
    const edgy = fc
      .array(fc.constantFrom('a', '%', '\u{10ffff}', '\ud7ff', '\ue000', '😀', 'z'), { maxLength: 4 })
      .map((c) => c.join(''));
    fc.assert(
      fc.property(fc.oneof(text, edgy), fc.oneof(text, edgy), (prefix, tail) => {
        for (const value of [prefix + tail, tail, tail + prefix]) {
          const { from, below } = prefixRange(prefix);
          const inRange = !utf8Less(value, from) && (below === undefined || utf8Less(value, below));
          expect(inRange).toBe(value.startsWith(prefix));
        }
      }),
      { numRuns: 2000 },
    );
  });
});
