/**
 * @module `partnerbox config` and the output formats, as separate processes: profiles written
 * owner-only, read back by the API commands against a real sandbox, the environment overriding
 * them; -o json|yaml|table|tsv and --query.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { json, runCli, startCliSandbox, type CliSandbox } from './helpers/cli.js';

const home = mkdtempSync(path.join(tmpdir(), 'partnerbox-config-'));
const configFile = path.join(home, '.config', 'partnerbox', 'config.json');
let sandbox: CliSandbox;

beforeAll(async () => {
  sandbox = await startCliSandbox();
  await sandbox.api.control.scenario('customers-only', { count: 3 });
});
afterAll(async () => {
  rmSync(home, { recursive: true, force: true });
  await sandbox.close();
});

/** Runs the CLI with this test's HOME, so the default config path is ours. */
function cli(args: string[], options: { env?: Record<string, string | undefined>; input?: string } = {}) {
  return runCli(args, { env: { HOME: home, ...options.env }, ...(options.input ? { input: options.input } : {}) });
}

describe('partnerbox config', () => {
  it('writes a profile owner-only (file 0600, directory 0700) that the API commands use', async () => {
    const partner = sandbox.sandbox;
    const init = await cli(
      [
        'config',
        'init',
        '--profile',
        'local',
        '--base-url',
        sandbox.baseUrl,
        '--tenant-id',
        partner.tenantId,
        '--client-id',
        partner.clientId,
        '--integration-sandbox',
        '--client-secret-stdin',
      ],
      { input: `${partner.clientSecret}\n` },
    );
    expect(init.code).toBe(0);
    expect(init.stdout).toContain(`Saved profile "local" in ${configFile} (the default profile).`);
    expect(init.stdout).toContain('no OS keychain is used');
    expect(init.stdout + init.stderr).not.toContain(partner.clientSecret);
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(configFile)).mode & 0o777).toBe(0o700);
    const stored = JSON.parse(readFileSync(configFile, 'utf8')) as {
      defaultProfile: string;
      profiles: Record<string, Record<string, unknown>>;
    };
    expect(stored.defaultProfile).toBe('local');
    expect(stored.profiles['local']).toEqual({
      baseUrl: sandbox.baseUrl,
      tenantId: partner.tenantId,
      clientId: partner.clientId,
      clientSecret: partner.clientSecret,
      integrationSandbox: true,
    });

    const listed = await cli(['customers', 'list', '-o', 'json']);
    expect(listed.stderr).toBe('');
    expect(json<unknown[]>(listed)).toHaveLength(3);
  });

  it('sets, gets, lists and switches profiles; secrets only from a prompt or stdin, shown masked', async () => {
    expect((await cli(['config', 'set', 'baseUrl', sandbox.baseUrl, '--profile', 'other'])).code).toBe(0);
    expect((await cli(['config', 'set', 'integrationSandbox', 'yes', '--profile', 'other'])).code).toBe(0);
    const asArgument = await cli(['config', 'set', 'clientSecret', 'typed-in-the-open', '--profile', 'other']);
    expect(asArgument.code).toBe(2);
    expect(asArgument.stderr).toContain('secrets are not taken from the command line');
    expect(asArgument.stderr).not.toContain('typed-in-the-open');
    const piped = await cli(['config', 'set', 'clientSecret', '--profile', 'other'], {
      input: 'a-secret-from-a-pipe-1234\n',
    });
    expect(piped.code).toBe(0);

    const masked = await cli(['config', 'get', 'clientSecret', '--profile', 'other']);
    expect(masked.stdout.trim()).toBe('…1234 (25 characters)');
    const full = await cli(['config', 'get', 'clientSecret', '--profile', 'other', '--show-secrets']);
    expect(full.stdout.trim()).toBe('a-secret-from-a-pipe-1234');
    expect((await cli(['config', 'get', 'integrationSandbox', '--profile', 'other', '-o', 'json'])).stdout.trim()).toBe(
      'true',
    );
    const unset = await cli(['config', 'get', 'refreshToken', '--profile', 'other']);
    expect(unset.code).toBe(6);
    expect((await cli(['config', 'get', 'colour'])).code).toBe(2);
    expect((await cli(['config', 'set', 'integrationSandbox', 'maybe'])).code).toBe(2);

    const table = await cli(['config', 'list']);
    expect(table.stdout).toMatch(/^\* +local +http\S+ +\S+ +\S+ +clientSecret$/m);
    expect(table.stdout).toMatch(/^ +other +http\S+ +clientSecret$/m);
    expect(table.stdout).not.toContain('a-secret-from-a-pipe');
    const names = await cli(['config', 'list', '--query', '[].name', '-o', 'tsv']);
    expect(names.stdout).toBe('local\nother\n');

    expect((await cli(['config', 'use', 'nowhere'])).code).toBe(2);
    expect((await cli(['config', 'use', 'other'])).stdout.trim()).toBe('"other" is now the default profile.');
    expect(JSON.parse(readFileSync(configFile, 'utf8')).defaultProfile).toBe('other');
    expect((await cli(['config', 'set', 'clientSecret', '--unset', '--profile', 'other'])).code).toBe(0);
    expect((await cli(['config', 'get', 'clientSecret', '--profile', 'other'])).code).toBe(6);
    await cli(['config', 'use', 'local']);
  });

  it('lets PARTNERBOX_* in the environment override the stored profile, as gh and az do', async () => {
    await cli(['config', 'set', 'clientSecret', '--profile', 'local'], { input: 'not-the-secret-anymore\n' });
    const stored = await cli(['customers', 'list']);
    expect(stored.code).toBe(1);
    expect(stored.stderr).toContain('invalid_client');

    const overridden = await cli(['customers', 'list', '-o', 'json'], {
      env: { PARTNERBOX_CLIENT_SECRET: sandbox.sandbox.clientSecret },
    });
    expect(overridden.code).toBe(0);
    expect(json<unknown[]>(overridden)).toHaveLength(3);
    const named = await cli(['customers', 'list', '--profile', 'local', '-o', 'json'], {
      env: { PARTNERBOX_CLIENT_SECRET: sandbox.sandbox.clientSecret },
    });
    expect(named.code).toBe(0);
    expect(named.stderr).toBe(
      'partnerbox: warning: PARTNERBOX_CLIENT_SECRET overrides clientSecret of profile "local"\n',
    );
    await cli(['config', 'set', 'clientSecret', '--profile', 'local'], { input: sandbox.sandbox.clientSecret });
  });
});

