/** @module Profiles: flags over environment variables over the config file, and secrets never from flags. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveProfile } from '../src/resolve-profile.js';
import { formatDuration, parseDuration } from '../src/internal/duration.js';
import { closedPort, json, runCli, startCliSandbox, type CliSandbox } from './helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'partnerbox-profiles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(name: string, config: unknown, mode = 0o600): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(config));
  chmodSync(file, mode);
  return file;
}

describe('resolveProfile', () => {
  it('defaults to the real Partner Center and Entra ID', () => {
    const profile = resolveProfile({}, { HOME: dir });
    expect(profile).toMatchObject({
      name: 'default',
      baseUrl: 'https://api.partnercenter.microsoft.com',
      authority: 'https://login.microsoftonline.com',
      integrationSandbox: false,
    });
  });

  it('takes each value from the flag, else the environment, else the profile; a sandbox is its own authority', () => {
    const config = writeConfig('precedence.json', {
      defaultProfile: 'sandbox',
      profiles: {
        sandbox: {
          baseUrl: 'http://127.0.0.1:4000',
          tenantId: 'tenant-from-file',
          clientId: 'client-from-file',
          clientSecret: 'secret-from-file',
          integrationSandbox: true,
        },
      },
    });
    const env = { HOME: dir, PARTNERBOX_CONFIG: config, PARTNERBOX_CLIENT_ID: 'client-from-env' };
    const profile = resolveProfile({ tenantId: 'tenant-from-flag' }, env);
    expect(profile).toMatchObject({
      name: 'sandbox',
      configFile: config,
      baseUrl: 'http://127.0.0.1:4000',
      authority: 'http://127.0.0.1:4000',
      tenantId: 'tenant-from-flag',
      clientId: 'client-from-env',
      clientSecret: 'secret-from-file',
      integrationSandbox: true,
    });
    expect(profile.warnings).toEqual([]);
    expect(resolveProfile({}, { ...env, PARTNERBOX_INTEGRATION_SANDBOX: 'false' }).integrationSandbox).toBe(false);
  });

  it('lets the environment override a stored profile, as gh and az do, and says so for a named one', () => {
    const config = writeConfig('named.json', {
      profiles: {
        production: {
          baseUrl: 'http://127.0.0.1:4100',
          tenantId: 'production-tenant',
          clientId: 'production-app',
          clientSecret: 'secret-from-file',
          integrationSandbox: false,
        },
      },
    });
    const env = {
      HOME: dir,
      PARTNERBOX_CONFIG: config,
      PARTNERBOX_TENANT_ID: 'sandbox-tenant',
      PARTNERBOX_CLIENT_SECRET: 'secret-from-env',
      PARTNERBOX_INTEGRATION_SANDBOX: '1',
    };
    const named = resolveProfile({ profile: 'production' }, env);
    expect(named).toMatchObject({
      tenantId: 'sandbox-tenant',
      clientId: 'production-app',
      clientSecret: 'secret-from-env',
      baseUrl: 'http://127.0.0.1:4100',
      integrationSandbox: true,
    });
    expect(named.warnings).toEqual([
      'PARTNERBOX_TENANT_ID overrides tenantId of profile "production"',
      'PARTNERBOX_CLIENT_SECRET overrides clientSecret of profile "production"',
    ]);
    // The warning names the variable, never a value.
    expect(named.warnings.join('\n')).not.toContain('secret-from');
    const viaVariable = resolveProfile({}, { ...env, PARTNERBOX_PROFILE: 'production' });
    expect(viaVariable.clientSecret).toBe('secret-from-env');
    expect(resolveProfile({ profile: 'production', tenantId: 'flag-tenant' }, env).tenantId).toBe('flag-tenant');
    const withoutOverrides = { HOME: dir, PARTNERBOX_CONFIG: config };
    const stored = resolveProfile({ profile: 'production' }, withoutOverrides);
    expect(stored).toMatchObject({ tenantId: 'production-tenant', clientSecret: 'secret-from-file' });
    expect(stored.warnings).toEqual([]);
  });

  it('uses the cloud of the profile for Entra ID', () => {
    expect(resolveProfile({}, { HOME: dir, PARTNERBOX_CLOUD: 'usGovernment' }).authority).toBe(
      'https://login.microsoftonline.us',
    );
    expect(
      resolveProfile({ baseUrl: 'https://partner.partnercenterapi.microsoftonline.cn' }, { HOME: dir }).authority,
    ).toBe('https://login.chinacloudapi.cn');
  });

  it('finds ~/.config/partnerbox/config.json, warns about secrets readable by others and unknown keys', () => {
    const home = mkdtempSync(path.join(dir, 'home-'));
    const file = path.join(home, '.config', 'partnerbox', 'config.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ profiles: { default: { clientSecret: 's', colour: 'blue' } } }));
    chmodSync(file, 0o644);

    const profile = resolveProfile({}, { HOME: home });

    expect(profile.configFile).toBe(file);
    expect(profile.clientSecret).toBe('s');
    expect(profile.warnings.join('\n')).toContain(`${file} holds secrets and is readable by other users: chmod 600`);
    expect(profile.warnings.join('\n')).toContain('profiles.default.colour is not a setting');
    chmodSync(file, 0o600);
    expect(resolveProfile({}, { HOME: home }).warnings.join('\n')).not.toContain('chmod');
    // XDG_CONFIG_HOME moves it.
    expect(resolveProfile({}, { HOME: dir, XDG_CONFIG_HOME: path.join(home, '.config') }).configFile).toBe(file);
  });

  it('refuses an unknown profile, a broken file and a bad cloud with usage errors', () => {
    const config = writeConfig('one.json', { profiles: { one: {} } });
    expect(() => resolveProfile({ profile: 'two' }, { HOME: dir, PARTNERBOX_CONFIG: config })).toThrow(
      `Profile "two" is not in ${config}.`,
    );
    expect(() => resolveProfile({ profile: 'two' }, { HOME: dir })).toThrow('there is no config file');
    writeFileSync(path.join(dir, 'broken.json'), '{ nope');
    expect(() => resolveProfile({ config: path.join(dir, 'broken.json') }, { HOME: dir })).toThrow('not valid JSON');
    expect(() => resolveProfile({}, { HOME: dir, PARTNERBOX_CLOUD: 'mars' })).toThrow('Unknown cloud "mars"');
    const typed = writeConfig('typed.json', { profiles: { default: { integrationSandbox: 'yes' } } });
    expect(() => resolveProfile({ config: typed }, { HOME: dir })).toThrow('must be true or false');
  });
});

describe('parseDuration', () => {
  it('reads units and combinations, and rejects the rest, a bare number included', () => {
    expect(parseDuration('90')).toBeUndefined();
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('soon')).toBeUndefined();
    expect(parseDuration('10 minutes')).toBeUndefined();
  });

  it('parses what formatDuration prints back to the same time', () => {
    for (const ms of [250, 2_000, 30_000, 245_000, 3_600_000]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
  });
});

describe('profiles on the command line', () => {
  let sandbox: CliSandbox;
  beforeAll(async () => {
    sandbox = await startCliSandbox();
    await sandbox.api.control.scenario('customers-only', { count: 2 });
    await sandbox.api.control.scenario('relationship-removal', { count: 1 });
  });
  afterAll(() => sandbox.close());

  it('picks a named profile with --profile or PARTNERBOX_PROFILE, secrets from the file', async () => {
    const config = writeConfig('cli.json', {
      defaultProfile: 'production',
      profiles: {
        sandbox: {
          baseUrl: sandbox.baseUrl,
          tenantId: sandbox.sandbox.tenantId,
          clientId: sandbox.sandbox.clientId,
          clientSecret: sandbox.sandbox.clientSecret,
        },
        production: {
          baseUrl: sandbox.baseUrl,
          tenantId: sandbox.production.tenantId,
          clientId: sandbox.production.clientId,
          clientSecret: sandbox.production.clientSecret,
        },
      },
    });
    const env = { PARTNERBOX_CONFIG: config };
    const names = async (args: string[], extra: Record<string, string> = {}) =>
      json<{ companyProfile: { companyName: string } }[]>(
        await runCli(['customers', 'list', '--json', ...args], { env: { ...env, ...extra } }),
      ).map((customer) => customer.companyProfile.companyName);

    expect(await names([])).toEqual(['Relationship Removal 1']);
    expect(await names(['--profile', 'sandbox'])).toEqual(['Customers Only 1', 'Customers Only 2']);
    expect(await names([], { PARTNERBOX_PROFILE: 'sandbox' })).toEqual(['Customers Only 1', 'Customers Only 2']);

    const unknown = await runCli(['customers', 'list', '--profile', 'staging'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Profile "staging" is not in');
    expect(unknown.stderr).toContain('known profiles: sandbox, production');
  });

  it('never takes a secret from a flag, and says where it goes instead', async () => {
    const result = await runCli(['customers', 'list', '--client-secret', 'hunter2'], {
      env: sandbox.env(sandbox.sandbox),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('secrets are not taken from the command line');
    expect(result.stderr).toContain('PARTNERBOX_CLIENT_SECRET');
    expect(result.stderr).not.toContain('hunter2');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);

    const joined = await runCli(['offboard', '--all', '--client-secret=hunter2'], {
      env: sandbox.env(sandbox.sandbox),
    });
    expect(joined.code).toBe(2);
    expect(joined.stderr).toContain('secrets are not taken from the command line');
    expect(joined.stderr).not.toContain('hunter2');
  });

  it('reports an unreachable token endpoint as a network error, once, without retrying', async () => {
    const port = await closedPort();
    const result = await runCli(['customers', 'list', '--verbose'], {
      env: sandbox.env(sandbox.sandbox, { PARTNERBOX_BASE_URL: `http://127.0.0.1:${port}` }),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Network error: cannot reach the token endpoint http://127.0.0.1:${port}/`);
    expect(result.stderr).toContain('ECONNREFUSED');
    expect(result.stderr).not.toContain('retrying');
    expect(result.stderr).not.toContain('check the tenant id');
    expect(result.stderr.match(/Network error/g)).toHaveLength(1);
  });

  it('explains a missing credential (exit 2) and a rejected one (exit 1)', async () => {
    const none = await runCli(['customers', 'list'], { env: { PARTNERBOX_BASE_URL: sandbox.baseUrl } });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('No credential for profile "default"');

    const wrong = await runCli(['customers', 'list'], {
      env: sandbox.env(sandbox.sandbox, { PARTNERBOX_CLIENT_SECRET: 'not-the-secret' }),
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('token endpoint:');
    expect(wrong.stderr).toContain('check the tenant id');
    expect(wrong.stderr).not.toContain('not-the-secret');
  });

  it('uses a ready-made access token from PARTNERBOX_ACCESS_TOKEN', async () => {
    const minted = await sandbox.api.control.mintToken({ partner: 'sandbox', mode: 'app' });
    const result = await runCli(['customers', 'list', '--json'], {
      env: { PARTNERBOX_BASE_URL: sandbox.baseUrl, PARTNERBOX_ACCESS_TOKEN: minted.access_token },
    });
    expect(result.code).toBe(0);
    expect(json<unknown[]>(result)).toHaveLength(2);
  });
});
