/**
 * The sign-in contract (docs/sandbox.md, "Signing users in") on a real listening sandbox: the
 * authorize page and its PKCE code exchange for the built-in public client, refresh tokens,
 * device code with the /devicelogin page, logout, and the errors in Entra ID's shape.
 */
import { randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTNERBOX_PUBLIC_CLIENT_ID, PARTNER_CENTER_USER_SCOPE } from '@partnerbox/contract';
import { startEmbeddedTarget, type PartnerCredentials, type Target } from '@partnerbox/conformance';
import { s256Challenge } from '../src/auth/pkce.js';
import { send, type Json } from './support/http.js';
import { alertOf, approveDeviceCode, fetchPage, signIn } from './support/sign-in-page.js';

let target: Target;
let shortDevice: Target;
let base: string;
let sandbox: Required<PartnerCredentials>;
let production: Required<PartnerCredentials>;
const REDIRECT = 'http://localhost:53682/callback';

const user = (p: Required<PartnerCredentials>) => ({ userName: p.userName, password: p.password });

beforeAll(async () => {
  target = await startEmbeddedTarget();
  shortDevice = await startEmbeddedTarget({ deviceCodeLifetimeSeconds: 1, deviceCodeIntervalSeconds: 1 });
  base = target.authority;
  sandbox = target.sandboxPartner as Required<PartnerCredentials>;
  production = target.productionPartner as Required<PartnerCredentials>;
});
afterAll(async () => {
  await target?.close();
  await shortDevice?.close();
});

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256Challenge(verifier) };
}

function authorizeUrl(tenant: string, params: Record<string, string> = {}) {
  const query = new URLSearchParams({
    client_id: PARTNERBOX_PUBLIC_CLIENT_ID,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: `${PARTNER_CENTER_USER_SCOPE} openid profile offline_access`,
    state: 'state-123',
    code_challenge_method: 'S256',
    ...params,
  });
  return `${base}/${tenant}/oauth2/v2.0/authorize?${query.toString()}`;
}

