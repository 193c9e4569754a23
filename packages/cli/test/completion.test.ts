/**
 * @module `partnerbox completion`: the bash script sourced in a real bash, asked for
 * completions the way bash asks (COMP_WORDS, COMP_CWORD, then COMPREPLY), with `partnerbox`
 * on PATH so that profile names come from the config file.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, runCli } from './helpers/cli.js';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'partnerbox-completion-'));
let script = '';

beforeAll(async () => {
  mkdirSync(path.join(dir, 'bin'));
  const launcher = path.join(dir, 'bin', 'partnerbox');
  writeFileSync(launcher, `#!/bin/sh\nexec '${process.execPath}' '${bin}' "$@"\n`);
  chmodSync(launcher, 0o755);
  mkdirSync(path.join(dir, '.config', 'partnerbox'), { recursive: true });
  writeFileSync(
    path.join(dir, '.config', 'partnerbox', 'config.json'),
    JSON.stringify({ profiles: { local: {}, production: {} } }),
    { mode: 0o600 },
  );
  const result = await runCli(['completion', 'bash']);
  expect(result.code).toBe(0);
  script = path.join(dir, 'partnerbox.bash');
  writeFileSync(script, result.stdout);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What bash offers for the words typed so far (the last one being completed). */
async function complete(...typed: string[]): Promise<string[]> {
  const words = ['partnerbox', ...typed].map((word) => `'${word}'`).join(' ');
  const { stdout } = await run(
    'bash',
    [
      '-c',
      `source '${script}'; COMP_WORDS=(${words}); COMP_CWORD=${typed.length}; _partnerbox; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    { env: { PATH: `${path.join(dir, 'bin')}:${process.env['PATH'] ?? ''}`, HOME: dir }, timeout: 30_000 },
  );
  return stdout.split('\n').filter((line) => line !== '');
}

describe('partnerbox completion bash', () => {
  it('registers _partnerbox for partnerbox', async () => {
    const { stdout } = await run('bash', ['-c', `source '${script}'; complete -p partnerbox`]);
    expect(stdout.trim()).toBe('complete -F _partnerbox partnerbox');
  });

  it('completes commands, subcommands, options and option values', async () => {
    expect(await complete('')).toEqual(
      expect.arrayContaining([
        'serve',
        'customers',
        'orders',
        'subscriptions',
        'offboard',
        'config',
        'login',
        'completion',
      ]),
    );
    expect(await complete('cu')).toEqual(['customers']);
    expect(await complete('customers', '')).toEqual(['list', 'get', 'create', 'delete', 'remove-relationship']);
    expect(await complete('config', 'u')).toEqual(['use']);
    expect(await complete('offboard', '--ig')).toEqual(['--ignore-missing']);
    expect(await complete('customers', 'list', '--c')).toEqual(['--config', '--client-id', '--company']);
    expect(await complete('customers', 'list', '-o', '')).toEqual(['text', 'json', 'yaml', 'table', 'tsv']);
    expect(await complete('completion', 'z')).toEqual([]);
    // An option's value is not taken for a command: `--profile list` stays at the top level.
    expect(await complete('--profile', 'list', '')).toContain('customers');
  });

  it('completes profile names from the config file', async () => {
    expect(await complete('customers', 'list', '--profile', '')).toEqual(['local', 'production']);
    expect(await complete('offboard', '--profile', 'pr')).toEqual(['production']);
  });

  it('prints zsh and fish scripts from the same tree, and refuses another shell', async () => {
    const zsh = await runCli(['completion', 'zsh']);
    expect(zsh.stdout).toContain('bashcompinit');
    expect(zsh.stdout).toContain('complete -F _partnerbox partnerbox');
    const fish = await runCli(['completion', 'fish']);
    expect(fish.stdout).toContain(
      "complete -c partnerbox -n '__fish_use_subcommand; and not __fish_seen_subcommand_from",
    );
    expect(fish.stdout).toMatch(/-n '__fish_seen_subcommand_from offboard' -l ignore-missing/);
    const other = await runCli(['completion', 'powershell']);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('expected bash, zsh, fish');
  });
});
