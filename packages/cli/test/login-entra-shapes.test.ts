/**
 * @module `partnerbox login`'s polling against Entra ID's answers (RFC 8628 section 3.5, as
 * Entra documents them: authorization_pending, slow_down, authorization_declined,
 * expired_token). Entra itself cannot be reached from here, so a local HTTP server answers in
 * its shapes; the sandbox flow is tested for real in login.test.ts.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

const home = mkdtempSync(path.join(tmpdir(), 'partnerbox-login-entra-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

let server: Server | undefined;
afterEach(async () => {
  const running = server;
  server = undefined;
  if (running?.listening) await new Promise<void>((resolve) => running.close(() => resolve()));
});

const idToken = (claims: object) =>
  ['e30', Buffer.from(JSON.stringify(claims)).toString('base64url'), 'signature'].join('.');

/** An authority whose token endpoint answers each poll with the next of `answers`. */
async function authority(answers: { status: number; body: object }[]) {
  const requests: { path: string; form: URLSearchParams }[] = [];
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const form = new URLSearchParams(text);
      requests.push({ path: request.url ?? '', form });
      const answer = request.url?.endsWith('/devicecode')
        ? {
            status: 200,
            body: {
              device_code: 'device-code-1',
              user_code: 'ABCD-EFGH',
              verification_uri: 'https://microsoft.com/devicelogin',
              expires_in: 900,
              interval: 1,
              message:
                'To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code ABCD-EFGH to authenticate.',
            },
          }
        : (answers.shift() ?? { status: 500, body: { error: 'server_error' } });
      response.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const current = server;
  return { url, requests, close: (done: () => void) => current.close(done) };
}

const pending = { status: 400, body: { error: 'authorization_pending', error_codes: [70016] } };

describe('partnerbox login against Entra-shaped answers', () => {
  it('waits through authorization_pending and slow_down, then stores the token and the tenant of the id token', async () => {
    const tenant = 'b44bb1fb-c595-45b0-9e09-d657365580bf';
    const entra = await authority([
      pending,
      { status: 400, body: { error: 'slow_down' } },
      {
        status: 200,
        body: {
          token_type: 'Bearer',
          access_token: 'access',
          refresh_token: 'refresh-token-from-entra',
          id_token: idToken({ tid: tenant, preferred_username: 'admin@contoso.onmicrosoft.com' }),
        },
      },
    ]);
    const result = await runCli(
      [
        'login',
        '--profile',
        'entra',
        '--authority',
        entra.url,
        '--base-url',
        'https://api.partnercenter.microsoft.com',
        '--client-id',
        'my-app',
      ],
      { env: { HOME: home }, timeoutInMs: 60_000 },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('enter the code ABCD-EFGH to authenticate');
    expect(result.stdout).toContain(`Signed in as admin@contoso.onmicrosoft.com (tenant ${tenant}).`);
    expect(entra.requests[0]?.path).toBe('/organizations/oauth2/v2.0/devicecode');
    expect(entra.requests[0]?.form.get('scope')).toContain('offline_access');
    const polls = entra.requests.slice(1);
    expect(polls).toHaveLength(3);
    for (const poll of polls) {
      expect(poll.path).toBe('/organizations/oauth2/v2.0/token');
      expect(poll.form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:device_code');
      expect(poll.form.get('device_code')).toBe('device-code-1');
      expect(poll.form.get('client_id')).toBe('my-app');
      // A public client flow: no secret.
      expect(poll.form.has('client_secret')).toBe(false);
    }
    const config = JSON.parse(readFileSync(path.join(home, '.config', 'partnerbox', 'config.json'), 'utf8')) as {
      profiles: Record<string, unknown>;
    };
    expect(config.profiles['entra']).toMatchObject({
      refreshToken: 'refresh-token-from-entra',
      tenantId: tenant,
      loginClientId: 'my-app',
    });
  }, 60_000);

  it('reports a declined sign-in (exit 3) and an expired code (exit 1), storing nothing', async () => {
    const declined = await authority([pending, { status: 400, body: { error: 'authorization_declined' } }]);
    const no = await runCli(['login', '--profile', 'declined', '--authority', declined.url, '--client-id', 'my-app'], {
      env: { HOME: home },
    });
    expect(no.code).toBe(3);
    expect(no.stderr).toContain('The sign-in was declined: nothing was stored.');
    await new Promise<void>((resolve) => declined.close(() => resolve()));

    const expired = await authority([{ status: 400, body: { error: 'expired_token' } }]);
    const late = await runCli(['login', '--profile', 'expired', '--authority', expired.url, '--client-id', 'my-app'], {
      env: { HOME: home },
    });
    expect(late.code).toBe(1);
    expect(late.stderr).toContain('The code expired before the sign-in finished');
    const stored = JSON.parse(readFileSync(path.join(home, '.config', 'partnerbox', 'config.json'), 'utf8')) as {
      profiles: Record<string, unknown>;
    };
    expect(Object.keys(stored.profiles)).toEqual(['entra']);
  });

  it('needs the app for Entra ID: no client id is a usage error', async () => {
    const result = await runCli(['login', '--profile', 'none'], { env: { HOME: home } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Entra ID needs the client id of your app');
  });
});
