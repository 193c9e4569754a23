/**
 * @module The customer aggregate's child rows, read and written by iterating `CHILD_COLLECTIONS`:
 * no query here names a child table, so a new collection is loaded, changed, deleted with its
 * customer, reset, exported and imported without an edit to this file.
 */
import type { Insertable, Kysely } from 'kysely';
import type { CustomerChildren } from '../domain/records.js';
import { CHILD_COLLECTIONS, type ChildKey, type ChildRecord, type ChildTable } from './child-collections.js';
import type { Database } from './schema.js';
import type { ChildChanges } from './store.js';

/** The columns every child table has, which the queries below filter and match by. */
interface ChildRow {
  id: string;
  customer_id: string;
}

/**
 * A collection as the queries see it: the table's own row type erased to `ChildRow`. Each
 * descriptor is checked against its table in child-collections.ts, and its rows only ever come
 * from, and go to, that table.
 */
interface StoredCollection<K extends ChildKey> {
  readonly key: K;
  readonly table: ChildTable;
  fromRow(row: ChildRow): ChildRecord<K>;
  toRow(record: ChildRecord<K>): Insertable<Database[ChildTable]>;
  readonly snapshotOrder: readonly string[];
  readonly loadedByMutate: boolean;
}

const COLLECTIONS: readonly StoredCollection<ChildKey>[] = CHILD_COLLECTIONS;

/** Which collections a load fills: every one for reads, those the rules decide on for mutations. */
export type ChildrenFor = 'read' | 'mutation';

function isChildren(value: Record<string, unknown>): value is CustomerChildren {
  return COLLECTIONS.every((c) => Array.isArray(value[c.key]));
}

/** Runs `read` for every collection at once and gathers the records by collection key. */
async function gather(
  read: (c: StoredCollection<ChildKey>) => Promise<ChildRecord<ChildKey>[]>,
): Promise<CustomerChildren> {
  const entries = await Promise.all(COLLECTIONS.map(async (c) => [c.key, await read(c)] as const));
  const children: Record<string, unknown> = Object.fromEntries(entries);
  if (!isChildren(children)) throw new Error('a customer collection was not read');
  return children;
}

async function selectRows<K extends ChildKey>(
  db: Kysely<Database>,
  c: StoredCollection<K>,
  customerId: string | undefined,
  orderBy: readonly string[],
): Promise<ChildRecord<K>[]> {
  const { table, ref } = db.dynamic;
  let query = db.selectFrom(table(c.table).as('t')).selectAll();
  if (customerId !== undefined) query = query.where(ref('customer_id'), '=', customerId);
  for (const column of orderBy) query = query.orderBy(ref(column));
  const rows: ChildRow[] = await query.execute();
  return rows.map((row) => c.fromRow(row));
}

/** Everything one customer owns, each collection oldest first. */
export async function loadChildren(
  db: Kysely<Database>,
  customerId: string,
  purpose: ChildrenFor,
): Promise<CustomerChildren> {
  return gather(async (c) => {
    if (purpose === 'mutation' && !c.loadedByMutate) return [];
    const records = await selectRows(db, c, customerId, []);
    // The sort is stable: rows made in one go keep the order they were written in.
    return records.sort((a, b) => a.createdAt - b.createdAt);
  });
}

// SQLite caps bound parameters per statement; 50 rows of ~15 columns stays well below it.
export function* chunks<T>(rows: readonly T[], size = 50): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

async function insertRecords<K extends ChildKey>(
  db: Kysely<Database>,
  c: StoredCollection<K>,
  records: readonly ChildRecord<K>[] | undefined,
): Promise<void> {
  for (const chunk of chunks(records ?? []))
    await db
      .insertInto(c.table)
      .values(chunk.map((r) => c.toRow(r)))
      .execute();
}

async function updateRecords<K extends ChildKey>(
  db: Kysely<Database>,
  c: StoredCollection<K>,
  records: readonly ChildRecord<K>[] | undefined,
): Promise<void> {
  if (!records?.length) return;
  if (!c.loadedByMutate) throw new Error(`${c.key} are not loaded by mutations, so they cannot be updated`);
  const { table, ref } = db.dynamic;
  for (const record of records) {
    const { id, ...row } = c.toRow(record);
    await db.updateTable(table(c.table).as('t')).set(row).where(ref('id'), '=', id).execute();
  }
}

/** Inserts first, parents before children, then updates: what a mutation decided. */
export async function writeChildren(db: Kysely<Database>, insert: ChildChanges, update: ChildChanges): Promise<void> {
  for (const c of COLLECTIONS) await insertRecords(db, c, insert[c.key]);
  for (const c of COLLECTIONS) await updateRecords(db, c, update[c.key]);
}

/**
 * Deletes one customer's children, or every customer's when `customerId` is undefined. Explicit,
 * child-first deletes: no orphan rows even where foreign keys are not enforced.
 */
export async function deleteChildren(db: Kysely<Database>, customerId: string | undefined): Promise<void> {
  const { table, ref } = db.dynamic;
  for (const c of [...COLLECTIONS].reverse()) {
    let query = db.deleteFrom(table(c.table).as('t'));
    if (customerId !== undefined) query = query.where(ref('customer_id'), '=', customerId);
    await query.execute();
  }
}

/** Every customer's children, for a snapshot. */
export async function exportChildren(db: Kysely<Database>): Promise<CustomerChildren> {
  return gather((c) => selectRows(db, c, undefined, c.snapshotOrder));
}

/** A snapshot's children, into tables the import has emptied. */
export async function importChildren(db: Kysely<Database>, children: CustomerChildren): Promise<void> {
  for (const c of COLLECTIONS) await insertRecords(db, c, children[c.key]);
}