async function token(tenant: string, form: Record<string, string>, root = base) {
  const response = await fetch(`${root}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

async function codeFor(p: Required<PartnerCredentials>, tenant = 'organizations', extra: Record<string, string> = {}) {
  const { verifier, challenge } = pkce();
  const answer = await signIn(authorizeUrl(tenant, { code_challenge: challenge, ...extra }), user(p));
  expect(answer.status, answer.text).toBe(302);
  const location = new URL(answer.location ?? '');
  return { verifier, location, code: location.searchParams.get('code') ?? '' };
}

const exchange = (code: string, verifier: string, tenant = 'organizations') =>
  token(tenant, {
    grant_type: 'authorization_code',
    client_id: PARTNERBOX_PUBLIC_CLIENT_ID,
    code,
    redirect_uri: REDIRECT,
    code_verifier: verifier,
    scope: PARTNER_CENTER_USER_SCOPE,
  });

describe('the authorize page', () => {
  it('lists every partner with its users for organizations, with labelled fields', async () => {
    const page = await fetchPage(authorizeUrl('organizations', { code_challenge: pkce().challenge }));
    expect(page.status).toBe(200);
    expect(page.contentType).toMatch(/^text\/html/);
    for (const p of [sandbox, production]) expect(page.text).toContain(p.userName);
    expect(page.text).toContain('integration sandbox');
    expect(page.text).toContain('production');
    expect(page.text).toMatch(/<label for="username">/);
    expect(page.text).toMatch(/<label for="password">/);
    expect(page.text).not.toContain(sandbox.password);
  });

  it('lists only the named tenant when the path names one by domain', async () => {
    const domain = sandbox.userName.split('@')[1] ?? '';
    const page = await fetchPage(authorizeUrl(domain, { code_challenge: pkce().challenge }));
    expect(page.status).toBe(200);
    expect(page.text).toContain(sandbox.userName);
    expect(page.text).not.toContain(production.userName);
  });

  it('redirects with a code and the state, and the code gives App+User tokens for the user’s partner', async () => {
    const { code, verifier, location } = await codeFor(production);
    expect(location.origin + location.pathname).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('state-123');
    const { status, body } = await exchange(code, verifier);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(Object.keys(body)).toEqual(
      expect.arrayContaining(['token_type', 'access_token', 'refresh_token', 'id_token', 'expires_in', 'scope']),
    );
    const id = decodeJwt(body.id_token as string);
    expect({ tid: id['tid'], preferred_username: id['preferred_username'], aud: id.aud }).toEqual({
      tid: production.tenantId,
      preferred_username: production.userName,
      aud: PARTNERBOX_PUBLIC_CLIENT_ID,
    });
    expect(typeof id['oid']).toBe('string');
    expect(typeof id['name']).toBe('string');
    const access = decodeJwt(body.access_token as string);
    expect({ tid: access['tid'], scp: access['scp'], appid: access['appid'] }).toEqual({
      tid: production.tenantId,
      scp: 'user_impersonation',
      appid: PARTNERBOX_PUBLIC_CLIENT_ID,
    });
    const customers = await send(`${base}/v1/customers`, 'GET', { token: body.access_token as string });
    expect(customers.status).toBe(200);
  });

  it('answers response_mode=fragment in the fragment and form_post with a form', async () => {
    const fragment = await codeForMode('fragment');
    expect(new URLSearchParams(new URL(fragment.location ?? '').hash.slice(1)).get('code')).toBeTruthy();
    const posted = await codeForMode('form_post');
    expect(posted.status).toBe(200);
    expect(posted.text).toContain(`action="${REDIRECT}"`);
    expect(posted.text).toMatch(/name="code" value="[^"]+"/);
  });

  async function codeForMode(mode: string) {
    return signIn(
      authorizeUrl('organizations', { code_challenge: pkce().challenge, response_mode: mode }),
      user(sandbox),
    );
  }

  it('shows the error on the page for a wrong password, and redirects nowhere', async () => {
    const answer = await signIn(authorizeUrl('organizations', { code_challenge: pkce().challenge }), {
      userName: sandbox.userName,
      password: 'wrong-password',
    });
    expect(answer.status).toBe(400);
    expect(answer.location).toBeUndefined();
    expect(alertOf(answer)).toContain('AADSTS50126');
  });

  it('refuses a user of another partner when the path names a tenant', async () => {
    const answer = await signIn(authorizeUrl(sandbox.tenantId, { code_challenge: pkce().challenge }), user(production));
    expect(answer.status).toBe(400);
    expect(alertOf(answer)).toContain('AADSTS50034');
  });

  it('shows an error page, not a redirect, for a redirect URI it does not allow', async () => {
    const page = await fetchPage(
      authorizeUrl('organizations', { code_challenge: pkce().challenge, redirect_uri: 'https://evil.example/cb' }),
    );
    expect(page.status).toBe(400);
    expect(page.location).toBeUndefined();
    expect(page.text).toContain('AADSTS50011');
  });

  it('redirects with an OAuth error when the public client sends no code_challenge', async () => {
    const page = await fetchPage(authorizeUrl('organizations'));
    expect(page.status).toBe(302);
    const location = new URL(page.location ?? '');
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('state')).toBe('state-123');
  });

  it('refuses a plain code_challenge_method and prompt=none', async () => {
    for (const [extra, error] of [
      [{ code_challenge: pkce().challenge, code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge: pkce().challenge, prompt: 'none' }, 'login_required'],
      [{ code_challenge: pkce().challenge, response_type: 'token' }, 'unsupported_response_type'],
      [{ code_challenge: pkce().challenge, scope: 'openid' }, 'invalid_scope'],
    ] as const) {
      const page = await fetchPage(authorizeUrl('organizations', extra));
      expect(new URL(page.location ?? 'http://x/').searchParams.get('error'), JSON.stringify(extra)).toBe(error);
    }
  });

  it('shows Entra’s 90002 on the page for an unknown tenant', async () => {
    const page = await fetchPage(authorizeUrl('no-such-tenant.onmicrosoft.com', { code_challenge: pkce().challenge }));
    expect(page.status).toBe(400);
    expect(page.text).toContain('AADSTS90002');
  });
});

describe('the authorization_code grant', () => {
  it('refuses a verifier that does not match the challenge (50148), and the code stays usable', async () => {
    const { code, verifier } = await codeFor(sandbox);
    const wrong = await exchange(code, randomBytes(32).toString('base64url'));
    expect(wrong.status).toBe(400);
    expect({ error: wrong.body.error, codes: wrong.body.error_codes }).toEqual({
      error: 'invalid_grant',
      codes: [50148],
    });
    expect((await exchange(code, verifier)).status).toBe(200);
  });

  it('redeems a code once (54005 the second time) and refuses a made-up code', async () => {
    const { code, verifier } = await codeFor(sandbox);
    expect((await exchange(code, verifier)).status).toBe(200);
    const again = await exchange(code, verifier);
    expect({ status: again.status, error: again.body.error, codes: again.body.error_codes }).toEqual({
      status: 400,
      error: 'invalid_grant',
      codes: [54005],
    });
    const madeUp = await exchange('not-a-code', verifier);
    expect({ status: madeUp.status, error: madeUp.body.error }).toEqual({ status: 400, error: 'invalid_grant' });
  });

  it('refuses another redirect_uri (500112) and another tenant in the path (700005)', async () => {
    const { code, verifier } = await codeFor(sandbox);
    const other = await token('organizations', {
      grant_type: 'authorization_code',
      client_id: PARTNERBOX_PUBLIC_CLIENT_ID,
      code,
      redirect_uri: 'http://localhost:1/other',
      code_verifier: verifier,
    });
    expect(other.body.error_codes).toEqual([500112]);
    expect((await exchange(code, verifier, production.tenantId)).body.error_codes).toEqual([700005]);
    expect((await exchange(code, verifier, sandbox.tenantId)).status).toBe(200);
  });

  it('refuses a client secret from the public client (700025)', async () => {
    const { code, verifier } = await codeFor(sandbox);
    const answer = await token('organizations', {
      grant_type: 'authorization_code',
      client_id: PARTNERBOX_PUBLIC_CLIENT_ID,
      client_secret: 'x',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect({ status: answer.status, error: answer.body.error, codes: answer.body.error_codes }).toEqual({
      status: 401,
      error: 'invalid_client',
      codes: [700025],
    });
  });

  it('lets a partner’s own app redeem with its secret, and not without it', async () => {
    const { verifier, challenge } = pkce();
    const url = authorizeUrl(sandbox.tenantId, { client_id: sandbox.clientId, code_challenge: challenge });
    const answer = await signIn(url, user(sandbox));
    const code = new URL(answer.location ?? '').searchParams.get('code') ?? '';
    const form = {
      grant_type: 'authorization_code',
      client_id: sandbox.clientId,
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    };
    expect((await token(sandbox.tenantId, form)).body.error_codes).toEqual([7000218]);
    expect((await token(sandbox.tenantId, { ...form, client_secret: sandbox.clientSecret })).status).toBe(200);
  });
});

describe('refresh tokens of the public client', () => {
  it('give new App+User tokens, again and again, and not to another client', async () => {
    const { code, verifier } = await codeFor(sandbox);
    let refresh = (await exchange(code, verifier)).body.refresh_token as string;
    for (let i = 0; i < 2; i++) {
      const answer = await token('organizations', {
        grant_type: 'refresh_token',
        client_id: PARTNERBOX_PUBLIC_CLIENT_ID,
        refresh_token: refresh,
        scope: PARTNER_CENTER_USER_SCOPE,
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(decodeJwt(answer.body.access_token as string)['tid']).toBe(sandbox.tenantId);
      refresh = answer.body.refresh_token as string;
    }
    const stolen = await token(sandbox.tenantId, {
      grant_type: 'refresh_token',
      client_id: sandbox.clientId,
      client_secret: sandbox.clientSecret,
      refresh_token: refresh,
    });
    expect({ status: stolen.status, error: stolen.body.error }).toEqual({ status: 400, error: 'invalid_grant' });
  });
});

describe('device code', () => {
  async function start(root = base, tenant = 'organizations') {
    const response = await fetch(`${root}/${tenant}/oauth2/v2.0/devicecode`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: PARTNERBOX_PUBLIC_CLIENT_ID,
        scope: PARTNER_CENTER_USER_SCOPE,
      }).toString(),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Json;
  }
  const poll = (deviceCode: string, root = base) =>
    token(
      'organizations',
      {
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        client_id: PARTNERBOX_PUBLIC_CLIENT_ID,
        device_code: deviceCode,
      },
      root,
    );

  it('answers authorization_pending until the user signs in on /devicelogin, then a token, once', async () => {
    const flow = await start();
    expect(flow.verification_uri).toBe(`${base}/devicelogin`);
    expect(flow.message).toContain(flow.user_code);
    expect(flow).toMatchObject({ expires_in: 900, interval: 5 });
    const pending = await poll(flow.device_code);
    expect({ status: pending.status, error: pending.body.error, codes: pending.body.error_codes }).toEqual({
      status: 400,
      error: 'authorization_pending',
      codes: [70016],
    });
    const done = await approveDeviceCode(flow.verification_uri, flow.user_code.toLowerCase(), user(production));
    expect(done.status, done.text).toBe(200);
    expect(done.text).toContain('You are signed in');
    const answer = await poll(flow.device_code);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(decodeJwt(answer.body.access_token as string)['tid']).toBe(production.tenantId);
    expect((await poll(flow.device_code)).status).toBe(400);
  });

  it('says so on the page and at the token endpoint when the code has expired', async () => {
    const root = shortDevice.authority;
    const flow = await start(root);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const expired = await poll(flow.device_code, root);
    expect({ status: expired.status, error: expired.body.error, codes: expired.body.error_codes }).toEqual({
      status: 400,
      error: 'expired_token',
      codes: [70019],
    });
    const page = await approveDeviceCode(
      flow.verification_uri,
      flow.user_code,
      user(shortDevice.sandboxPartner as Required<PartnerCredentials>),
    );
    expect(page.status).toBe(400);
    expect(alertOf(page)).toContain('expired');
  });

  it('shows an error for a code it never issued', async () => {
    const page = await approveDeviceCode(`${base}/devicelogin`, 'ABCDEFGHJ', user(sandbox));
    expect(page.status).toBe(400);
    expect(alertOf(page)).toContain('was not found');
  });
});

describe('logout and metadata', () => {
  it('redirects back to an allowed post_logout_redirect_uri', async () => {
    const page = await fetchPage(
      `${base}/organizations/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent('http://localhost:3000/bye')}`,
    );
    expect({ status: page.status, location: page.location }).toEqual({
      status: 302,
      location: 'http://localhost:3000/bye',
    });
  });

  it('answers Entra’s 400 invalid_tenant 90002 for the metadata of an unknown tenant', async () => {
    for (const path of ['v2.0/.well-known/openid-configuration', '.well-known/openid-configuration']) {
      const response = await send(`${base}/no-such.onmicrosoft.com/${path}`, 'GET');
      expect(response.status).toBe(400);
      expect({ error: response.body.error, codes: response.body.error_codes }).toEqual({
        error: 'invalid_tenant',
        codes: [90002],
      });
    }
  });

  it('names the tenant by id and every endpoint at the address asked, v2.0 and v1', async () => {
    const domain = sandbox.userName.split('@')[1] ?? '';
    const v2 = (await send(`${base}/${domain}/v2.0/.well-known/openid-configuration`, 'GET')).body;
    expect(v2).toMatchObject({
      issuer: `${base}/${sandbox.tenantId}/v2.0`,
      authorization_endpoint: `${base}/${sandbox.tenantId}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/${sandbox.tenantId}/oauth2/v2.0/token`,
      device_authorization_endpoint: `${base}/${sandbox.tenantId}/oauth2/v2.0/devicecode`,
      jwks_uri: `${base}/${sandbox.tenantId}/discovery/v2.0/keys`,
      response_types_supported: ['code'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
    const v1 = (await send(`${base}/${sandbox.tenantId}/.well-known/openid-configuration`, 'GET')).body;
    expect(v1).toMatchObject({
      issuer: `https://sts.windows.net/${sandbox.tenantId}/`,
      token_endpoint: `${base}/${sandbox.tenantId}/oauth2/token`,
      jwks_uri: `${base}/${sandbox.tenantId}/discovery/keys`,
    });
    const keys = (await send(v2.jwks_uri as string, 'GET')).body;
    expect(keys.keys.length).toBeGreaterThan(0);
  });
});