describe('output formats', () => {
  /** The sandbox partner from the environment, whatever the profiles above hold. */
  const api = (args: string[]) => cli(args, { env: sandbox.env(sandbox.sandbox, { HOME: path.join(home, 'none') }) });

  it('prints json, yaml, table and tsv, shaped by a JMESPath --query', async () => {
    const asJson = json<{ id: string; companyProfile: { companyName: string } }[]>(
      await api(['customers', 'list', '--json']),
    );
    const ids = asJson.map((c) => c.id);

    const yaml = await api(['customers', 'list', '-o', 'yaml']);
    expect(parseYaml(yaml.stdout)).toEqual(asJson);

    const table = await api(['customers', 'list', '-o', 'table']);
    const rows = table.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^ID +COMPANY +DOMAIN +RELATIONSHIP$/);
    expect(rows).toHaveLength(4);

    const tsv = await api(['customers', 'list', '-o', 'tsv']);
    expect(
      tsv.stdout
        .trim()
        .split('\n')
        .map((line) => line.split('\t')[0]),
    ).toEqual(ids);

    const query = '[].{id: id, name: companyProfile.companyName}';
    const picked = json<{ id: string; name: string }[]>(await api(['customers', 'list', '--query', query]));
    expect(picked).toEqual(asJson.map((c) => ({ id: c.id, name: c.companyProfile.companyName })));
    const pickedTable = await api(['customers', 'list', '--query', query, '-o', 'table']);
    expect(pickedTable.stdout.split('\n')[0]).toMatch(/^id +name$/);
    const pickedTsv = await api(['customers', 'list', '--query', '[].[id, companyProfile.companyName]', '-o', 'tsv']);
    expect(pickedTsv.stdout.trim().split('\n')).toEqual(asJson.map((c) => `${c.id}\t${c.companyProfile.companyName}`));
    const one = await api(['customers', 'get', ids[0] ?? '', '--query', 'companyProfile.companyName', '-o', 'tsv']);
    expect(one.stdout).toBe(`${asJson[0]?.companyProfile.companyName}\n`);
  });

  it('refuses a bad --query or contradicting format flags before any call (exit 2)', async () => {
    const bad = await api(['customers', 'list', '--query', '[].{id']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--query: not a JMESPath expression');
    expect(bad.stdout).toBe('');
    const both = await api(['customers', 'list', '--json', '-o', 'yaml']);
    expect(both.code).toBe(2);
    const unknown = await api(['customers', 'list', '-o', 'xml']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Allowed choices are text, json, yaml, table, tsv');
  });

  it('writes an error as a YAML document with -o yaml', async () => {
    const missing = await api(['customers', 'get', '0b9f7a52-1b1c-4c1e-9d6f-5a0a7c1e2f3d', '-o', 'yaml']);
    expect(missing.code).toBe(6);
    expect(parseYaml(missing.stdout)).toMatchObject({ error: { statusCode: 404, exitCode: 6 } });
  });
});
