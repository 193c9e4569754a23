/**
 * @module Many customers at once, in bounded memory: buffered multi-row inserts of whole
 * aggregates (parents flushed before children), and keyset-paged reads of a table in a stable
 * order, for the large sandboxes of issue 11 (server-side generation, streamed snapshots).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { CustomerAggregate, CustomerChildren } from '../domain/records.js';
import { CHILD_COLLECTIONS, type ChildKey, type ChildRecord, type ChildTable } from './child-collections.js';
import { customerFromRow, customerToRow } from './mappers.js';
import type { RowTemplate } from './row-template.js';
import type { CustomersTable, Database } from './schema.js';
import { classifyDriverError } from './store-errors.js';

/**
 * Rows per statement: under SQLite's bound-parameter cap (32,766) and PostgreSQL's (65,535) for
 * the widest table, and few enough statements that 1,000,000 customers load in well under a minute.
 */
const ROWS_PER_INSERT = 200;

/**
 * Rows per statement on the SQLite connection itself: values bound by position, 50 rows at a
 * time, cost a third less than a prepared single-row insert bound by name (measured on the
 * 600,000 rows of a 200,000-customer import: 7.0 → 4.8 s of CPU), well below SQLite's bound-parameter cap.
 */
const ROWS_PER_RAW_INSERT = 50;

/**
 * Aggregates, buffered per table and written in multi-row inserts: customers, then each child
 * table. On SQLite, `raw` is the connection the caller's transaction runs on (held by it): rows
 * then go through inserts prepared there once per table (see `ROWS_PER_RAW_INSERT`), which cost
 * a fraction of compiling a many-row insert through Kysely (a million customers load in
 * seconds, not minutes).
 */
export class AggregateWriter {
  readonly #db: Kysely<Database>;
  readonly #raw: BetterSqlite3.Database | undefined;
  readonly #statements = new Map<string, BetterSqlite3.Statement>();
  #customers: CustomersTable[] = [];
  #children = new Map<ChildTable, unknown[]>();
  #buffered = 0;

  constructor(db: Kysely<Database>, raw?: BetterSqlite3.Database) {
    this.#db = db;
    this.#raw = raw;
  }

  /** Rows mapped already (`rowBatches`), written at once, parents first as the batch lists them. */
  async addRows(batch: TableRows): Promise<void> {
    for (const { table, columns, values } of batch) {
      const raw = this.#raw;
      if (raw) this.#insertValues(raw, table, columns, values);
      else {
        const rows: Record<string, unknown>[] = [];
        for (let i = 0; i < values.length; i += columns.length)
          rows.push(Object.fromEntries(columns.map((c, j) => [c, values[i + j]])));
        await insertChunked(this.#db, table, rows);
      }
    }
  }

  /** A generated customer: its prototype's rows with its own seq and slot values. */
  async addGenerated(template: RowTemplate, seq: number, values: readonly string[]): Promise<void> {
    for (const { table, row } of template.rows(seq, values)) {
      if (table === 'customers') this.#customers.push(row as unknown as CustomersTable);
      else {
        const rows = this.#children.get(table) ?? [];
        rows.push(row);
        this.#children.set(table, rows);
      }
      this.#buffered += 1;
    }
    if (this.#buffered >= ROWS_PER_BATCH) await this.flush();
  }

  /** Writes what is buffered, parents before the children that name them. */
  async flush(): Promise<void> {
    await this.#insert('customers', this.#customers);
    this.#customers = [];
    for (const c of CHILD_COLLECTIONS) {
      const rows = this.#children.get(c.table);
      if (rows) await this.#insert(c.table, rows);
    }
    this.#children = new Map();
    this.#buffered = 0;
  }

  async #insert(table: keyof Database, rows: readonly unknown[]): Promise<void> {
    const raw = this.#raw;
    if (!raw) return insertChunked(this.#db, table, rows);
    const first = rows[0] as Record<string, unknown> | undefined;
    if (!first) return;
    // Every row of a table comes from one mapper (or one template), with the same columns.
    const columns = Object.keys(first);
    const values: unknown[] = [];
    for (const row of rows as Record<string, unknown>[]) for (const column of columns) values.push(row[column]);
    this.#insertValues(raw, table, columns, values);
  }

  /** Rows given as one flat list of values, `ROWS_PER_RAW_INSERT` to a statement. */
  #insertValues(raw: BetterSqlite3.Database, table: string, columns: string[], values: readonly unknown[]): void {
    const perStatement = ROWS_PER_RAW_INSERT * columns.length;
    for (let i = 0; i < values.length; i += perStatement) {
      const part = values.slice(i, i + perStatement);
      try {
        this.#rawInsert(raw, table, columns, part.length / columns.length).run(part);
      } catch (error) {
        // Outside Kysely, so outside the classifying dialect: a duplicate is a ConstraintViolation here too.
        throw classifyDriverError(error);
      }
    }
  }

  /** An insert of `count` rows of `columns`, values bound by position (prepared once per shape). */
  #rawInsert(raw: BetterSqlite3.Database, table: string, columns: string[], count: number): BetterSqlite3.Statement {
    const key = `${table}(${columns.join(',')})x${count}`;
    let statement = this.#statements.get(key);
    if (!statement) {
      // Table and column names come from the schema's own row mappers, never from input.
      const row = `(${columns.map(() => '?').join(', ')})`;
      statement = raw.prepare(
        `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${Array.from({ length: count }, () => row).join(', ')}`,
      );
      this.#statements.set(key, statement);
    }
    return statement;
  }
}

/**
 * Rows for some customers' aggregates, by table: customers, then each child table in
 * `CHILD_COLLECTIONS`' order, so that parents are written before the children naming them.
 * Each table's rows are one flat list of values, row after row in `columns`' order: plain data
 * that a worker thread maps and hands over (objects, each with its property names, cost the
 * worker as much to send as the mapping itself).
 */
