import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { JOURNAL_TEXT_COLUMNS, journalBatchParameters } from './journal-batch.js';
import type { NewJournalRow as JournalRow } from './schema.js';

/** What the statement reads back: PostgreSQL's `substring(texts from start for length)` of each value, as UTF-8. */
function decode({ texts, starts, lengths }: { texts: Buffer; starts: string; lengths: string }): (string | null)[] {
  const list = (literal: string) => (literal === '{}' ? [] : literal.slice(1, -1).split(','));
  const lengthList = list(lengths);
  return list(starts).map((start, i) => {
    const length = lengthList[i];
    if (start === 'NULL' || length === undefined || length === 'NULL') return null;
    const from = Number(start) - 1;
    return texts.subarray(from, from + Number(length)).toString('utf8');
  });
}

function row(text: string | null, n = 0): JournalRow {
  return {
    id: `id${n}`,
    at: Date.UTC(2026, 11, 1) + n,
    duration_ms: 0.125 * n,
    method: 'GET',
    path: `/v1/customers/${n}`,
    query: '',
    status: 200 + n,
    partner_id: n % 2 ? null : 'p',
    request_id: `r${n}`,
    correlation_id: null,
    server_id: '1',
    request_body: text,
    response_body: text === null ? null : `{"body":${JSON.stringify(text)}}`,
  };
}

/** A string as the database keeps it: what its UTF-8 encoding reads back as (a lone surrogate is U+FFFD). */
const stored = (text: string | null) => (text === null ? null : Buffer.from(text).toString('utf8'));

function expectRoundTrip(rows: JournalRow[]) {
  const p = journalBatchParameters(rows);
  expect(decode(p)).toEqual(rows.flatMap((r) => JOURNAL_TEXT_COLUMNS.map((column) => stored(r[column]))));
  expect(p.at).toBe(`{${rows.map((r) => r.at).join(',')}}`);
  expect(p.duration_ms).toBe(`{${rows.map((r) => r.duration_ms).join(',')}}`);
  expect(p.status).toBe(`{${rows.map((r) => r.status).join(',')}}`);
}

describe('journalBatchParameters', () => {
  it.each([
    ['plain JSON, quotes and backslashes', '{"a":"\\"b\\" \\\\ c"}'],
    ['an empty text', ''],
    ['a null', null],
    ['two-byte characters', 'café, naïve'],
    ['three-byte characters', '€ ₹ 漢字'],
    ['a surrogate pair (four bytes)', 'a 😀 b'],
    ['a lone surrogate (sent as U+FFFD)', 'a\ud800b'],
    ['commas and braces, which array literals would quote', '{a,b},{"c"}'],
  ])('%s: every value cut back out of the bytes as it went in', (_, text) => {
    expectRoundTrip([row(text, 0), row(text, 1), row('after', 2)]);
  });

  it('any batch of any strings', () => {
    const text = fc.oneof(fc.constant(null), fc.string({ unit: 'binary' }), fc.string());
    fc.assert(
      fc.property(fc.array(fc.tuple(text, fc.nat(1000)), { maxLength: 10 }), (batch) =>
        expectRoundTrip(batch.map(([t, n]) => row(t, n))),
      ),
      { numRuns: 50 },
    );
  });

  it('keeps nothing of the buffer beyond the values it holds', () => {
    const p = journalBatchParameters([row('é', 0)]);
    const expected = JOURNAL_TEXT_COLUMNS.map((c) => row('é', 0)[c] ?? '').join('');
    expect(p.texts.toString('utf8')).toBe(expected);
  });
});
