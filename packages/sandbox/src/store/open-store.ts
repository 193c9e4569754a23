/**
 * @module Opens the store a server was configured with: an embedded SQLite file (the default),
 * SQLite in memory, or PostgreSQL.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { classifyingDialect } from './classifying-dialect.js';
import type { Database } from './schema.js';
import { SqlStore } from './sql-store.js';

export type StoreConfig =
  | { kind: 'sqlite'; file: string }
  | { kind: 'memory' }
  | { kind: 'postgres'; connectionString: string; poolSize?: number };

export const SQLITE_FILE_NAME = 'partnerbox.db';

// BIGINT (timestamps, counts) as JS numbers: epoch milliseconds stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export async function openStore(config: StoreConfig): Promise<SqlStore> {
  const store =
    config.kind === 'postgres' ? openPostgres(config.connectionString, config.poolSize) : openSqlite(config);
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
  const db = new Kysely<Database>({ dialect: classifyingDialect(new SqliteDialect({ database })) });
  let reader: BetterSqlite3.Database | undefined;
  if (config.kind === 'sqlite') {
    // Opened after the writer set WAL mode; an in-memory database has no second connection.
    reader = new BetterSqlite3(file, { readonly: true });
    reader.pragma('busy_timeout = 5000');
  }
  return new SqlStore({
    db,
    dialect: 'sqlite',
    location: config.kind === 'memory' ? 'sqlite (in memory)' : `sqlite ${file}`,
    exclusive: true,
    writer: database,
    ...(reader ? { reader } : {}),
  });
}

function openPostgres(connectionString: string, poolSize = 10): SqlStore {
  const pool = new pg.Pool({ connectionString, max: poolSize, connectionTimeoutMillis: 5_000 });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', () => undefined);
  // pg-pool listens for errors on idle clients only. A client checked out by Kysely (a query or
  // a transaction in flight) when the server goes away emits 'error' with no listener, which
  // crashes the process: seen with `pg_ctl stop -m immediate` under load. The query itself
  // still rejects (answered 503 by the error handler), and the pool drops the client when it is
  // released because it is no longer queryable, so swallowing the event loses nothing.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: classifyingDialect(new PostgresDialect({ pool })) });
  const url = new URL(connectionString);
  url.password = '';
  return new SqlStore({ db, dialect: 'postgres', location: `postgres ${url.host}${url.pathname}`, exclusive: false });
}
