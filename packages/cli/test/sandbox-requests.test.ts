import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCliSandbox, type CliSandbox } from './helpers/cli.js';

interface Entry {
  method: string;
  path: string;
  status: number;
  partner?: string;
  requestId: string;
}

describe('partnerbox sandbox requests', () => {
  let sandbox: CliSandbox;
  let adminEnv: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startCliSandbox();
    const control = sandbox.target.control;
    if (!control) throw new Error('no control plane');
    adminEnv = { PARTNERBOX_BASE_URL: sandbox.baseUrl, PARTNERBOX_ADMIN_KEY: control.adminKey };
    await runCli(['customers', 'list'], { env: sandbox.env(sandbox.sandbox) });
    await runCli(['customers', 'get', '00000000-0000-0000-0000-000000000000'], { env: sandbox.env(sandbox.sandbox) });
  });
  afterAll(() => sandbox.close());

  it('lists what the CLI itself just called, with --json and as a table', async () => {
    const json = await runCli(['sandbox', 'requests', '--partner', sandbox.sandbox.tenantId, '--json'], {
      env: adminEnv,
    });
    expect(json.code).toBe(0);
    const entries = JSON.parse(json.stdout) as Entry[];
    expect(entries.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      `POST /${sandbox.sandbox.tenantId}/oauth2/v2.0/token 200`,
      'GET /v1/customers 200',
      `POST /${sandbox.sandbox.tenantId}/oauth2/v2.0/token 200`,
      'GET /v1/customers/00000000-0000-0000-0000-000000000000 404',
    ]);
    expect(json.stdout).not.toContain(sandbox.sandbox.clientSecret);

    const text = await runCli(['sandbox', 'requests', '--status', '4xx', '--path', '/v1/**'], { env: adminEnv });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^TIME\s+METHOD\s+PATH\s+STATUS\s+MS\s+PARTNER\s+REQUEST ID$/m);
    expect(text.stdout).toContain('/v1/customers/00000000-0000-0000-0000-000000000000');
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('1 request(s)');
  });

  it('clears one partner, then everything', async () => {
    const cleared = await runCli(['sandbox', 'requests', '--clear', '--partner', sandbox.sandbox.tenantId], {
      env: adminEnv,
    });
    expect(cleared).toMatchObject({ code: 0, stdout: 'Removed 4 request(s) from the journal.\n' });
    const none = await runCli(['sandbox', 'requests', '--partner', sandbox.sandbox.tenantId], { env: adminEnv });
    expect(none.stdout.trim()).toBe('No requests.');
    expect((await runCli(['sandbox', 'requests', '--clear'], { env: adminEnv })).code).toBe(0);
  });

  it('needs the admin key, and says what the sandbox refused', async () => {
    const missing = await runCli(['sandbox', 'requests'], { env: { PARTNERBOX_BASE_URL: sandbox.baseUrl } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('PARTNERBOX_ADMIN_KEY');
    const wrong = await runCli(['sandbox', 'requests'], { env: { ...adminEnv, PARTNERBOX_ADMIN_KEY: 'wrong' } });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('401');
    const bad = await runCli(['sandbox', 'requests', '--status', 'teapot'], { env: adminEnv });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('400');
  });
});
