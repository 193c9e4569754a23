/**
 * @module The Store over Kysely, one implementation for SQLite and PostgreSQL. The dialects
 * differ in three places only: row locks (`FOR UPDATE` on PostgreSQL; SQLite serialises
 * writers), the migration lock, and whether shared state may be cached in process.
 */
import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  sql,
  type ExpressionBuilder,
  type Kysely,
  type QueryCreator,
  type Selectable,
  type Transaction,
} from 'kysely';
import type { JournalEntry, JournalQuery } from '../journal/journal-entry.js';
import type {
  CreateCustomerContext,
  CustomerAggregate,
  CustomerRecord,
  FaultRule,
  PartnerRecord,
  SigningKeyRecord,
} from '../domain/records.js';
import { MIGRATIONS, type Dialect } from './migrations.js';
import { AggregateWriter, childPages, childrenOf, customerPages, type TableRows } from './bulk-queries.js';
import { CHILD_COLLECTIONS } from './child-collections.js';
import {
  chunks,
  deleteChildren,
  exportChildren,
  importChildren,
  loadChildren,
  writeChildren,
} from './aggregate-queries.js';
import { APPEND_JOURNAL_BATCH, appendJournalValues } from './journal-batch.js';
import { Doorkeeper, LruCache } from './lru-cache.js';
import { RowTemplate } from './row-template.js';
import { prefixRange } from './prefix-range.js';
import {
  CUSTOMER_LIST_COLUMNS,
  customerListItemFromRow,
  customerListItemFromValues,
  appFromRow,
  appToRow,
  customerFromRow,
  customerToRow,
  faultRuleFromRow,
  faultRuleToRow,
  journalEntryFromRow,
  partnerFromRow,
  partnerToRow,
  userFromRow,
  userToRow,
} from './mappers.js';
import { newGuid } from '../domain/ids.js';
import type { CustomersTable, Database, FaultRulesTable, IdempotencyTable, NewJournalRow } from './schema.js';
import { classifyDriverError, ControlStateChangedError, UniqueViolationError } from './store-errors.js';
import type { WalCheckpointer } from './wal-checkpointer.js';
import type {
  AggregateChanges,
  ControlStamp,
  CustomerListItem,
  GatewayState,
  GenerateContext,
  GeneratedBatch,
  SnapshotFormat,
  SnapshotHead,
  IdentitySeed,
  ListCustomersQuery,
  Mutation,
  NewCustomerWrite,
  PartnerDirectoryEntry,
  ReplayKey,
  Snapshot,
  Store,
} from './store.js';

type Executor = Kysely<Database> | Transaction<Database>;

const CLOCK_KEY = 'clock_offset_ms';
const IDENTITIES_VERSION_KEY = 'identities_version';
/** The control version: see `GatewayState`. A counter, so that "at least as new" means something. */
const CONTROL_VERSION_KEY = 'control_version';
const MIGRATION_LOCK = 72_616_001;
/** Customers an exclusive store keeps in memory, least recently used evicted first. */
export const CUSTOMER_CACHE_LIMIT = 10_000;

/** Customers whose last row a shared store keeps beside their record (see `#recordOf`). */
export const SHARED_RECORD_LIMIT = 1_000;
/** The writer's page cache during a bulk load, in KiB (SQLite's default is 2,000). */
const BULK_CACHE_KIB = 32_768;

export interface SqlStoreOptions {
  db: Kysely<Database>;
  dialect: Dialect;
  location: string;
  /**
   * True when this process is the only writer (embedded SQLite): then the clock offset and
   * fault rules are cached in memory and kept current on every write. PostgreSQL instances
   * share the database, so they read them from it.
   */
  exclusive: boolean;
  /**
   * A second, read-only connection to the same SQLite file for the hot reads. In WAL mode it
   * sees exactly what is committed, never a transaction in progress on the writer connection,
   * and its statements are prepared once instead of on every call.
   */
  reader?: BetterSqlite3.Database;
  /**
   * The SQLite connection Kysely writes through, for the request journal's batches: prepared
   * statements there cost a fraction of building a many-row insert through Kysely (used only
   * while holding Kysely's connection, so never inside another transaction).
   */
  writer?: BetterSqlite3.Database;
  /** Checkpoints the writer's WAL off the event loop (a SQLite file); stopped by `close`. */
  checkpointer?: WalCheckpointer;
  onClose?: () => Promise<void>;
  /** Entries of the customer cache (exclusive stores only); default `CUSTOMER_CACHE_LIMIT`. */
  customerCacheLimit?: number;
}

/** What tells list queries apart (the filter's field, whether its range has an end) and their parameters. */
function listShape(partnerId: string, query: ListCustomersQuery): { shape: string; parameters: unknown[] } {
  const prefix = query.filter?.prefix.toLowerCase() ?? '';
  if (!query.filter || prefix.length === 0)
    return { shape: 'all', parameters: [partnerId, query.afterSeq, query.limit] };
  const range = prefixRange(prefix);
  const bounds = range.below === undefined ? [range.from] : [range.from, range.below];
  return {
    shape: `${query.filter.field}:${bounds.length}`,
    parameters: [partnerId, query.afterSeq, ...bounds, query.limit],
  };
}

/** What a partner row keeps about its customers: the last paging number and how many there are. */
interface PartnerCounts {
  seq: number;
  count: number;
}

/** The idempotency row's operation: what the call does, on what. */
const replayOperation = (key: ReplayKey): string => (key.target ? `${key.operation}:${key.target}` : key.operation);

/** Checked GETs by id asked for in one turn of the event loop, read together. */
interface CustomerReadBatch {
  customerIds: string[];
  partnerIds: string[];
  waiters: { resolve: (row: CheckedCustomerRow | undefined) => void; reject: (error: unknown) => void }[];
}

const CUSTOMER_READ_BATCH_LIMIT = 100;

// From the settings row, so that a customer that does not exist still gets the version (its 404
// is judged by the current state too). PostgreSQL only: shared stores are.
const CHECKED_CUSTOMER_READ = `select k.i as batch_index, s.value as control_version, c.*
  from settings as s
  cross join unnest($1::text[], $2::text[]) with ordinality as k(id, partner_id, i)
  left join customers as c on c.id = k.id and c.partner_id = k.partner_id
  where s.key = $3`;

type CheckedCustomerRow = { [K in keyof Selectable<CustomersTable>]: Selectable<CustomersTable>[K] | null } & {
  control_version: string;
};

type CustomerListItemRow = Pick<Selectable<CustomersTable>, (typeof CUSTOMER_LIST_COLUMNS)[number]>;

/** The control version as a scalar subquery, for the select list of a request's first statement. */
const controlVersion = () => sql<string | null>`(select value from settings where key = ${CONTROL_VERSION_KEY})`;

/** Whether two reads of a customer's row hold the same values (what the read adds beside it aside). */
function sameCustomerRow(a: Selectable<CustomersTable>, b: Selectable<CustomersTable>): boolean {
  for (const key in a)
    if (key !== 'batch_index' && key !== 'control_version' && a[key as keyof typeof a] !== b[key as keyof typeof b])
      return false;
  return true;
}

/** A kept result, typed by the write that kept it (see `#replayable`). */
function parseKept<R>(json: string): R {
  return JSON.parse(json);
}