export type TableRows = { table: 'customers' | ChildTable; columns: string[]; values: unknown[] }[];

/** Rows in one batch, every table together: what `AggregateWriter` wrote between flushes. */
export const ROWS_PER_BATCH = ROWS_PER_INSERT * 4;

type ToRow = (record: never) => object;

/** The aggregates' rows, a batch of about `ROWS_PER_BATCH` rows at a time. */
export async function* rowBatches(aggregates: AsyncIterable<CustomerAggregate>): AsyncGenerator<TableRows> {
  const mappers: (readonly [TableRows[number]['table'], ToRow, (a: CustomerAggregate) => readonly unknown[]])[] = [
    ['customers', customerToRow, (a) => [a.customer]],
    ...CHILD_COLLECTIONS.map((c) => [c.table, c.toRow as ToRow, (a: CustomerAggregate) => a[c.key]] as const),
  ];
  let batch: TableRows = [];
  let count = 0;
  for await (const aggregate of aggregates) {
    for (const [i, [table, toRow, records]] of mappers.entries())
      for (const record of records(aggregate)) {
        const row = toRow(record as never);
        const rows = (batch[i] ??= { table, columns: Object.keys(row), values: [] });
        for (const value of Object.values(row)) rows.values.push(value);
        count += 1;
      }
    if (count < ROWS_PER_BATCH) continue;
    yield batch.filter(Boolean);
    batch = [];
    count = 0;
  }
  if (count > 0) yield batch.filter(Boolean);
}

async function insertChunked(db: Kysely<Database>, table: keyof Database, rows: readonly unknown[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + ROWS_PER_INSERT) as never)
      .execute();
}

/** Customers per page of a keyset-paged read: one query per page, each a few hundred KB. */
export const EXPORT_PAGE = 1_000;

/** Every customer, by partner then paging number, a page at a time. */
export async function* customerPages(db: Kysely<Database>): AsyncGenerator<CustomerAggregate['customer'][]> {
  let after: { partnerId: string; seq: number } | undefined;
  for (;;) {
    let query = db.selectFrom('customers').selectAll();
    if (after) {
      const { partnerId, seq } = after;
      // A row value, which both stores read as a range of the (partner_id, seq) index: spelt as
      // `a > x or (a = x and b > y)`, SQLite scanned the index from its start for every page,
      // so that an export's time grew with the square of the customers (146 s of CPU at 1M).
      query = query.where((eb) => eb(eb.refTuple('partner_id', 'seq'), '>', eb.tuple(partnerId, seq)));
    }
    const rows = await query.orderBy('partner_id').orderBy('seq').limit(EXPORT_PAGE).execute();
    if (rows.length === 0) return;
    const page = rows.map(customerFromRow);
    yield page;
    const last = page.at(-1);
    if (!last || rows.length < EXPORT_PAGE) return;
    after = { partnerId: last.partnerId, seq: last.seq };
  }
}

/** The children of a page of customers, by customer, each collection oldest first. */
export async function childrenOf(
  db: Kysely<Database>,
  customerIds: readonly string[],
): Promise<Map<string, CustomerChildren>> {
  const byCustomer = new Map<string, CustomerChildren>();
  for (const id of customerIds) byCustomer.set(id, emptyChildren());
  if (customerIds.length === 0) return byCustomer;
  const { table, ref } = db.dynamic;
  for (const c of CHILD_COLLECTIONS) {
    let query = db
      .selectFrom(table(c.table).as('t'))
      .selectAll()
      .where(ref('customer_id'), 'in', [...customerIds]);
    for (const column of c.snapshotOrder) query = query.orderBy(ref(column));
    const rows: { id: string; customer_id: string }[] = await query.execute();
    for (const row of rows) {
      const children = byCustomer.get(row.customer_id);
      const record = (c.fromRow as (r: unknown) => ChildRecord<ChildKey>)(row);
      if (children) (children[c.key] as ChildRecord<ChildKey>[]).push(record);
    }
  }
  return byCustomer;
}

export function emptyChildren(): CustomerChildren {
  const children: Record<string, unknown[]> = {};
  for (const c of CHILD_COLLECTIONS) children[c.key] = [];
  return children as unknown as CustomerChildren;
}

/**
 * One child table's rows in its snapshot order, a page at a time (keyset on the order's columns,
 * whose last is always the id, so pages never overlap).
 */
export async function* childPages(db: Kysely<Database>, key: ChildKey): AsyncGenerator<ChildRecord<ChildKey>[]> {
  const c = CHILD_COLLECTIONS.find((x) => x.key === key);
  if (!c) return;
  const { table, ref } = db.dynamic;
  const columns = c.snapshotOrder as readonly string[];
  let after: unknown[] | undefined;
  for (;;) {
    let query = db.selectFrom(table(c.table).as('t')).selectAll();
    if (after) {
      const bound = after;
      query = query.where((eb) =>
        eb.or(
          columns.map((column, i) =>
            eb.and([
              ...columns.slice(0, i).map((prev, j) => eb(ref(prev), '=', bound[j])),
              eb(ref(column), '>', bound[i]),
            ]),
          ),
        ),
      );
    }
    for (const column of columns) query = query.orderBy(ref(column));
    const rows: Record<string, unknown>[] = await query.limit(EXPORT_PAGE).execute();
    if (rows.length === 0) return;
    yield rows.map((row) => (c.fromRow as (r: unknown) => ChildRecord<ChildKey>)(row));
    const last = rows.at(-1);
    if (!last || rows.length < EXPORT_PAGE) return;
    after = columns.map((column) => last[column]);
  }
}
