/**
 * @module Opens the store a server was configured with: an embedded SQLite file (the default),
 * SQLite in memory, or PostgreSQL.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type pg from 'pg';
import { classifyingDialect } from './classifying-dialect.js';
import type { Database } from './schema.js';
import { SqlStore } from './sql-store.js';
import { cachingSqliteDatabase } from './statement-cache.js';
import { WalCheckpointer } from './wal-checkpointer.js';

export type StoreConfig =
  | { kind: 'sqlite'; file: string }
  | { kind: 'memory' }
  | {
      kind: 'postgres';
      connectionString: string;
      poolSize?: number;
      /** The longest one request waits on PostgreSQL, in ms (default 10 s): see openPostgres. */
      timeoutMs?: number;
      /** Called with each statement sent to PostgreSQL (tests count round trips with it). */
      onStatement?: (text: string, prepared: boolean) => void;
    };

export const DEFAULT_DATABASE_TIMEOUT_MS = 10_000;

export const SQLITE_FILE_NAME = 'partnerbox.db';

/**
 * pg, loaded on first use: a SQLite start need not pay for it (~70 ms of `serve`'s start-up,
 * most of it pg touching `fetch`, which loads undici; docs/benchmarks.md, "Start-up").
 */
async function loadPg(): Promise<typeof pg> {
  const { default: loaded } = await import('pg');
  // BIGINT (timestamps, counts) as JS numbers: epoch milliseconds stay far below 2^53.
  loaded.types.setTypeParser(loaded.types.builtins.INT8, (value) => Number(value));
  return loaded;
}

export async function openStore(config: StoreConfig): Promise<SqlStore> {
  const store =
    config.kind === 'postgres'
      ? openPostgres(await loadPg(), config.connectionString, config.poolSize, config.timeoutMs, config.onStatement)
      : openSqlite(config);
  try {
    await store.migrate();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return store;
}

function openSqlite(config: { kind: 'sqlite'; file: string } | { kind: 'memory' }): SqlStore {
  const file = config.kind === 'memory' ? ':memory:' : config.file;
  if (config.kind === 'sqlite') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new BetterSqlite3(file);
  database.pragma('journal_mode = WAL');
  // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commits.
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({
    dialect: classifyingDialect(new SqliteDialect({ database: cachingSqliteDatabase(database) })),
  });
  let reader: BetterSqlite3.Database | undefined;
  let checkpointer: WalCheckpointer | undefined;
  if (config.kind === 'sqlite') {
    // Opened after the writer set WAL mode; an in-memory database has no second connection.
    reader = new BetterSqlite3(file, { readonly: true });
    reader.pragma('busy_timeout = 5000');
    // A WAL that grew large (an import's) is cut back to this once checkpointed, not kept at its peak.
    database.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
    checkpointer = new WalCheckpointer(database, file);
  }
  return new SqlStore({
    db,
    dialect: 'sqlite',
    location: config.kind === 'memory' ? 'sqlite (in memory)' : `sqlite ${file}`,
    exclusive: true,
    writer: database,
    ...(reader ? { reader } : {}),
    ...(checkpointer ? { checkpointer } : {}),
  });
}

/**
 * A silent partition (packets dropped, no reset) must not hang requests until TCP gives up
 * (~15 minutes): half of `timeoutMs` bounds getting a connection (a new one, or a turn in the
 * pool's queue) and half bounds each query, client-side, so a request answers 503 within
 * `timeoutMs`. The server gets the same bound for statements (a lock wait behind a vanished
 * client) and ends sessions left idle in a transaction, whose row locks would otherwise
 * outlive their client. TCP keepalive, on both ends, finds idle connections that died.
 */
function postgresPoolConfig(connectionString: string, poolSize: number, timeoutMs: number): pg.PoolConfig {
  const half = Math.max(1, Math.round(timeoutMs / 2));
  return {
    connectionString,
    max: poolSize,
    connectionTimeoutMillis: half,
    query_timeout: half,
    statement_timeout: half,
    idle_in_transaction_session_timeout: timeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    options: '-c tcp_keepalives_idle=30 -c tcp_keepalives_interval=10 -c tcp_keepalives_count=3',
  };
}

/**
 * pg's query_timeout answers the caller but keeps the connection, whose late reply (or none)
 * would meet the next query: the connection is destroyed instead, and the pool drops it when
 * it is released because it is no longer queryable.
 */
function destroyOnReadTimeout(client: pg.PoolClient, names: StatementNames, onStatement?: StatementObserver): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const guarded = (...args: unknown[]): unknown => {
    const named = names.named(args);
    if (onStatement) onStatement(typeof args[0] === 'string' ? args[0] : '', named !== args);
    const result = query(...named);
    if (result instanceof Promise)
      result.catch((error: unknown) => {
        // `connection.stream` is internal to pg (its pipeline mode destroys it the same way).
        if (isReadTimeout(error)) (client as unknown as PgInternals).connection.stream.destroy();
      });
    return result;
  };
  Object.assign(client, { query: guarded });
}

type StatementObserver = (text: string, prepared: boolean) => void;

/**
 * Named prepared statements: Kysely sends every query unnamed, which PostgreSQL parses and plans
 * on every call. A query config with a `name` is parsed once per connection and then only bound
 * and executed (pg keeps the names it prepared on each connection). Kysely's statement texts are
 * a fixed set of shapes, so a bounded table of names covers them all; beyond the bound (many-row
 * inserts of every size, say) statements go unnamed as before. Statements without parameters
 * (`begin`, `commit`) are left alone: they have nothing to plan.
 */
export class StatementNames {
  readonly #names = new Map<string, string>();
  readonly limit: number;

  constructor(limit = 1_000) {
    this.limit = limit;
  }

  /** The arguments of `client.query(text, values)`, as a named query config when that applies. */
  named(args: unknown[]): unknown[] {
    const [text, values, ...rest] = args;
    if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || rest.length > 0) return args;
    let name = this.#names.get(text);
    if (name === undefined) {
      if (this.#names.size >= this.limit) return args;
      name = `pbx_${this.#names.size + 1}`;
      this.#names.set(text, name);
    }
    return [{ name, text, values }];
  }
}

interface PgInternals {
  connection: { stream: { destroy(): void } };
}

export function isReadTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === 'Query read timeout';
}

function openPostgres(
  driver: typeof pg,
  connectionString: string,
  poolSize = 10,
  timeoutMs = DEFAULT_DATABASE_TIMEOUT_MS,
  onStatement?: StatementObserver,
): SqlStore {
  const pool = new driver.Pool(postgresPoolConfig(connectionString, poolSize, timeoutMs));
  const names = new StatementNames();
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', () => undefined);
  // pg-pool listens for errors on idle clients only. A client checked out by Kysely (a query or
  // a transaction in flight) when the server goes away emits 'error' with no listener, which
  // crashes the process: seen with `pg_ctl stop -m immediate` under load. The query itself
  // still rejects (answered 503 by the error handler), and the pool drops the client when it is
  // released because it is no longer queryable, so swallowing the event loses nothing.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    destroyOnReadTimeout(client, names, onStatement);
  });
  const db = new Kysely<Database>({ dialect: classifyingDialect(new PostgresDialect({ pool })) });
  const url = new URL(connectionString);
  url.password = '';
  return new SqlStore({ db, dialect: 'postgres', location: `postgres ${url.host}${url.pathname}`, exclusive: false });
}
