/**
 * @module Throwaway PostgreSQL databases for tests: created on the server named by
 * `PARTNERBOX_TEST_POSTGRES_URL` (default the local trust-auth server), dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Target } from './target.js';
import { startEmbeddedTarget, type EmbeddedTargetOptions } from './targets.js';

export const TEST_POSTGRES_URL =
  process.env['PARTNERBOX_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Put before every test database's name (`PARTNERBOX_TEST_DB_PREFIX`), so that runs sharing a
 * server each create and drop only databases named as theirs.
 */
export const TEST_DATABASE_PREFIX = (() => {
  const prefix = process.env['PARTNERBOX_TEST_DB_PREFIX'] ?? '';
  if (!/^[a-z0-9_]*$/.test(prefix)) throw new Error('PARTNERBOX_TEST_DB_PREFIX: lower-case letters, digits and _ only');
  return prefix;
})();

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function admin<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(serverUrl = TEST_POSTGRES_URL): Promise<TestDatabase> {
  const name = `${TEST_DATABASE_PREFIX}partnerbox_test_${randomBytes(6).toString('hex')}`;
  await admin(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** The sandbox on a fresh PostgreSQL database (one or several instances), dropped on close. */
export async function startPostgresTarget(options: Omit<EmbeddedTargetOptions, 'store'> = {}): Promise<Target> {
  const database = await createTestDatabase();
  try {
    const target = await startEmbeddedTarget({
      ...options,
      store: { kind: 'postgres', connectionString: database.url },
    });
    return {
      ...target,
      async close() {
        await target.close();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}
