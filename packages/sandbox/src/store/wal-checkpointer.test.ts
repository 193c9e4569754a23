import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WalCheckpointer } from './wal-checkpointer.js';

const until = async (condition: () => boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('WalCheckpointer', () => {
  let dir: string;
  let file: string;
  let writer: BetterSqlite3.Database;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'partnerbox-wal-'));
    file = path.join(dir, 'test.db');
    writer = new BetterSqlite3(file);
    writer.pragma('journal_mode = WAL');
    writer.exec('create table t (id integer primary key, body text)');
  });
  afterEach(() => {
    if (writer.open) writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const writeMegabytes = async (megabytes: number) => {
    const insert = writer.prepare('insert into t (body) values (?)');
    const body = 'x'.repeat(64 * 1024);
    for (let i = 0; i < megabytes; i++) {
      writer.transaction(() => {
        for (let j = 0; j < 16; j++) insert.run(body);
      })();
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
  };

  it("checkpoints the writer's commits from its own thread, with the writer's automatic checkpoint off", async () => {
    const checkpointer = new WalCheckpointer(writer, file, { startDelayInMs: 0, intervalInMs: 10 });
    await until(() => checkpointer.running);
    expect(writer.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    // Only the worker can have copied the WAL into the database file.
    await writeMegabytes(3);
    await until(() => statSync(file).size >= 3 * 1024 * 1024);
    await checkpointer.stop();
    expect(writer.prepare('select count(*) from t').pluck().get()).toBe(3 * 16);
  });

  it('keeps the WAL bounded under sustained writes', async () => {
    // The writer takes over past 1 MB here (16 MB in use): 60 MB written, a megabyte every 10 ms.
    // On an idle disk the passive checkpoints keep up alone; on a busy one (slow fsyncs) they do not.
    const checkpointer = new WalCheckpointer(writer, file, {
      startDelayInMs: 0,
      intervalInMs: 10,
      takeOverAfterPages: 256,
    });
    await until(() => checkpointer.running);
    const insert = writer.prepare('insert into t (body) values (?)');
    const body = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 60; i++) {
      writer.transaction(() => {
        for (let j = 0; j < 16; j++) insert.run(body);
      })();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Never starting over, it would hold all 60.
    expect(statSync(`${file}-wal`).size).toBeLessThan(32 * 1024 * 1024);
    await checkpointer.stop();
    expect(writer.prepare('select count(*) from t').pluck().get()).toBe(60 * 16);
  });

  it('gives the writer its automatic checkpoint back when the worker stops', async () => {
    const checkpointer = new WalCheckpointer(writer, file, { startDelayInMs: 0 });
    await until(() => checkpointer.running);
    await checkpointer.stop();
    expect(checkpointer.running).toBe(false);
    expect(writer.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it("closes last after the store's connections, writing the whole WAL into the file", async () => {
    const checkpointer = new WalCheckpointer(writer, file, { startDelayInMs: 0, intervalInMs: 60_000 });
    await until(() => checkpointer.running);
    await writeMegabytes(3);
    writer.close();
    expect(existsSync(`${file}-wal`)).toBe(true);
    await checkpointer.stop();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = new BetterSqlite3(file, { readonly: true });
    expect(reopened.prepare('select count(*) from t').pluck().get()).toBe(3 * 16);
    reopened.close();
  });

  it('never starts when stopped before its delay, and leaves the writer as it was', async () => {
    const checkpointer = new WalCheckpointer(writer, file, { startDelayInMs: 50 });
    await checkpointer.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(checkpointer.running).toBe(false);
    expect(writer.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });
});