export class SqlStore implements Store {
  readonly dialect: Dialect;
  readonly location: string;
  readonly #db: Kysely<Database>;
  readonly #exclusive: boolean;
  readonly #onClose: (() => Promise<void>) | undefined;
  #clockCache: number | undefined;
  #faultCache: FaultRule[] | undefined;
  #gatewayCache: GatewayState | undefined;
  #gatewayLoad: Promise<GatewayState> | undefined;
  readonly #reader: BetterSqlite3.Database | undefined;
  readonly #writer: BetterSqlite3.Database | undefined;
  readonly #checkpointer: WalCheckpointer | undefined;
  #appendJournalRows: ((rows: NewJournalRow[], keep: number) => void) | undefined;
  /**
   * Customers by `partnerId/customerId`, kept only by an exclusive (embedded SQLite) store:
   * every write that can change a customer goes through this process and drops its entry once
   * committed, so a hit is never stale. Records are treated as immutable by their readers.
   */
  readonly #customerCache: LruCache<string, CustomerRecord>;
  readonly #customerDoorkeeper: Doorkeeper<string>;
  #dataVersion: BetterSqlite3.Statement | undefined;
  #totalChanges: BetterSqlite3.Statement | undefined;
  /**
   * A shared store trusts no customer from memory: it reads the row on every GET. But a row that
   * reads exactly as the last one of that customer makes exactly the same record, so that record
   * is answered again, and with it the JSON text made once for it (http/json-text.ts): parsing
   * the row's JSON, rendering and serialising the customer again was ~4% of a GET's CPU (measured).
   */
  readonly #sharedRecords = new LruCache<string, { row: Selectable<CustomersTable>; record: CustomerRecord }>(
    SHARED_RECORD_LIMIT,
  );
  #getCustomerStatement: BetterSqlite3.Statement<[string, string], Selectable<CustomersTable>> | undefined;
  #customerReads: CustomerReadBatch | undefined;
  /** List-page statements on the reader, by shape (see listShape): a handful at most. */
  readonly #listStatements = new Map<string, BetterSqlite3.Statement>();

  constructor(options: SqlStoreOptions) {
    this.#db = options.db;
    this.dialect = options.dialect;
    this.location = options.location;
    this.#exclusive = options.exclusive;
    this.#onClose = options.onClose;
    this.#reader = options.reader;
    this.#writer = options.writer;
    this.#checkpointer = options.checkpointer;
    this.#customerCache = new LruCache(options.customerCacheLimit ?? CUSTOMER_CACHE_LIMIT);
    this.#customerDoorkeeper = new Doorkeeper(options.customerCacheLimit ?? CUSTOMER_CACHE_LIMIT);
  }

  get shared(): boolean {
    return !this.#exclusive;
  }

  /** The Kysely instance, for tests and tools that inspect tables directly. */
  get db(): Kysely<Database> {
    return this.#db;
  }

  async close(): Promise<void> {
    this.#reader?.close();
    await this.#db.destroy();
    // After the store's own connections: the checkpointer's is then the last, and its close
    // writes the whole WAL into the database file.
    await this.#checkpointer?.stop();
    await this.#onClose?.();
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.#db);
  }

  async migrate(): Promise<void> {
    await this.#locked(async (trx) => {
      await trx.schema
        .createTable('partnerbox_migrations')
        .ifNotExists()
        .addColumn('version', 'integer', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('applied_at', this.dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
        .execute();
      const applied = new Set(
        (await trx.selectFrom('partnerbox_migrations').select('version').execute()).map((r) => Number(r.version)),
      );
      for (const migration of MIGRATIONS) {
        if (applied.has(migration.version)) continue;
        await migration.up(trx, this.dialect);
        await trx
          .insertInto('partnerbox_migrations')
          .values({ version: migration.version, name: migration.name, applied_at: Date.now() })
          .execute();
      }
      // gatewayState() and every checked read join from these rows: they must exist before any request.
      await trx
        .insertInto('settings')
        .values([
          { key: IDENTITIES_VERSION_KEY, value: newGuid() },
          { key: CONTROL_VERSION_KEY, value: '0' },
        ])
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
    });
  }

  /** One transaction holding the instance-wide lock that start-up steps take. */
  async #locked<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.#db.transaction().execute(async (trx) => {
      if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
      return fn(trx);
    });
  }

  async getSetting(key: string): Promise<string | undefined> {
    const row = await this.#db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }

  async setSettingIfAbsent(key: string, value: string): Promise<string> {
    await this.#db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    return (await this.getSetting(key)) ?? value;
  }

  async getClockOffsetMs(): Promise<number> {
    if (this.#exclusive && this.#clockCache !== undefined) return this.#clockCache;
    const value = Number((await this.getSetting(CLOCK_KEY)) ?? '0');
    if (this.#exclusive) this.#clockCache = value;
    return value;
  }

  async advanceClock(byMs: number): Promise<number> {
    const offset = await this.#db.transaction().execute(async (trx) => {
      await trx
        .insertInto('settings')
        .values({ key: CLOCK_KEY, value: '0' })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      let query = trx.selectFrom('settings').select('value').where('key', '=', CLOCK_KEY);
      if (this.dialect === 'postgres') query = query.forUpdate();
      const current = Number((await query.executeTakeFirstOrThrow()).value);
      const next = current + byMs;
      await trx
        .updateTable('settings')
        .set({ value: String(next) })
        .where('key', '=', CLOCK_KEY)
        .execute();
      await this.#bumpControlVersion(trx);
      return next;
    });
    if (this.#exclusive) this.#clockCache = offset;
    this.#gatewayCache = undefined;
    return offset;
  }

  async listSigningKeys(): Promise<SigningKeyRecord[]> {
    const rows = await this.#db.selectFrom('signing_keys').selectAll().orderBy('created_at').execute();
    return rows.map((r) => ({
      kid: r.kid,
      privateJwk: r.private_jwk,
      publicJwk: r.public_jwk,
      createdAt: Number(r.created_at),
    }));
  }

  async insertSigningKeyIfAbsent(key: SigningKeyRecord): Promise<void> {
    await this.#locked(async (trx) => {
      const existing = await trx.selectFrom('signing_keys').select('kid').executeTakeFirst();
      if (existing) return;
      await trx
        .insertInto('signing_keys')
        .values({ kid: key.kid, private_jwk: key.privateJwk, public_jwk: key.publicJwk, created_at: key.createdAt })
        .execute();
    });
  }

  async seedIdentitiesIfEmpty(seed: IdentitySeed): Promise<boolean> {
    return this.#locked(async (trx) => {
      const existing = await trx.selectFrom('partners').select('id').executeTakeFirst();
      if (existing) return false;
      await this.#insertIdentities(trx, seed);
      await this.#bumpControlVersion(trx);
      return true;
    });
  }

  async addIdentities(seed: IdentitySeed): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await this.#insertIdentities(trx, seed);
      await this.#bumpControlVersion(trx);
    });
    this.#gatewayCache = undefined;
  }

  /**
   * Every control-plane change the gateway or the token cache depends on bumps the version in
   * its own transaction, so that no instance can read the change without reading the bump.
   * An exclusive store keeps its caches current itself: nothing reads the version there.
   */
  async #bumpControlVersion(trx: Executor): Promise<void> {
    if (this.#exclusive) return;
    await trx
      .updateTable('settings')
      .set({ value: sql<string>`cast(cast(value as bigint) + 1 as text)` })
      .where('key', '=', CONTROL_VERSION_KEY)
      .execute();
  }

  /** A control-plane change and its version bump in one transaction (a single statement where exclusive). */
  async #controlChange<T>(change: (db: Executor) => Promise<T>): Promise<T> {
    this.#faultCache = undefined;
    if (this.#exclusive)
      try {
        return await change(this.#db);
      } finally {
        // Again once written: a read of the rules queued before the change fills the cache
        // with the rules as they were.
        this.#faultCache = undefined;
      }
    try {
      return await this.#db.transaction().execute(async (trx) => {
        const result = await change(trx);
        await this.#bumpControlVersion(trx);
        return result;
      });
    } finally {
      this.#gatewayCache = undefined;
    }
  }

  /** Throws unless `value` (the control version a statement read) is the one the request was judged by. */
  #checkVersion(stamp: ControlStamp, value: string | null | undefined): void {
    const seen = value === null || value === undefined ? -1 : Number(value);
    if (seen !== stamp.state.version) throw new ControlStateChangedError(seen);
    stamp.checked = true;
  }

  /** Whether a shared store's statement must read the control version for this stamp. */
  #mustCheck(stamp: ControlStamp | undefined): stamp is ControlStamp {
    return stamp !== undefined && !stamp.checked && !this.#exclusive;
  }

  async checkControlState(stamp: ControlStamp, db: Executor = this.#db): Promise<void> {
    if (!this.#mustCheck(stamp)) return;
    const row = await db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', CONTROL_VERSION_KEY)
      .executeTakeFirst();
    this.#checkVersion(stamp, row?.value);
  }

  async #insertIdentities(trx: Executor, seed: IdentitySeed, counts: ReadonlyMap<string, PartnerCounts> = new Map()) {
    if (seed.partners.length > 0)
      await trx
        .insertInto('partners')
        .values(seed.partners.map((p) => partnerToRow(p, counts.get(p.id)?.seq ?? 0, counts.get(p.id)?.count ?? 0)))
        .execute();
    if (seed.apps.length > 0) await trx.insertInto('apps').values(seed.apps.map(appToRow)).execute();
    if (seed.users.length > 0) await trx.insertInto('users').values(seed.users.map(userToRow)).execute();
  }

  async listPartners(): Promise<PartnerDirectoryEntry[]> {
    const [partners, apps, users] = await Promise.all([
      this.#db.selectFrom('partners').selectAll().orderBy('created_at').orderBy('id').execute(),
      this.#db.selectFrom('apps').selectAll().orderBy('created_at').execute(),
      this.#db.selectFrom('users').selectAll().orderBy('created_at').execute(),
    ]);
    return partners.map((row) => ({
      partner: partnerFromRow(row),
      apps: apps.filter((a) => a.partner_id === row.id).map(appFromRow),
      users: users.filter((u) => u.partner_id === row.id).map(userFromRow),
    }));
  }

  async getPartner(id: string): Promise<PartnerRecord | undefined> {
    const row = await this.#db.selectFrom('partners').selectAll().where('id', '=', id).executeTakeFirst();
    return row && partnerFromRow(row);
  }

  async findPartnerByDomain(domain: string): Promise<PartnerRecord | undefined> {
    const row = await this.#db
      .selectFrom('partners')
      .selectAll()
      .where('domain', '=', domain.toLowerCase())
      .executeTakeFirst();
    return row && partnerFromRow(row);
  }

  async getApp(clientId: string) {
    const row = await this.#db.selectFrom('apps').selectAll().where('client_id', '=', clientId).executeTakeFirst();
    return row && appFromRow(row);
  }

  async getUser(id: string) {
    const row = await this.#db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && userFromRow(row);
  }

  async findUserByName(userName: string) {
    const row = await this.#db
      .selectFrom('users')
      .selectAll()
      .where('user_name', '=', userName.toLowerCase())
      .executeTakeFirst();
    return row && userFromRow(row);
  }

  async getCustomer(partnerId: string, customerId: string, stamp?: ControlStamp): Promise<CustomerRecord | undefined> {
    if (this.#mustCheck(stamp)) return this.#readCustomerChecked(partnerId, customerId, stamp);
    const key = `${partnerId}/${customerId}`;
    const cached = this.#customerCache.get(key);
    if (cached) return cached;
    const record = await this.#readCustomer(partnerId, customerId);
    // Kept from its second read on: a customer read once (reads spread over a million) would
    // only pass through the cache, and be promoted to the old generation on its way (Doorkeeper).
    if (record && this.#exclusive && this.#customerDoorkeeper.askedBefore(key)) this.#customerCache.set(key, record);
    return record;
  }

  async #readCustomer(partnerId: string, customerId: string): Promise<CustomerRecord | undefined> {
    const row = this.#reader
      ? this.#readPrepared(this.#reader, partnerId, customerId)
      : await this.#db
          .selectFrom('customers')
          .selectAll()
          .where('id', '=', customerId)
          .where('partner_id', '=', partnerId)
          .executeTakeFirst();
    return row && customerFromRow(row);
  }

  /**
   * The customer and the control version in one statement: from the settings row, so that a
   * missing customer still answers the version (its 404 is judged by the current state too).
   */
  async #readCustomerChecked(partnerId: string, customerId: string, stamp: ControlStamp) {
    let batch = this.#customerReads;
    if (!batch) {
      const opened: CustomerReadBatch = { customerIds: [], partnerIds: [], waiters: [] };
      batch = this.#customerReads = opened;
      // Once the requests read in this turn of the event loop have all asked (setImmediate runs
      // after the poll phase that read them). Waiting one more turn (a second setImmediate), or
      // for the batch in flight to be answered, made fewer statements under load (one every ~11
      // GETs instead of ~6) but did not make a GET cheaper (measured, docs/benchmarks.md).
      setImmediate(() => this.#readCustomerBatch(opened));
    }
    const row = await new Promise<CheckedCustomerRow | undefined>((resolve, reject) => {
      batch.customerIds.push(customerId);
      batch.partnerIds.push(partnerId);
      batch.waiters.push({ resolve, reject });
      if (batch.waiters.length >= CUSTOMER_READ_BATCH_LIMIT) this.#readCustomerBatch(batch);
    });
    this.#checkVersion(stamp, row?.control_version);
    return row?.id ? this.#recordOf(row as Selectable<CustomersTable>) : undefined;
  }

  /** The record a shared store's row makes: the last one again when every column reads the same. */
  #recordOf(row: Selectable<CustomersTable>): CustomerRecord {
    const key = `${row.partner_id}/${row.id}`;
    const kept = this.#sharedRecords.get(key);
    if (kept && sameCustomerRow(kept.row, row)) return kept.record;
    const record = customerFromRow(row);
    this.#sharedRecords.set(key, { row, record });
    return record;
  }

  /**
   * The GETs by id of one turn, in one statement: the round trip's client-side cost (a write, a
   * read, waking up; ~100 µs of CPU on this project's machine, more than the rest of the request)
   * is paid once for all of them. One named statement whatever the batch's size (the ids go as
   * arrays); each row carries its position, and the control version is read with them.
   */
  #readCustomerBatch(batch: CustomerReadBatch): void {
    if (this.#customerReads !== batch) return;
    this.#customerReads = undefined;
    const query = CompiledQuery.raw(CHECKED_CUSTOMER_READ, [batch.customerIds, batch.partnerIds, CONTROL_VERSION_KEY]);
    this.#db.executeQuery<CheckedCustomerRow & { batch_index: number }>(query).then(
      ({ rows }) => {
        const found = new Map(rows.map((row) => [row.batch_index, row]));
        // Every position has a row while the version row exists; none when it is missing.
        batch.waiters.forEach((waiter, i) => waiter.resolve(found.get(i + 1)));
      },
      (error: unknown) => {
        for (const waiter of batch.waiters) waiter.reject(error);
      },
    );
  }

  /**
   * The same Kysely query, compiled once and prepared once (after migrations made the table): the
   * one query that does not run through Kysely, so its errors are classified here.
   */
  #readPrepared(reader: BetterSqlite3.Database, partnerId: string, customerId: string) {
    this.#getCustomerStatement ??= reader.prepare(
      this.#db.selectFrom('customers').selectAll().where('id', '=', '').where('partner_id', '=', '').compile().sql,
    );
    try {
      return this.#getCustomerStatement.get(customerId, partnerId);
    } catch (error) {
      throw classifyDriverError(error);
    }
  }

  listingVersion(): number | undefined {
    if (!this.#exclusive) return undefined;
    try {
      if (this.#reader) {
        // Listings read on the reader connection, so the version is SQLite's own count of the
        // commits other connections (the writer) made since it last looked: exact whatever
        // wrote (a request, the control plane, an import, the journal), and never moved by a
        // transaction still open. The writer's own count (total_changes) moves before the commit,
        // while the reader still sees the old rows: a page read then would be kept as current.
        this.#dataVersion ??= this.#reader.prepare('PRAGMA data_version').pluck();
        return this.#dataVersion.get() as number;
      }
      // One connection (in memory): listings see every change it made, so its count of changed
      // rows, which only grows, moves whenever a listing could differ (a rollback moves it too).
      this.#totalChanges ??= this.#writer?.prepare('SELECT total_changes()').pluck();
      return this.#totalChanges?.get() as number | undefined;
    } catch {
      return undefined;
    }
  }

  async listCustomers(partnerId: string, query: ListCustomersQuery, stamp?: ControlStamp): Promise<CustomerListItem[]> {
    const reader = this.#reader;
    if (!reader) return this.#listShared(partnerId, query, stamp);
    // The embedded store reads list pages on its read-only connection, as it reads a customer:
    // no query built per request, a statement prepared once per shape, no wait behind the writer.
    const { shape, parameters } = listShape(partnerId, query);
    let statement = this.#listStatements.get(shape);
    if (!statement) {
      const compiled = this.#listQuery(partnerId, query).compile();
      // The shape's parameters must be the query's, in its order: checked when it is prepared.
      if (JSON.stringify(compiled.parameters) !== JSON.stringify(parameters))
        throw new Error(`list query parameters out of step: ${JSON.stringify(compiled.parameters)}`);
      // Rows as arrays: no object with five named properties made per row (a fifth of a page's read).
      statement = reader.prepare(compiled.sql).raw(true);
      const columns = statement.columns().map((column) => column.name);
      if (JSON.stringify(columns) !== JSON.stringify(CUSTOMER_LIST_COLUMNS))
        throw new Error(`list query columns out of step: ${JSON.stringify(columns)}`);
      this.#listStatements.set(shape, statement);
    }
    try {
      return (statement.all(...parameters) as unknown[][]).map(customerListItemFromValues);
    } catch (error) {
      throw classifyDriverError(error);
    }
  }

  async #listShared(partnerId: string, query: ListCustomersQuery, stamp?: ControlStamp): Promise<CustomerListItem[]> {
    const page = this.#listQuery(partnerId, query);
    if (this.#mustCheck(stamp)) {
      // The page beside the control version, one statement: an empty page still answers it.
      const rows = await this.#db
        .selectFrom('settings as s')
        .leftJoinLateral(page.as('c'), (join) => join.onTrue())
        .selectAll('c')
        .select('s.value as control_version')
        .where('s.key', '=', CONTROL_VERSION_KEY)
        .orderBy('c.seq')
        .execute();
      this.#checkVersion(stamp, rows[0]?.control_version);
      return rows.flatMap((r) => (r.id === null ? [] : [customerListItemFromRow(r as CustomerListItemRow)]));
    }
    return (await page.execute()).map(customerListItemFromRow);
  }

  #listQuery(partnerId: string, query: ListCustomersQuery) {
    let q = this.#db
      .selectFrom('customers')
      .select(CUSTOMER_LIST_COLUMNS)
      .where('partner_id', '=', partnerId)
      .where('removed_at', 'is', null)
      .where('seq', '>', query.afterSeq);
    const prefix = query.filter?.prefix.toLowerCase() ?? '';
    if (query.filter && prefix.length > 0) {
      const name = query.filter.field === 'domain' ? 'domain' : 'company_name_lc';
      // Code point order on both stores (see prefix-range.ts): the index's own collation.
      const column = this.dialect === 'postgres' ? sql`${sql.ref(name)} collate "C"` : sql.ref(name);
      const range = prefixRange(prefix);
      q = q.where(sql<boolean>`${column} >= ${range.from}`);
      if (range.below !== undefined) q = q.where(sql<boolean>`${column} < ${range.below}`);
      // SQLite has no statistics and would rather walk the (partner, seq) index in order than
      // sort: the unary plus keeps it off that index, so it reads the prefix's range instead.
      if (this.dialect === 'sqlite') return q.orderBy(sql`+${sql.ref('seq')}`).limit(query.limit);
    }
    return q.orderBy('seq').limit(query.limit);
  }

  async getCustomerAggregate(
    partnerId: string,
    customerId: string,
    stamp?: ControlStamp,
  ): Promise<CustomerAggregate | undefined> {
    return this.#loadAggregate(this.#db, partnerId, customerId, false, stamp);
  }

  async #loadAggregate(
    db: Executor,
    partnerId: string,
    customerId: string,
    lock: boolean,
    stamp?: ControlStamp,
  ): Promise<CustomerAggregate | undefined> {
    let q = db.selectFrom('customers').selectAll().where('id', '=', customerId).where('partner_id', '=', partnerId);
    if (lock && this.dialect === 'postgres') q = q.forUpdate();
    const checked = this.#mustCheck(stamp);
    const row = checked
      ? await q.select(controlVersion().as('control_version')).executeTakeFirst()
      : await q.executeTakeFirst();
    if (checked) {
      // No row, no version: a read of its own (the 404 path).
      if (row) this.#checkVersion(stamp, (row as { control_version?: string | null }).control_version);
      else await this.checkControlState(stamp, db);
    }
    if (!row) return undefined;
    return { customer: customerFromRow(row), ...(await loadChildren(db, customerId, lock ? 'mutation' : 'read')) };
  }

  /**
   * The one replay mechanism of every write: inside the write's transaction (after its lock, so
   * that racing retries queue behind the first), answer with the kept result when this key has
   * one; otherwise run the write and keep its result. `R` is what `write` returns, so the caller
   * gets the same type either way; results are JSON, and only `write`'s own are kept under a key.
   */
  async #replayable<R>(
    trx: Executor,
    partnerId: string,
    key: ReplayKey | undefined,
    write: () => Promise<R>,
  ): Promise<R> {
    if (!key) return write();
    const operation = replayOperation(key);
    const kept = await trx
      .selectFrom('idempotency')
      .select(['response_json', 'created_at'])
      .where('partner_id', '=', partnerId)
      .where('request_id', '=', key.requestId)
      .where('operation', '=', operation)
      .executeTakeFirst();
    if (kept && Number(kept.created_at) >= key.keptSince) return parseKept(kept.response_json);
    const result = await write();
    const answer = { response_json: JSON.stringify(result), created_at: key.at };
    if (kept) {
      // Expired: the id names a new call now, whose answer replaces the old one.
      await trx
        .updateTable('idempotency')
        .set(answer)
        .where('partner_id', '=', partnerId)
        .where('request_id', '=', key.requestId)
        .where('operation', '=', operation)
        .execute();
    } else {
      await trx
        .insertInto('idempotency')
        .values({ partner_id: partnerId, request_id: key.requestId, operation, ...answer })
        .execute();
    }
    return result;
  }

  async createCustomer<R>(
    partnerId: string,
    domain: string,
    build: (ctx: CreateCustomerContext) => NewCustomerWrite<R>,
    replay?: ReplayKey,
    stamp?: ControlStamp,
  ): Promise<R> {
    try {
      return await this.#insertCustomer(partnerId, domain, build, replay, stamp);
    } catch (error) {
      // Two partners racing for one domain: the unique index decides. Once more, the loser's
      // `build` sees the winner's customer and refuses with 409 (or a retry finds its answer).
      if (error instanceof UniqueViolationError) return this.#insertCustomer(partnerId, domain, build, replay, stamp);
      throw error;
    }
  }

  async #insertCustomer<R>(
    partnerId: string,
    domain: string,
    build: (ctx: CreateCustomerContext) => NewCustomerWrite<R>,
    replay: ReplayKey | undefined,
    stamp: ControlStamp | undefined,
  ): Promise<R> {
    const operation = replay ? replayOperation(replay) : undefined;
    const checked = this.#mustCheck(stamp);
    return this.#db.transaction().execute(async (trx) => {
      // The partner row is the lock that keeps the 75-customer quota exact under concurrency;
      // the same statement reads what `build` decides on (and a kept answer), one round trip.
      // Read in the statement's snapshot, a racing create of the same domain or request id can
      // be missed: the unique indexes then refuse the second write and createCustomer retries.
      let pq = trx
        .selectFrom('partners')
        .selectAll('partners')
        .select((eb) =>
          eb
            .exists(
              eb.selectFrom('customers').select('customers.id').where('customers.domain', '=', domain.toLowerCase()),
            )
            .as('domain_taken'),
        )
        .select((eb) =>
          eb
            .selectFrom('idempotency')
            .select('idempotency.response_json')
            .where('idempotency.partner_id', '=', partnerId)
            .where('idempotency.request_id', '=', replay?.requestId ?? '')
            .where('idempotency.operation', '=', operation ?? '')
            .as('kept'),
        )
        .select((eb) =>
          eb
            .selectFrom('idempotency')
            .select('idempotency.created_at')
            .where('idempotency.partner_id', '=', partnerId)
            .where('idempotency.request_id', '=', replay?.requestId ?? '')
            .where('idempotency.operation', '=', operation ?? '')
            .as('kept_at'),
        )
        .$if(checked, (qb) => qb.select(controlVersion().as('control_version')))
        .where('partners.id', '=', partnerId);
      if (this.dialect === 'postgres') pq = pq.forUpdate();
      const found = await pq.executeTakeFirst();
      // The lock's statement reads the control version too: a write judged by an older state
      // (or by an older clock) is rolled back here, before anything is written.
      if (checked) {
        if (found) this.#checkVersion(stamp, found.control_version);
        else await this.checkControlState(stamp, trx);
      }
      const keptAt = found?.kept_at === null || found?.kept_at === undefined ? undefined : Number(found.kept_at);
      if (replay && found?.kept && keptAt !== undefined && keptAt >= replay.keptSince) return parseKept<R>(found.kept);
      const partnerRow = found && {
        ...found,
        domain_taken: undefined,
        kept: undefined,
        kept_at: undefined,
        control_version: undefined,
      };
      const nextSeq = Number(found?.customer_seq ?? 0) + 1;
      const { customer, result } = build({
        partner: partnerRow && partnerFromRow(partnerRow),
        customerCount: Number(found?.customer_count ?? 0),
        nextSeq,
        domainTaken: found ? Boolean(Number(found.domain_taken)) : await this.#domainTaken(trx, domain),
      });
      const kept: IdempotencyTable | undefined =
        replay && operation !== undefined
          ? {
              partner_id: partnerId,
              request_id: replay.requestId,
              operation,
              response_json: JSON.stringify(result),
              created_at: replay.at,
            }
          : undefined;
      // An expired answer is replaced: the id names a new call now (see #replayable).
      const expired = Boolean(kept) && found?.kept !== null && found?.kept !== undefined;
      const replaceKept = (db: QueryCreator<Database>, k: IdempotencyTable) =>
        db
          .updateTable('idempotency')
          .set({ response_json: k.response_json, created_at: k.created_at })
          .where('partner_id', '=', k.partner_id)
          .where('request_id', '=', k.request_id)
          .where('operation', '=', k.operation);
      const row = customerToRow(customer);
      const counted = (eb: ExpressionBuilder<Database, 'partners'>) => ({
        customer_seq: nextSeq,
        customer_count: eb('customer_count', '+', 1),
      });
      if (this.dialect === 'postgres') {
        // One statement for the writes: data-modifying CTEs, which SQLite does not have.
        const withCustomer = trx.with('added', (db) => db.insertInto('customers').values(row).returning('id'));
        if (kept)
          await withCustomer
            .with('kept', (db) =>
              expired
                ? db
                    .updateTable('idempotency')
                    .set({ response_json: kept.response_json, created_at: kept.created_at })
                    .where('partner_id', '=', kept.partner_id)
                    .where('request_id', '=', kept.request_id)
                    .where('operation', '=', kept.operation)
                    .returning('request_id')
                : db.insertInto('idempotency').values(kept).returning('request_id'),
            )
            .updateTable('partners')
            .set(counted)
            .where('id', '=', partnerId)
            .execute();
        else await withCustomer.updateTable('partners').set(counted).where('id', '=', partnerId).execute();
      } else {
        await trx.insertInto('customers').values(row).execute();
        await trx.updateTable('partners').set(counted).where('id', '=', partnerId).execute();
        if (kept && expired) await replaceKept(trx, kept).execute();
        else if (kept) await trx.insertInto('idempotency').values(kept).execute();
      }
      return result;
    });
  }

  async #domainTaken(trx: Executor, domain: string): Promise<boolean> {
    const taken = await trx
      .selectFrom('customers')
      .select('id')
      .where('domain', '=', domain.toLowerCase())
      .executeTakeFirst();
    return taken !== undefined;
  }

  async mutateCustomer<R>(
    partnerId: string,
    customerId: string,
    fn: (aggregate: CustomerAggregate | undefined) => Mutation<R>,
    replay?: ReplayKey,
    stamp?: ControlStamp,
  ): Promise<R> {
    const result = await this.#db.transaction().execute(async (trx) => {
      const aggregate = await this.#loadAggregate(trx, partnerId, customerId, true, stamp);
      return this.#replayable(trx, partnerId, replay, async () => {
        const { changes, result } = fn(aggregate);
        if (aggregate) await this.#apply(trx, partnerId, customerId, changes);
        return result;
      });
    });
    // After the commit: a read that filled the cache before it is dropped here.
    this.#customerCache.delete(`${partnerId}/${customerId}`);
    return result;
  }

  async #apply(trx: Executor, partnerId: string, customerId: string, changes: AggregateChanges): Promise<void> {
    if (changes.customer === 'delete') {
      await deleteChildren(trx, customerId);
      await trx.deleteFrom('customers').where('id', '=', customerId).execute();
      // The aggregate was loaded under this transaction's row lock, so the row existed: one less.
      await trx
        .updateTable('partners')
        .set((eb) => ({ customer_count: eb('customer_count', '-', 1) }))
        .where('id', '=', partnerId)
        .execute();
      return;
    }
    if (changes.customer) {
      const { id: _id, ...row } = customerToRow(changes.customer);
      await trx.updateTable('customers').set(row).where('id', '=', customerId).execute();
    }
    await writeChildren(trx, changes.insert ?? {}, changes.update ?? {});
  }

  async restoreRelationship(
    partnerId: string,
    customerId: string,
    allowDelegatedAccess: boolean,
  ): Promise<CustomerRecord | undefined> {
    await this.#db
      .updateTable('customers')
      .set({ relationship: 'reseller', removed_at: null, allow_delegated_access: allowDelegatedAccess ? 1 : 0 })
      .where('id', '=', customerId)
      .where('partner_id', '=', partnerId)
      .where('removed_at', 'is not', null)
      .execute();
    this.#customerCache.delete(`${partnerId}/${customerId}`);
    return this.getCustomer(partnerId, customerId);
  }

  async listFaultRules(): Promise<FaultRule[]> {
    if (this.#exclusive && this.#faultCache) return this.#faultCache;
    const rows = await this.#db
      .selectFrom('fault_rules')
      .selectAll()
      .where((eb) => eb.or([eb('remaining', 'is', null), eb('remaining', '>', 0)]))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const rules = rows.map(faultRuleFromRow);
    if (this.#exclusive) this.#faultCache = rules;
    return rules;
  }

  async gatewayState(): Promise<GatewayState> {
    if (this.#exclusive) {
      // The only writer: every change passes through this process, which keeps its caches
      // current (and its import clears its own token cache).
      const faultRules = await this.listFaultRules();
      const clockOffsetMs = await this.getClockOffsetMs();
      return (
        this.cachedGatewayState() ??
        (this.#gatewayCache = { version: 0, faultRules, identitiesVersion: '', clockOffsetMs })
      );
    }
    return this.#loadGatewayState();
  }

  cachedGatewayState(): GatewayState | undefined {
    const cached = this.#gatewayCache;
    if (!this.#exclusive || cached === undefined) return cached;
    return cached.faultRules === this.#faultCache && cached.clockOffsetMs === this.#clockCache ? cached : undefined;
  }

  async refreshGatewayState(seen: number): Promise<GatewayState> {
    const cached = this.#gatewayCache;
    if (cached && seen >= 0 && cached.version >= seen) return cached;
    const inFlight = this.#gatewayLoad ?? this.#loadGatewayState();
    this.#gatewayLoad = inFlight;
    try {
      const state = await inFlight;
      // A load that started before the version the read saw was committed may be older.
      return state.version >= seen ? state : await this.#loadGatewayState();
    } finally {
      if (this.#gatewayLoad === inFlight) this.#gatewayLoad = undefined;
    }
  }

  /** The control version, the identities version, the clock and the active rules: one statement. */
  async #loadGatewayState(): Promise<GatewayState> {
    const rows = await this.#db
      .selectFrom('settings as v')
      .leftJoin('settings as i', (join) => join.on('i.key', '=', IDENTITIES_VERSION_KEY))
      .leftJoin('settings as k', (join) => join.on('k.key', '=', CLOCK_KEY))
      .leftJoin('fault_rules', (join) =>
        join.on((eb) => eb.or([eb('fault_rules.remaining', 'is', null), eb('fault_rules.remaining', '>', 0)])),
      )
      .selectAll('fault_rules')
      .select(['v.value as control_version', 'i.value as identities_version', 'k.value as clock_offset_ms'])
      .where('v.key', '=', CONTROL_VERSION_KEY)
      .orderBy('fault_rules.created_at')
      .orderBy('fault_rules.id')
      .execute();
    const first = rows[0];
    if (!first) {
      // Only migrate() makes the row and nothing removes it; should it be gone, a version above
      // any count so far keeps "newer" meaningful.
      await this.setSettingIfAbsent(CONTROL_VERSION_KEY, String(Date.now()));
      return this.#loadGatewayState();
    }
    const faultRules = rows.flatMap(({ control_version: _c, identities_version: _i, clock_offset_ms: _k, ...rule }) =>
      rule.id === null ? [] : [faultRuleFromRow(rule as Selectable<FaultRulesTable>)],
    );
    const state: GatewayState = {
      version: Number(first.control_version),
      faultRules,
      identitiesVersion: first.identities_version ?? '',
      clockOffsetMs: Number(first.clock_offset_ms ?? '0'),
    };
    if (state.version >= (this.#gatewayCache?.version ?? -1)) this.#gatewayCache = state;
    return state;
  }

  async addFaultRule(rule: FaultRule): Promise<void> {
    await this.#controlChange((db) => db.insertInto('fault_rules').values(faultRuleToRow(rule)).execute());
  }

  async deleteFaultRule(id: string): Promise<boolean> {
    const result = await this.#controlChange((db) =>
      db.deleteFrom('fault_rules').where('id', '=', id).executeTakeFirst(),
    );
    return Number(result.numDeletedRows) > 0;
  }

  async clearFaultRules(): Promise<void> {
    await this.#controlChange((db) => db.deleteFrom('fault_rules').execute());
  }

  async consumeFaultRule(id: string): Promise<boolean> {
    const rule = (this.#faultCache ?? []).find((r) => r.id === id);
    if (this.#exclusive && rule && rule.remaining === undefined) return true;
    this.#faultCache = undefined;
    // One conditional UPDATE: with several instances, exactly N requests get an N-times fault.
    const used = await this.#useFaultRule(id);
    this.#faultCache = undefined;
    if (used) return true;
    const unlimited = await this.#db
      .selectFrom('fault_rules')
      .select('id')
      .where('id', '=', id)
      .where('remaining', 'is', null)
      .executeTakeFirst();
    return unlimited !== undefined;
  }

  /** One use of a limited rule; on a shared store the last use bumps the control version in the same statement. */
  async #useFaultRule(id: string): Promise<boolean> {
    const use = (db: QueryCreator<Database>) =>
      db
        .updateTable('fault_rules')
        .set((eb) => ({ remaining: eb('remaining', '-', 1) }))
        .where('id', '=', id)
        .where('remaining', '>', 0);
    if (this.#exclusive) return Number((await use(this.#db).executeTakeFirst()).numUpdatedRows) > 0;
    const used = await this.#db
      .with('used', (db) => use(db).returning('remaining'))
      .with('bumped', (db) =>
        db
          .updateTable('settings')
          .set({ value: sql<string>`cast(cast(value as bigint) + 1 as text)` })
          .where('key', '=', CONTROL_VERSION_KEY)
          .where((eb) => eb.exists(eb.selectFrom('used').select('used.remaining').where('used.remaining', '=', 0)))
          .returning('key'),
      )
      .selectFrom('used')
      .select('used.remaining')
      .executeTakeFirst();
    // Used up: other instances drop the rule when they see the version; this one at once.
    if (used?.remaining === 0) this.#gatewayCache = undefined;
    return used !== undefined;
  }

  async hitThrottle(key: string, windowStart: number): Promise<number> {
    const row = await this.#db
      .insertInto('throttle_counters')
      .values({ key, window_start: windowStart, count: 1 })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          count: sql`case when throttle_counters.window_start = ${windowStart} then throttle_counters.count + 1 else 1 end`,
          window_start: windowStart,
        }),
      )
      .returning('count')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async appendJournal(rows: NewJournalRow[], keep: number): Promise<void> {
    if (rows.length === 0) return;
    const writer = this.#writer;
    if (writer) {
      await this.#db.connection().execute(async () => this.#preparedJournalAppend(writer)(rows, keep));
      return;
    }
    if (this.dialect === 'postgres') {
      // The statement's delete cannot see the rows its own insert adds: those that would go at
      // once (a batch larger than the journal) are not written.
      const kept = rows.length > keep ? rows.slice(-keep) : rows;
      await this.#db.executeQuery(CompiledQuery.raw(APPEND_JOURNAL_BATCH, appendJournalValues(kept, keep)));
      return;
    }
    await this.#db.transaction().execute(async (trx) => {
      await trx.insertInto('request_journal').values(rows).execute();
      // Oldest first out, by insertion order: one indexed delete below the newest `keep` seqs
      // (a PostgreSQL sequence may skip numbers after a rollback, so the bound is at most `keep`).
      const newest = await trx
        .selectFrom('request_journal')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirst();
      if (newest?.seq !== undefined && newest.seq !== null)
        await trx
          .deleteFrom('request_journal')
          .where('seq', '<=', Number(newest.seq) - keep)
          .execute();
    });
  }

  /** The journal's insert and trim as prepared statements in one SQLite transaction. */
  #preparedJournalAppend(writer: BetterSqlite3.Database) {
    if (this.#appendJournalRows) return this.#appendJournalRows;
    const insert = writer.prepare(
      `insert into request_journal (id, at, duration_ms, method, path, query, status, partner_id, request_id,
        correlation_id, server_id, request_body, response_body)
       values (@id, @at, @duration_ms, @method, @path, @query, @status, @partner_id, @request_id,
        @correlation_id, @server_id, @request_body, @response_body)`,
    );
    const trim = writer.prepare('delete from request_journal where seq <= (select max(seq) from request_journal) - ?');
    this.#appendJournalRows = writer.transaction((rows: NewJournalRow[], keep: number) => {
      for (const row of rows) insert.run(row);
      trim.run(keep);
    });
    return this.#appendJournalRows;
  }

  async listJournal(query: JournalQuery): Promise<JournalEntry[]> {
    let select = this.#db.selectFrom('request_journal').selectAll();
    if (query.method) select = select.where('method', '=', query.method.toUpperCase());
    if (query.partner) select = select.where('partner_id', '=', query.partner.toLowerCase());
    if (query.status) select = select.where('status', '>=', query.status.min).where('status', '<=', query.status.max);
    if (query.since !== undefined) select = select.where('at', '>=', query.since);
    if (query.until !== undefined) select = select.where('at', '<=', query.until);
    // Arrival order: instances write their batches independently, so insertion order is not it.
    select = select.orderBy('at', 'desc').orderBy('seq', 'desc');
    if (query.limit !== undefined) select = select.limit(query.limit);
    return (await select.execute()).map(journalEntryFromRow).reverse();
  }

  async clearJournal(partner?: string): Promise<number> {
    let remove = this.#db.deleteFrom('request_journal');
    if (partner !== undefined) remove = remove.where('partner_id', '=', partner.toLowerCase());
    const [result] = await remove.execute();
    return Number(result?.numDeletedRows ?? 0);
  }

  async resetData(): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await this.#deleteData(trx);
      await trx.deleteFrom('request_journal').execute();
      await trx.deleteFrom('settings').where('key', '=', CLOCK_KEY).execute();
      await this.#bumpControlVersion(trx);
    });
    this.#stateReplaced();
  }

  async #deleteData(trx: Executor): Promise<void> {
    await deleteChildren(trx, undefined);
    await trx.deleteFrom('customers').execute();
    await trx.updateTable('partners').set({ customer_count: 0 }).where('customer_count', '<>', 0).execute();
    await trx.deleteFrom('idempotency').execute();
    await trx.deleteFrom('fault_rules').execute();
    await trx.deleteFrom('throttle_counters').execute();
  }

  async exportSnapshot(): Promise<Snapshot> {
    return this.#db.transaction().execute(async (trx) => {
      const [partners, apps, users, customers, children, faults, clock] = await Promise.all([
        trx.selectFrom('partners').selectAll().orderBy('created_at').orderBy('id').execute(),
        trx.selectFrom('apps').selectAll().orderBy('created_at').execute(),
        trx.selectFrom('users').selectAll().orderBy('created_at').execute(),
        trx.selectFrom('customers').selectAll().orderBy('partner_id').orderBy('seq').execute(),
        exportChildren(trx),
        trx.selectFrom('fault_rules').selectAll().orderBy('created_at').execute(),
        trx.selectFrom('settings').select('value').where('key', '=', CLOCK_KEY).executeTakeFirst(),
      ]);
      return {
        format: 'partnerbox-snapshot' as const,
        version: 1 as const,
        exportedAt: new Date().toISOString(),
        clockOffsetMs: Number(clock?.value ?? '0'),
        partners: partners.map(partnerFromRow),
        apps: apps.map(appFromRow),
        users: users.map(userFromRow),
        customers: customers.map(customerFromRow),
        ...children,
        faultRules: faults.map(faultRuleFromRow),
      };
    });
  }

  async importSnapshot(snapshot: Snapshot): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await this.#deleteState(trx);
      const counts = new Map<string, PartnerCounts>();
      for (const c of snapshot.customers) {
        const now = counts.get(c.partnerId) ?? { seq: 0, count: 0 };
        counts.set(c.partnerId, { seq: Math.max(now.seq, c.seq), count: now.count + 1 });
      }
      await this.#insertIdentities(trx, snapshot, counts);
      await this.#bumpIdentitiesVersion(trx);
      for (const chunk of chunks(snapshot.customers.map(customerToRow)))
        await trx.insertInto('customers').values(chunk).execute();
      await importChildren(trx, snapshot);
      await this.#importSettings(trx, snapshot);
      await this.#bumpControlVersion(trx);
    });
    this.#stateReplaced();
  }

  /** Everything an import replaces, emptied. */
  async #deleteState(trx: Executor): Promise<void> {
    await this.#deleteData(trx);
    await trx.deleteFrom('users').execute();
    await trx.deleteFrom('apps').execute();
    await trx.deleteFrom('partners').execute();
  }

  async #importSettings(trx: Executor, head: Pick<SnapshotHead, 'faultRules' | 'clockOffsetMs'>): Promise<void> {
    for (const chunk of chunks(head.faultRules.map(faultRuleToRow)))
      await trx.insertInto('fault_rules').values(chunk).execute();
    await trx
      .insertInto('settings')
      .values({ key: CLOCK_KEY, value: String(head.clockOffsetMs) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(head.clockOffsetMs) }))
      .execute();
  }

  #stateReplaced(): void {
    this.#clockCache = undefined;
    this.#faultCache = undefined;
    this.#gatewayCache = undefined;
    this.#customerCache.clear();
  }

  async importSnapshotStream(head: SnapshotHead, batches: AsyncIterable<TableRows>): Promise<number> {
    let imported = 0;
    // Without foreign keys, SQLite empties each table at once instead of row by row, and inserts
    // look no parents up: the stream reader has checked every reference already (each customer's
    // records against it and the head, domain/snapshot-invariants.ts), and keys and domains stay
    // unique by their indexes. The indexes stay: built again from the rows at the end (dropped
    // inside the transaction), they cost more than they save at 1,000,000 customers (44 against
    // 34 s of SQLite's CPU, with the page cache below), the sort of five indexes taking 18 s.
    // The page cache is generation's, for the same reason: the indexes in random order (the
    // domains, the names) then miss it less, 36.5 → 33.6 s.
    const settings = { foreign_keys: 0, cache_size: -BULK_CACHE_KIB };
    // Whatever the cache holds is about to be replaced: its memory is the import's (it is
    // cleared again once the new state is committed, as reads may refill it meanwhile).
    this.#customerCache.clear();
    await this.#bulkLoad(
      () =>
        this.#db.transaction().execute(async (trx) => {
          await this.#deleteState(trx);
          await this.#insertIdentities(trx, head);
          await this.#bumpIdentitiesVersion(trx);
          const counts = new Map<string, PartnerCounts>();
          const writer = new AggregateWriter(trx, this.#writer);
          for await (const batch of batches) {
            for (const { table, columns, values } of batch) {
              if (table !== 'customers') continue;
              const [partnerAt, seqAt] = [columns.indexOf('partner_id'), columns.indexOf('seq')];
              for (let i = 0; i < values.length; i += columns.length) {
                const [partnerId, seq] = [String(values[i + partnerAt]), Number(values[i + seqAt])];
                const now = counts.get(partnerId) ?? { seq: 0, count: 0 };
                counts.set(partnerId, { seq: Math.max(now.seq, seq), count: now.count + 1 });
                imported += 1;
              }
            }
            await writer.addRows(batch);
          }
          for (const [id, { seq, count }] of counts)
            await trx
              .updateTable('partners')
              .set({ customer_seq: seq, customer_count: count })
              .where('id', '=', id)
              .execute();
          await this.#importSettings(trx, head);
          await this.#bumpControlVersion(trx);
        }),
      settings,
    );
    this.#stateReplaced();
    return imported;
  }

  async #bumpIdentitiesVersion(trx: Executor): Promise<void> {
    await trx
      .insertInto('settings')
      .values({ key: IDENTITIES_VERSION_KEY, value: newGuid() })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: newGuid() }))
      .execute();
  }

  async generateCustomers(
    partnerId: string,
    count: number,
    build: (ctx: GenerateContext) => GeneratedBatch,
    batchSize = 5_000,
  ): Promise<number> {
    // A page cache that keeps the growing ends of the customers' five indexes across batches.
    const settings = { cache_size: -BULK_CACHE_KIB };
    return this.#bulkLoad(async () => {
      let made = 0;
      while (made < count) made += await this.#generateBatch(partnerId, count - made, batchSize, build);
      return made;
    }, settings);
  }

  async #generateBatch(
    partnerId: string,
    remaining: number,
    batchSize: number,
    build: (ctx: GenerateContext) => GeneratedBatch,
  ): Promise<number> {
    return this.#db.transaction().execute(async (trx) => {
      let pq = trx.selectFrom('partners').selectAll().where('id', '=', partnerId);
      if (this.dialect === 'postgres') pq = pq.forUpdate();
      const row = await pq.executeTakeFirst();
      const nextSeq = Number(row?.customer_seq ?? 0) + 1;
      const batch = build({
        partner: row && partnerFromRow(row),
        customerCount: Number(row?.customer_count ?? 0),
        nextSeq,
        count: Math.min(batchSize, remaining),
        remaining,
      });
      const template = RowTemplate.of(batch.prototype, batch.slots);
      const writer = new AggregateWriter(trx, this.#writer);
      let lastSeq = nextSeq - 1;
      for (const { seq, values } of batch.customers) {
        await writer.addGenerated(template, seq, values);
        lastSeq = Math.max(lastSeq, seq);
      }
      await writer.flush();
      await trx
        .updateTable('partners')
        .set((eb) => ({ customer_seq: lastSeq, customer_count: eb('customer_count', '+', batch.customers.length) }))
        .where('id', '=', partnerId)
        .execute();
      return batch.customers.length;
    });
  }

  /**
   * A bulk load (generation, a streamed import) on SQLite, with `settings` (pragmas) that hold
   * for it only, and no fsync at checkpoints.
   * With synchronous=OFF in WAL mode an OS crash (not a process crash) may lose the load's last
   * commits, which the load can simply be run again for; measured with bench/large-sandbox.mjs,
   * it was a quarter of the writes' time.
   */
  async #bulkLoad<T>(load: () => Promise<T>, settings: Record<string, number> = {}): Promise<T> {
    if (!this.#writer) return load();
    const restore = await this.#pragmas({ synchronous: 0, ...settings });
    try {
      return await load();
    } finally {
      await this.#pragmas(restore);
    }
  }

  /**
   * Sets pragmas through Kysely's connection, so never in the middle of another request's
   * transaction, and answers the values they had.
   */
  async #pragmas(values: Record<string, number>): Promise<Record<string, number>> {
    return this.#db.connection().execute(async () => {
      const before: Record<string, number> = {};
      for (const [name, value] of Object.entries(values)) {
        before[name] = Number(this.#writer?.pragma(name, { simple: true }));
        this.#writer?.pragma(`${name} = ${value}`);
      }
      return before;
    });
  }

  async writeSnapshot(format: SnapshotFormat, write: (chunk: string) => Promise<void>): Promise<void> {
    let trx = this.#db.transaction();
    // One consistent state across every page (SQLite's transaction is serialisable already).
    if (this.dialect === 'postgres') trx = trx.setIsolationLevel('repeatable read');
    await trx.execute(async (tx) => {
      const [partners, apps, users, faults, clock] = await Promise.all([
        tx.selectFrom('partners').selectAll().orderBy('created_at').orderBy('id').execute(),
        tx.selectFrom('apps').selectAll().orderBy('created_at').execute(),
        tx.selectFrom('users').selectAll().orderBy('created_at').execute(),
        tx.selectFrom('fault_rules').selectAll().orderBy('created_at').execute(),
        tx.selectFrom('settings').select('value').where('key', '=', CLOCK_KEY).executeTakeFirst(),
      ]);
      const head = {
        exportedAt: new Date().toISOString(),
        clockOffsetMs: Number(clock?.value ?? '0'),
        partners: partners.map(partnerFromRow),
        apps: apps.map(appFromRow),
        users: users.map(userFromRow),
        faultRules: faults.map(faultRuleFromRow),
      };
      if (format === 'ndjson') await writeNdjson(tx, head, write);
      else await writeJson(tx, head, write);
    });
  }
}

