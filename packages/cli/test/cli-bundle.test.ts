/**
 * `partnerbox` from the CLI's single-file build (scripts/bundle-cli.mjs, run by `npm run build`):
 * the launcher runs it while it is current and the modules otherwise, and it does the same work
 * (an offboarding of a seeded sandbox, every outcome as with the modules).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBundleCurrent as isSandboxBundleCurrent } from '@partnerbox/sandbox/fast-start';
import { cliBuild, isBundleCurrent } from '../src/fast-start.js';
import { json, runCli, startCliSandbox, type CliSandbox } from './helpers/cli.js';

const run = promisify(execFile);
const repo = new URL('../../../', import.meta.url).pathname;
const launcher = path.join(repo, 'packages/cli/bin/partnerbox.js');
const recordModules = new URL('./support/record-modules.mjs', import.meta.url).pathname;
const scratch = mkdtempSync(path.join(tmpdir(), 'partnerbox-cli-bundle-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const BUILT_AT = new Date('2026-06-01T12:00:00Z');
const BEFORE = new Date('2026-06-01T11:00:00Z');
const AFTER = new Date('2026-06-01T13:00:00Z');

interface Layout {
  bundle?: boolean;
  sources?: string | string[];
  files?: Record<string, Date>;
}

let count = 0;
/** A dist/ with a bundle/ folder holding both builds' entry names (the CLI's bin.js, the sandbox's index.cjs). */
function layout({ bundle = true, sources = ['../index.js'], files = { 'index.js': BEFORE } }: Layout): string {
  const dist = path.join(scratch, `case-${count++}`);
  const bundleDir = path.join(dist, 'bundle');
  mkdirSync(bundleDir, { recursive: true });
  for (const [name, time] of Object.entries(files)) {
    writeFileSync(path.join(dist, name), '');
    utimesSync(path.join(dist, name), time, time);
  }
  if (bundle)
    for (const entry of ['bin.js', 'index.cjs']) {
      writeFileSync(path.join(bundleDir, entry), '');
      utimesSync(path.join(bundleDir, entry), BUILT_AT, BUILT_AT);
    }
  writeFileSync(path.join(bundleDir, 'sources.json'), typeof sources === 'string' ? sources : JSON.stringify(sources));
  return bundleDir;
}

describe("isBundleCurrent: whether the launcher may run the CLI's single-file build", () => {
  const cases: [string, Layout, boolean][] = [
    ['every source older than the bundle', { files: { 'index.js': BEFORE, 'app.js': BEFORE } }, true],
    ['a source as old as the bundle (a packed package)', { files: { 'index.js': BUILT_AT } }, true],
    [
      'a source rebuilt after the bundle (tsc -b without the bundle step)',
      { sources: ['../index.js', '../app.js'], files: { 'index.js': BEFORE, 'app.js': AFTER } },
      false,
    ],
    ['a listed source that does not exist (an installed package)', { sources: ['../index.js', '../../x.js'] }, true],
    ['no bundle', { bundle: false }, false],
    ['sources.json unreadable', { sources: '{not json' }, false],
    ['sources.json not a list of paths', { sources: '[1]' }, false],
  ];
  it.each(cases)('%s (and the sandbox twin agrees)', (_name, input, expected) => {
    const dir = layout(input);
    expect(isBundleCurrent(dir)).toBe(expected);
    expect(isSandboxBundleCurrent(dir)).toBe(expected);
    expect(cliBuild(dir, 'offboard')).toBe(expected ? 'bundle' : 'modules');
    // serve needs nothing of the SDK's and loads the sandbox's own bundle.
    expect(cliBuild(dir, 'serve')).toBe('modules');
  });
});

