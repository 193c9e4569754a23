/**
 * @module The stores the growth tests run on: a SQLite file in a temporary directory, or a fresh
 * database (named `perf_…`) on the local PostgreSQL server, dropped afterwards; and the partner
 * rows' kept counts beside a real count of their customers, read behind the API's back.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { TEST_DATABASE_PREFIX, TEST_POSTGRES_URL } from '@partnerbox/conformance';
import type { StoreConfig } from '../../src/store/open-store.js';

export interface TestStore {
  kind: 'sqlite' | 'postgres';
  config: StoreConfig & { kind: 'sqlite' | 'postgres' };
  /** `partner id → [kept count, counted rows]` for every partner. */
  counts(): Promise<Map<string, [number, number]>>;
  /** Runs one SQL statement directly (setup and inspection only). */
  exec(text: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

const COUNTS_SQL = `select p.id, p.customer_count as kept,
  (select count(*) from customers c where c.partner_id = p.id) as counted from partners p`;

export async function sqliteTestStore(): Promise<TestStore> {
  const dir = mkdtempSync(path.join(tmpdir(), 'perf-store-'));
  const file = path.join(dir, 'partnerbox.db');
  const exec = async (text: string, values: unknown[] = []) => {
    const db = new BetterSqlite3(file);
    try {
      const statement = db.prepare(text);
      return statement.reader
        ? (statement.all(...values) as Record<string, unknown>[])
        : (statement.run(...values), []);
    } finally {
      db.close();
    }
  };
  return {
    kind: 'sqlite',
    config: { kind: 'sqlite', file },
    exec,
    counts: async () => countsFrom(await exec(COUNTS_SQL)),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function admin(fn: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

export async function postgresTestStore(): Promise<TestStore> {
  const name = `${TEST_DATABASE_PREFIX}perf_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  const connectionString = url.toString();
  const exec = async (text: string, values: unknown[] = []) => {
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  };
  return {
    kind: 'postgres',
    config: { kind: 'postgres', connectionString },
    exec,
    counts: async () => countsFrom(await exec(COUNTS_SQL)),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

function countsFrom(rows: Record<string, unknown>[]): Map<string, [number, number]> {
  return new Map(rows.map((r) => [String(r['id']), [Number(r['kept']), Number(r['counted'])]]));
}

export const TEST_STORES = [
  ['SQLite', sqliteTestStore],
  ['PostgreSQL', postgresTestStore],
] as const;
