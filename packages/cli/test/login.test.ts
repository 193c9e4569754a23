/**
 * @module `partnerbox login` against a real sandbox: the CLI asks the device-code endpoint for
 * a code, the test signs in on the sandbox's /devicelogin page as a person would (the form the
 * page posts), and the stored refresh token then removes a reseller relationship, which only an
 * App+User credential may.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTNERBOX_PUBLIC_CLIENT_ID } from '@partnerbox/contract/types';
import { json, runCli, startCli, startCliSandbox, type CliSandbox } from './helpers/cli.js';

const home = mkdtempSync(path.join(tmpdir(), 'partnerbox-login-'));
const configFile = path.join(home, '.config', 'partnerbox', 'config.json');
let sandbox: CliSandbox;

beforeAll(async () => {
  sandbox = await startCliSandbox({ deviceCodeIntervalSeconds: 1 });
});
afterAll(async () => {
  rmSync(home, { recursive: true, force: true });
  await sandbox.close();
});

/** Submits the /devicelogin form: the code, then the user's name and password. */
async function signInOnDevicePage(userCode: string, userName: string, password: string): Promise<string> {
  const response = await fetch(`${sandbox.baseUrl}/devicelogin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ user_code: userCode, username: userName, password }).toString(),
  });
  return response.text();
}

describe('partnerbox login', () => {
  it('gets an App+User refresh token through the device code and stores it in the profile', async () => {
    const partner = sandbox.production;
    const login = startCli(['login', '--profile', 'prod', '--base-url', sandbox.baseUrl], {
      env: { HOME: home },
      timeoutInMs: 60_000,
    });
    await login.waitFor(/enter the code (\S+) to authenticate/);
    const userCode = /enter the code (\S+) to authenticate/.exec(login.output().stderr)?.[1] ?? '';
    expect(login.output().stderr).toContain(`${sandbox.baseUrl}/devicelogin`);
    const page = await signInOnDevicePage(userCode, partner.userName ?? '', partner.password ?? '');
    expect(page).toContain('You are signed in');
    const result = await login.done;

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Signed in as ${partner.userName} (tenant ${partner.tenantId}).`);
    expect(result.stdout).toContain(`stored in profile "prod" (${configFile})`);
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
    const stored = (
      JSON.parse(readFileSync(configFile, 'utf8')) as { profiles: Record<string, Record<string, string>> }
    ).profiles['prod'];
    expect(stored).toMatchObject({
      baseUrl: sandbox.baseUrl,
      tenantId: partner.tenantId,
      loginClientId: PARTNERBOX_PUBLIC_CLIENT_ID,
    });
    expect(stored?.['refreshToken']).toMatch(/\S{20,}/);
    expect(result.stdout + result.stderr).not.toContain(stored?.['refreshToken'] ?? '-');

    // The profile now holds an App+User credential: a relationship removal goes through.
    // The first customer of the scenario holds a reserved instance (which blocks); the second does not.
    const seeded = await sandbox.api.control.scenario('relationship-removal', { count: 2 });
    const customer = seeded.customers[1];
    if (!customer) throw new Error('nothing seeded');
    const removed = await runCli(
      [
        'customers',
        'remove-relationship',
        customer.id,
        '--profile',
        'prod',
        '--yes',
        '--suspend-active-subscriptions',
        '-o',
        'json',
      ],
      { env: { HOME: home } },
    );
    expect(removed.code).toBe(0);
    expect(json<{ results: { ok: boolean }[] }>(removed).results[0]?.ok).toBe(true);
    // The sandbox, like Entra ID, hands out a new refresh token with each grant: the profile keeps the newest.
    const rotated = (
      JSON.parse(readFileSync(configFile, 'utf8')) as { profiles: Record<string, Record<string, string>> }
    ).profiles['prod']?.['refreshToken'];
    expect(rotated).toMatch(/\S{20,}/);
    expect(rotated).not.toBe(stored?.['refreshToken']);
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
    expect((await runCli(['customers', 'list', '--profile', 'prod'], { env: { HOME: home } })).code).toBe(0);
  });

  it('reports a refused sign-in (an unknown client), storing nothing', async () => {
    const unknown = await runCli(
      ['login', '--profile', 'other', '--base-url', sandbox.baseUrl, '--client-id', 'not-a-client'],
      {
        env: { HOME: home },
      },
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('The sign-in was refused by');
    const profiles = (JSON.parse(readFileSync(configFile, 'utf8')) as { profiles: Record<string, unknown> }).profiles;
    expect(Object.keys(profiles)).toEqual(['prod']);
  });

  it('on Ctrl+C stops waiting and stores nothing (exit 130)', async () => {
    const login = startCli(['login', '--profile', 'interrupted', '--base-url', sandbox.baseUrl], {
      env: { HOME: home },
    });
    await login.waitFor(/Waiting for the sign-in/);
    login.child.kill('SIGINT');
    const result = await login.done;
    expect(result.code).toBe(130);
    expect(result.stderr.match(/Interrupted: nothing was stored\./g)).toHaveLength(1);
    const profiles = (JSON.parse(readFileSync(configFile, 'utf8')) as { profiles: Record<string, unknown> }).profiles;
    expect(Object.keys(profiles)).toEqual(['prod']);
  });
});