/** The CLI's own files Node loaded for one run of the launcher. */
async function cliModulesLoaded(args: string[], env: Record<string, string> = {}) {
  const log = path.join(scratch, `modules-${count++}.log`);
  const result = await runCli(args, {
    entry: launcher,
    nodeOptions: ['--import', recordModules],
    env: { PARTNERBOX_TEST_MODULE_LOG: log, ...env },
  });
  const urls = readFileSync(log, 'utf8').split('\n');
  const loaded = urls
    .filter((url) => url.includes('/packages/cli/dist/'))
    .map((url) => url.slice(url.indexOf('/packages/cli/dist/') + '/packages/cli/dist/'.length));
  return { result, loaded, sdkLoaded: urls.some((url) => url.includes('/packages/sdk/dist/')) };
}

describe('the launcher', () => {
  let sandbox: CliSandbox;
  beforeAll(async () => {
    // The same build `npm run build` makes, in the same place (written atomically).
    await run(process.execPath, [path.join(repo, 'scripts/bundle-cli.mjs')], { cwd: repo });
    sandbox = await startCliSandbox({ cancellationDelaySeconds: 1 });
  }, 120_000);
  afterAll(() => sandbox?.close());

  it('finds the bundle just built current', () => {
    expect(cliBuild(path.join(repo, 'packages/cli/dist/bundle'), 'customers')).toBe('bundle');
  });

  it('runs the single-file build: one CLI file, no module of the SDK, the version of package.json', async () => {
    const { result, loaded, sdkLoaded } = await cliModulesLoaded(['--version']);
    expect(result.code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(repo, 'packages/cli/package.json'), 'utf8')) as {
      version: string;
    };
    expect(result.stdout.trim()).toBe(manifest.version);
    expect(loaded).toEqual(['fast-start.js', 'bundle/bin.js']);
    expect(sdkLoaded).toBe(false);
  });

  it('runs serve from the modules: commander and its command, no module of the SDK', async () => {
    const { result, loaded, sdkLoaded } = await cliModulesLoaded(['serve', '--help']);
    expect(result.code).toBe(0);
    expect(loaded).toContain('commands/serve.js');
    expect(loaded).not.toContain('bundle/bin.js');
    expect(sdkLoaded).toBe(false);
  });

  it('runs the modules under PARTNERBOX_NO_BUNDLE=1', async () => {
    const { result, loaded } = await cliModulesLoaded(['--version'], { PARTNERBOX_NO_BUNDLE: '1' });
    expect(result.code).toBe(0);
    expect(loaded).toContain('bin.js');
    expect(loaded).not.toContain('bundle/bin.js');
  });

  it('offboards a seeded sandbox from the single-file build as from the modules', async () => {
    const outcomes = [];
    for (const entry of [launcher, undefined]) {
      await sandbox.api.control.reset();
      const seeded = await sandbox.api.control.scenario('full-sandbox');
      let running = true;
      const clock = (async () => {
        for (let i = 0; running && i < 3_000; i++) {
          await sandbox.api.control.advanceClock(5);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();
      try {
        const result = await runCli(
          ['offboard', '--all', '--yes', '--sandbox-account', '--json', '--poll-interval', '250ms'],
          { env: sandbox.env(sandbox.sandbox), timeoutInMs: 240_000, ...(entry ? { entry } : {}) },
        );
        expect(result.code, result.stderr).toBe(0);
        const document = json<{ summary: unknown; results: { customerId: string; cancelledOrderIds: string[] }[] }>(
          result,
        );
        const byId = new Map(document.results.map((r) => [r.customerId, [...r.cancelledOrderIds].sort()]));
        // Customer and order ids differ between seedings; what each seeded customer lost does not.
        outcomes.push({
          summary: document.summary,
          orders: seeded.customers.map((c) => (byId.get(c.id) ?? []).length),
        });
      } finally {
        running = false;
        await clock;
      }
    }
    expect(outcomes[0]).toEqual(outcomes[1]);
    expect(outcomes[0]).toMatchObject({ summary: { total: 75, offboarded: 75, failed: 0 } });
  }, 600_000);
});
