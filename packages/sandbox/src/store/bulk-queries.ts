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
 * Aggregates, buffered per table and written in multi-row inserts: customers, then each child
 * table. On SQLite, `raw` is the connection the caller's transaction runs on (held by it): rows
 * then go through one prepared single-row insert per table, which costs a fraction of compiling
 * a many-row insert through Kysely (a million customers load in seconds, not minutes).
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

  async add(aggregate: CustomerAggregate): Promise<void> {
    this.#customers.push(customerToRow(aggregate.customer));
    this.#buffered += 1;
    for (const c of CHILD_COLLECTIONS) {
      const records: readonly ChildRecord<ChildKey>[] = aggregate[c.key];
      if (records.length === 0) continue;
      const rows = this.#children.get(c.table) ?? [];
      for (const record of records) rows.push((c.toRow as (r: ChildRecord<ChildKey>) => unknown)(record));
      this.#children.set(c.table, rows);
      this.#buffered += records.length;
    }
    if (this.#buffered >= ROWS_PER_INSERT * 4) await this.flush();
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
    if (this.#buffered >= ROWS_PER_INSERT * 4) await this.flush();
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
    for (const row of rows as Record<string, unknown>[]) {
      const columns = Object.keys(row);
      const key = `${table}(${columns.join(',')})`;
      let statement = this.#statements.get(key);
      if (!statement) {
        // Table and column names come from the schema's own row mappers, never from input.
        statement = raw.prepare(
          `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`,
        );
        this.#statements.set(key, statement);
      }
      try {
        statement.run(row);
      } catch (error) {
        // Outside Kysely, so outside the classifying dialect: a duplicate is a ConstraintViolation here too.
        throw classifyDriverError(error);
      }
    }
  }
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
