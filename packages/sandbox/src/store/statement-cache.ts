/**
 * @module The SQLite connection as Kysely sees it, with each statement prepared once: Kysely's
 * driver calls `prepare` on every query, and preparing costs a parse and a plan each time (a
 * third of a GET's store time, issue 11). better-sqlite3 statements are reusable, and Kysely runs
 * one query at a time on its single SQLite connection, so a cached statement is never busy.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { LruCache } from './lru-cache.js';

/**
 * Distinct statement texts are few (every query is a fixed Kysely shape; multi-row inserts vary
 * only by their row count), so a small bound keeps every hot one.
 */
export const STATEMENT_CACHE_LIMIT = 500;

export interface CachingSqliteDatabase extends SqliteDatabase {
  /** Statements prepared so far: what tests look at to see the cache work. */
  readonly prepared: number;
}

export function cachingSqliteDatabase(
  database: BetterSqlite3.Database,
  limit = STATEMENT_CACHE_LIMIT,
): CachingSqliteDatabase {
  const statements = new LruCache<string, SqliteStatement>(limit);
  let prepared = 0;
  return {
    get prepared() {
      return prepared;
    },
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      let statement = statements.get(sql);
      if (!statement) {
        statement = database.prepare(sql);
        prepared += 1;
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
