import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isBundleCurrent } from '../src/fast-start.js';

const root = mkdtempSync(path.join(tmpdir(), 'partnerbox-fast-start-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const BUILT_AT = new Date('2026-06-01T12:00:00Z');
const BEFORE = new Date('2026-06-01T11:00:00Z');
const AFTER = new Date('2026-06-01T13:00:00Z');

interface Layout {
  bundle?: boolean;
  /** sources.json's text, or the list to write. */
  sources?: string | string[];
  /** Files beside the bundle's folder, with their modification times. */
  files?: Record<string, Date>;
}

let count = 0;
function layout({ bundle = true, sources = ['../index.js'], files = { 'index.js': BEFORE } }: Layout): string {
  const dist = path.join(root, `case-${count++}`);
  const bundleDir = path.join(dist, 'bundle');
  mkdirSync(bundleDir, { recursive: true });
  for (const [name, time] of Object.entries(files)) {
    writeFileSync(path.join(dist, name), '');
    utimesSync(path.join(dist, name), time, time);
  }
  if (bundle) {
    writeFileSync(path.join(bundleDir, 'index.cjs'), '');
    utimesSync(path.join(bundleDir, 'index.cjs'), BUILT_AT, BUILT_AT);
  }
  writeFileSync(path.join(bundleDir, 'sources.json'), typeof sources === 'string' ? sources : JSON.stringify(sources));
  return bundleDir;
}

describe('isBundleCurrent: whether serve may load the single-file build', () => {
  const cases: [string, Layout, boolean][] = [
    ['every source older than the bundle', { files: { 'index.js': BEFORE, 'app.js': BEFORE } }, true],
    [
      'a source as old as the bundle (a packed package: npm sets one time on every file)',
      { files: { 'index.js': BUILT_AT } },
      true,
    ],
    [
      'a source rebuilt after the bundle',
      { sources: ['../index.js', '../app.js'], files: { 'index.js': BEFORE, 'app.js': AFTER } },
      false,
    ],
    [
      'a listed source that does not exist (an installed package)',
      { sources: ['../index.js', '../../../contract/dist/x.js'] },
      true,
    ],
    ['no bundle', { bundle: false }, false],
    ['sources.json unreadable', { sources: '{not json' }, false],
    ['sources.json not a list of paths', { sources: '[1]' }, false],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(isBundleCurrent(layout(input))).toBe(expected);
  });
});

describe('the single-file build', () => {
  // Built without esbuild's keepNames (its per-closure `__name` calls cost the hot path): a
  // class or function esbuild had to rename would now carry the new name, e.g. in `error.name`.
  it('keeps the name of every class and function the package exports', async () => {
    const bundle = path.resolve(import.meta.dirname, '../dist/bundle/index.cjs');
    const exported = (await import(bundle)) as Record<string, unknown>;
    const functions = Object.entries(exported).filter(([, value]) => typeof value === 'function');
    expect(functions.length).toBeGreaterThan(10);
    for (const [name, value] of functions) expect((value as { name: string }).name, name).toBe(name);
  });
});

describe('what the single-file build leaves out', () => {
  const dist = path.resolve(import.meta.dirname, '../dist');

  it("holds neither Fastify's default schema compilers nor X.509, yet serves and validates", () => {
    const source = readFileSync(path.join(dist, 'bundle/index.cjs'), 'utf8');
    expect(source).not.toContain('node_modules/@fastify/ajv-compiler/');
    expect(source).not.toContain('node_modules/fast-json-stringify/index.js');
    expect(source).not.toContain('node_modules/@peculiar/');
    expect(source).toContain('__partnerboxDynamicImport("../tls/local-certificates.js")');
  });

  it('starts, answers a validated request and never loads the compilers it replaces', () => {
    // A process of its own: whether a module was loaded is a fact about a whole process.
    const script = `
      const { buildApp } = await import(${JSON.stringify(path.join(dist, 'bundle/index.cjs'))});
      const app = await buildApp({ store: { kind: 'memory' }, adminKey: 'pbx_fast_start_test_key' });
      const response = await app.inject({ method: 'POST', url: '/_sandbox/partners', headers: { authorization: 'Bearer pbx_fast_start_test_key' }, payload: { kind: 'nonsense' } });
      const { createRequire } = await import('node:module');
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((file) => /ajv-compiler|fast-json-stringify-compiler|@peculiar/.test(file));
      console.log(JSON.stringify({ status: response.statusCode, loaded }));
      await app.close();
    `;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dist,
      encoding: 'utf8',
    });
    const { status, loaded } = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as {
      status: number;
      loaded: string[];
    };
    expect(status).toBe(400);
    expect(loaded).toEqual([]);
  });

  it('still makes a local CA for --tls, from dist/tls/', async () => {
    const { localCertificates } = (await import(path.join(dist, 'tls/local-certificates.js'))) as {
      localCertificates: (dir: string) => Promise<{ cert: string }>;
    };
    const made = await localCertificates(mkdtempSync(path.join(root, 'tls-')));
    expect(made.cert).toContain('-----BEGIN CERTIFICATE-----');
  });
});