type ExportHead = Omit<SnapshotHead, 'faultRules'> & { exportedAt: string; faultRules: FaultRule[] };

/** `exportSnapshot`'s JSON, with the same keys in the same order, written a page at a time. */
async function writeJson(db: Executor, head: ExportHead, write: (chunk: string) => Promise<void>): Promise<void> {
  const opening = {
    format: 'partnerbox-snapshot',
    version: 1,
    exportedAt: head.exportedAt,
    clockOffsetMs: head.clockOffsetMs,
    partners: head.partners,
    apps: head.apps,
    users: head.users,
  };
  await write(`${JSON.stringify(opening).slice(0, -1)},"customers":[`);
  let first = true;
  for await (const page of customerPages(db)) {
    await write(`${first ? '' : ','}${page.map((c) => JSON.stringify(c)).join(',')}`);
    first = false;
  }
  for (const c of CHILD_COLLECTIONS) {
    await write(`],${JSON.stringify(c.key)}:[`);
    first = true;
    for await (const page of childPages(db, c.key)) {
      await write(`${first ? '' : ','}${page.map((r) => JSON.stringify(r)).join(',')}`);
      first = false;
    }
  }
  await write(`],"faultRules":${JSON.stringify(head.faultRules)}}`);
}

const ndjsonLine = (type: string, record: unknown) => `${JSON.stringify({ type, record })}\n`;

/** A header line, the head's records, then each customer followed by the records it owns. */
async function writeNdjson(db: Executor, head: ExportHead, write: (chunk: string) => Promise<void>): Promise<void> {
  const header = {
    format: 'partnerbox-snapshot-ndjson',
    version: 1,
    exportedAt: head.exportedAt,
    clockOffsetMs: head.clockOffsetMs,
  };
  const lines = [`${JSON.stringify(header)}\n`];
  for (const key of ['partners', 'apps', 'users', 'faultRules'] as const)
    for (const record of head[key]) lines.push(ndjsonLine(key, record));
  await write(lines.join(''));
  for await (const page of customerPages(db)) {
    const children = await childrenOf(
      db,
      page.map((c) => c.id),
    );
    const out: string[] = [];
    for (const customer of page) {
      out.push(ndjsonLine('customers', customer));
      const owned = children.get(customer.id);
      if (owned)
        for (const c of CHILD_COLLECTIONS) for (const record of owned[c.key]) out.push(ndjsonLine(c.key, record));
    }
    await write(out.join(''));
  }
}
