import { describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { cachingSqliteDatabase } from './statement-cache.js';

describe('cachingSqliteDatabase', () => {
  it('prepares each statement text once and answers from the same statement', () => {
    const raw = new BetterSqlite3(':memory:');
    const db = cachingSqliteDatabase(raw, 2);
    db.prepare('create table t (x integer)').run([]);
    const insert = db.prepare('insert into t values (?)');
    for (let i = 0; i < 5; i++) db.prepare('insert into t values (?)').run([i]);
    expect(db.prepare('insert into t values (?)')).toBe(insert);
    expect(db.prepare('select count(*) as n from t').all([])).toEqual([{ n: 5 }]);
    expect(db.prepared).toBe(3);
    // Beyond the limit the least recently used statement goes, and is prepared again when needed.
    db.prepare('select 1');
    db.prepare('select count(*) as n from t');
    expect(db.prepared).toBe(4);
    db.prepare('insert into t values (?)');
    expect(db.prepared).toBe(5);
    db.close();
  });
});
