/**
 * @module A batch of request-journal rows as PostgreSQL parameters, and the one statement of
 * fixed text that inserts them and trims the oldest. Every text value of the batch goes in one
 * binary parameter, its UTF-8 bytes back to back, cut apart by the statement with the starts and
 * lengths sent beside it: nothing is escaped. As arrays of text (one per column), `pg` escaped
 * every quote of every answer (a customer's 1.2 KB of JSON holds ~150) into an array literal,
 * and the batch cost a GET ~25 µs of CPU under load (docs/benchmarks.md, "The journal on
 * PostgreSQL").
 */
import type { NewJournalRow as JournalRow } from './schema.js';

type TextColumn = {
  [K in keyof JournalRow]: JournalRow[K] extends string | null ? K : never;
}[keyof JournalRow];

/** The text columns, in the order their values lie in the batch's bytes. */
export const JOURNAL_TEXT_COLUMNS = [
  'id',
  'method',
  'path',
  'query',
  'partner_id',
  'request_id',
  'correlation_id',
  'server_id',
  'request_body',
  'response_body',
] as const satisfies readonly TextColumn[];

/** The other columns, each an array parameter of its SQL type. */
const NUMBER_COLUMNS = [
  ['at', 'bigint'],
  ['duration_ms', 'double precision'],
  ['status', 'integer'],
] as const satisfies readonly (readonly [Exclude<keyof JournalRow, TextColumn>, string])[];

/** Parameters of {@link APPEND_JOURNAL_BATCH}, in order, before `keep`. */
export interface JournalBatchParameters {
  /** Every text value, UTF-8, row after row and column after column. */
  texts: Buffer;
  /** Array literals: each text value's 1-based byte offset in `texts` and its byte length (NULL for a null value). */
  starts: string;
  lengths: string;
  /** Array literals of the number columns, one element a row. */
  at: string;
  duration_ms: string;
  status: string;
}

const TEXT_COUNT = JOURNAL_TEXT_COLUMNS.length;

const textValue = (i: number) =>
  `convert_from(substring(b.texts from b.starts[(r - 1) * ${TEXT_COUNT} + ${i + 1}] for b.lengths[(r - 1) * ${TEXT_COUNT} + ${i + 1}]), 'UTF8')`;

const columnValue = (name: keyof JournalRow): string => {
  const text = (JOURNAL_TEXT_COLUMNS as readonly string[]).indexOf(name);
  return text >= 0 ? textValue(text) : `b.${name}[r]`;
};

const INSERTED_COLUMNS: readonly (keyof JournalRow)[] = [
  ...JOURNAL_TEXT_COLUMNS,
  ...NUMBER_COLUMNS.map(([name]) => name),
];

/**
 * The batch and the trim, one statement: oldest out below the newest `keep` seqs, the newest
 * being this batch's or another instance's committed before it. Rows are inserted in the
 * batch's order, so insertion order is recording order. `substring` of a NULL length is NULL.
 */
export const APPEND_JOURNAL_BATCH = `with b as (
    select $1::bytea as texts, $2::integer[] as starts, $3::integer[] as lengths,
      ${NUMBER_COLUMNS.map(([name, type], i) => `$${i + 4}::${type}[] as ${name}`).join(', ')}),
  added as (
    insert into request_journal (${INSERTED_COLUMNS.join(', ')})
    select ${INSERTED_COLUMNS.map(columnValue).join(',\n      ')}
    from b, generate_subscripts(b.at, 1) as r
    order by r
    returning seq)
  delete from request_journal
  where seq <= greatest((select max(seq) from request_journal), (select max(seq) from added)) - $${NUMBER_COLUMNS.length + 4}`;

/**
 * The rows as {@link APPEND_JOURNAL_BATCH}'s parameters. A JS string is written as its UTF-8
 * bytes (a lone surrogate as U+FFFD, as `pg` sends any text), so lengths are counted in bytes.
 */
export function journalBatchParameters(rows: readonly JournalRow[]): JournalBatchParameters {
  let bound = 0;
  for (const row of rows) for (const column of JOURNAL_TEXT_COLUMNS) bound += row[column]?.length ?? 0;
  // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, two units, is 4).
  const texts = Buffer.allocUnsafe(3 * bound);
  const starts: (number | 'NULL')[] = [];
  const lengths: (number | 'NULL')[] = [];
  let offset = 0;
  for (const row of rows)
    for (const column of JOURNAL_TEXT_COLUMNS) {
      const value = row[column];
      if (value === null) {
        starts.push('NULL');
        lengths.push('NULL');
        continue;
      }
      const written = texts.write(value, offset);
      starts.push(offset + 1);
      lengths.push(written);
      offset += written;
    }
  const literal = (values: readonly (number | string)[]) => `{${values.join(',')}}`;
  return {
    texts: texts.subarray(0, offset),
    starts: literal(starts),
    lengths: literal(lengths),
    at: literal(rows.map((row) => row.at)),
    duration_ms: literal(rows.map((row) => row.duration_ms)),
    status: literal(rows.map((row) => row.status)),
  };
}

/** The statement's parameter list for `rows`, keeping the newest `keep` entries. */
export function appendJournalValues(rows: readonly JournalRow[], keep: number): unknown[] {
  const p = journalBatchParameters(rows);
  return [p.texts, p.starts, p.lengths, p.at, p.duration_ms, p.status, keep];
}
