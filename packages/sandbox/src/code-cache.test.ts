import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadWithCodeCache } from './code-cache.js';

const root = mkdtempSync(path.join(tmpdir(), 'partnerbox-code-cache-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let count = 0;
function scratch(files: Record<string, string>): { dir: string; cacheDir: string } {
  const dir = path.join(root, `case-${count++}`);
  mkdirSync(path.join(dir, 'bundle'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return { dir, cacheDir: path.join(dir, 'cache') };
}

const noTimers = { saveAfterMs: 0 };

/**
 * Loads `file` in a process of its own (V8 also keeps compiled code in memory, so a second
 * load in this process would say nothing about the cache on disk), saves, and answers the
 * status and what `exports.value` was.
 */
function loadInChild(file: string, cacheDir: string): { status: string; value: unknown } {
  const module = path.resolve(import.meta.dirname, '../dist/code-cache.js');
  const script = `
    const { loadWithCodeCache } = await import(${JSON.stringify(module)});
    const loaded = loadWithCodeCache(${JSON.stringify(file)}, { cacheDir: ${JSON.stringify(cacheDir)}, saveAfterMs: 0 });
    loaded.save();
    console.log(JSON.stringify({ status: loaded.status, value: loaded.exports.value }));
  `;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
}

describe('loadWithCodeCache', () => {
  it('runs a CommonJS file, then compiles it from the cache it wrote', () => {
    const { dir, cacheDir } = scratch({
      'bundle/index.cjs': "exports.answer = () => 42; exports.file = __filename; exports.os = require('node:os').EOL;",
    });
    const file = path.join(dir, 'bundle/index.cjs');
    const first = loadWithCodeCache<{ answer(): number; file: string; os: string }>(file, { cacheDir, ...noTimers });
    expect(first.status).toBe('miss');
    expect(first.exports.answer()).toBe(42);
    expect(first.exports.file).toBe(file);
    expect(first.exports.os).toBe('\n');
    first.save();
    expect(readdirSync(cacheDir)).toHaveLength(1);
  });

  it('compiles from the cache in the next process', () => {
    const { dir, cacheDir } = scratch({ 'bundle/index.cjs': 'exports.value = [1, 2, 3].map((n) => n * 2);' });
    const file = path.join(dir, 'bundle/index.cjs');
    expect(loadInChild(file, cacheDir)).toEqual({ status: 'miss', value: [2, 4, 6] });
    expect(loadInChild(file, cacheDir)).toEqual({ status: 'hit', value: [2, 4, 6] });
  });

  it('never offers a cache to other text of the same length', () => {
    const { dir, cacheDir } = scratch({ 'bundle/index.cjs': 'exports.value = "aaaa";' });
    const file = path.join(dir, 'bundle/index.cjs');
    expect(loadInChild(file, cacheDir)).toEqual({ status: 'miss', value: 'aaaa' });
    writeFileSync(file, 'exports.value = "bbbb";');
    expect(loadInChild(file, cacheDir)).toEqual({ status: 'miss', value: 'bbbb' });
  });

  it('imports relative to the file, through the function the build calls for import()', async () => {
    const { dir, cacheDir } = scratch({
      'bundle/index.cjs': 'exports.load = () => __partnerboxImport("../tls.mjs");',
      'tls.mjs': 'export const made = "certificate";',
    });
    const loaded = loadWithCodeCache<{ load(): Promise<{ made: string }> }>(path.join(dir, 'bundle/index.cjs'), {
      cacheDir,
      ...noTimers,
    });
    expect((await loaded.exports.load()).made).toBe('certificate');
  });

  it('keeps no cache in a directory others may write to, and still loads', () => {
    const { dir, cacheDir } = scratch({ 'bundle/index.cjs': 'exports.ok = true;' });
    mkdirSync(cacheDir, { mode: 0o777 });
    chmodSync(cacheDir, 0o777);
    const loaded = loadWithCodeCache<{ ok: boolean }>(path.join(dir, 'bundle/index.cjs'), { cacheDir, ...noTimers });
    expect(loaded.status).toBe('off');
    expect(loaded.exports.ok).toBe(true);
    loaded.save();
    expect(readdirSync(cacheDir)).toHaveLength(0);
  });

  it('rewrites a cache V8 refuses', () => {
    const { dir, cacheDir } = scratch({ 'bundle/index.cjs': 'exports.value = 1;' });
    const file = path.join(dir, 'bundle/index.cjs');
    loadInChild(file, cacheDir);
    const [name] = readdirSync(cacheDir);
    writeFileSync(path.join(cacheDir, name ?? ''), 'not a code cache');
    expect(loadInChild(file, cacheDir)).toEqual({ status: 'rejected', value: 1 });
    expect(loadInChild(file, cacheDir)).toEqual({ status: 'hit', value: 1 });
  });
});
