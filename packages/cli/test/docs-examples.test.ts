/**
 * @module The examples of docs/cli.md, run as written: every ```sh block not marked
 * `<!-- example: not run (reason) -->`, in order, in one bash session against a real sandbox,
 * with `partnerbox` being the built CLI. The JSON profile example is checked by the resolver.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveProfile } from '../src/resolve-profile.js';
import { bin, startCliSandbox, type CliSandbox } from './helpers/cli.js';

const run = promisify(execFile);
const doc = readFileSync(new URL('../../../docs/cli.md', import.meta.url), 'utf8');
const NOT_RUN = /<!--\s*example:\s*not run\s*\(([^)]+)\)\s*-->\s*$/;

interface Block {
  language: string;
  code: string;
  notRun: string | undefined;
}

function blocks(markdown: string): Block[] {
  const found: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\w+)\s*$/.exec(lines[i] ?? '');
    if (!fence) continue;
    const previous = lines
      .slice(0, i)
      .reverse()
      .find((line) => line.trim() !== '');
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] ?? ''); i++) body.push(lines[i] ?? '');
    found.push({ language: fence[1] ?? '', code: body.join('\n'), notRun: NOT_RUN.exec(previous ?? '')?.[1] });
  }
  return found;
}

const all = blocks(doc);
const dir = mkdtempSync(path.join(tmpdir(), 'partnerbox-docs-'));
let sandbox: CliSandbox;

beforeAll(async () => {
  sandbox = await startCliSandbox({ cancellationDelaySeconds: 1 });
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await sandbox.close();
});

describe('docs/cli.md', () => {
  it('runs every shell example as written', async () => {
    const shell = all.filter((block) => block.language === 'sh');
    const runnable = shell.filter((block) => block.notRun === undefined);
    expect(shell.length - runnable.length).toBe(6);
    expect(runnable.length).toBeGreaterThanOrEqual(9);

    const control = sandbox.target.control;
    if (!control) throw new Error('no control plane');
    const substitutions: [string, string][] = [
      ['BASE=http://127.0.0.1:4000', `BASE=${sandbox.baseUrl}`],
      ['ADMIN=<the admin key printed at start>', `ADMIN=${control.adminKey}`],
      // The tour uses npx; here the CLI just built.
      ['partnerbox() { npx --no-install partnerbox "$@"; }', `partnerbox() { node '${bin}' "$@"; }`],
    ];
    let script = runnable.map((block, index) => `echo '--- block ${index + 1}'\n${block.code}`).join('\n');
    for (const [from, to] of substitutions) {
      expect(script).toContain(from);
      script = script.replace(from, to);
    }

    const { stdout, stderr } = await run('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: dir,
      env: { PATH: process.env['PATH'], HOME: dir, LANG: 'C.UTF-8' },
      timeout: 240_000,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`${error.message}\nstdout:\n${error.stdout ?? ''}\nstderr:\n${error.stderr ?? ''}`);
    });

    expect(stdout).toContain(`--- block ${runnable.length}`);
    expect(stdout).toMatch(/^Offboarding 1$/m);
    expect(stdout).toContain('exit code 3: orders block the deletion');
    expect(stdout).toMatch(/^Deleted customer \S+ \(Contoso CLI\)\.$/m);
    expect(stdout).toMatch(/: cancellation requested \(now pending\)$/m);
    expect(stdout).toMatch(/: suspended$/m);
    expect(stdout).toContain('exit code 3: blocked');
    expect(stdout).toMatch(/: relationship removed \(suspended \S+, \S+\)$/m);
    expect(stdout).toMatch(/^Dry run: 3 customer\(s\) to offboard, nothing changed\.$/m);
    expect(stdout).toMatch(/^Offboarded 3 of 3 customer\(s\) in \S+\.$/m);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('No customers.');
    expect(stderr).toContain('a real run will refuse');
    expect(stdout).toMatch(/^\* +local +http\S+ +\S+ +\S+ +clientSecret$/m);
    expect(stdout).toMatch(/^id +company$/m);
  }, 300_000);

  it('shows a profile file the CLI accepts', () => {
    const json = all.find((block) => block.language === 'json');
    if (!json) throw new Error('no JSON example');
    const file = path.join(dir, 'config.json');
    writeFileSync(file, json.code, { mode: 0o600 });
    const local = resolveProfile({ config: file, profile: 'local' }, { HOME: dir });
    expect(local).toMatchObject({
      baseUrl: 'http://127.0.0.1:4000',
      authority: 'http://127.0.0.1:4000',
      integrationSandbox: true,
    });
    expect(local.warnings).toEqual([]);
    const real = resolveProfile({ config: file }, { HOME: dir });
    expect(real).toMatchObject({ name: 'sandbox', baseUrl: 'https://api.partnercenter.microsoft.com' });
    expect(real.authority).toBe('https://login.microsoftonline.com');
  });
});
