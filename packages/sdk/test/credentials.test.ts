/** @module Built-in credentials: token endpoint requests, caching, refresh and in-flight sharing. */
import { afterEach, describe, it, expect, vi } from 'vitest';
import {
  AuthenticationError,
  ClientSecretCredential,
  PartnerCenterClient,
  RefreshTokenCredential,
  StaticTokenCredential,
  type AccessToken,
  type TokenCredential,
} from '../src/index.js';
import { fakeFetch, networkError, scripted, type RecordedRequest } from './helpers/fake-fetch.js';

const SCOPE = 'https://api.partnercenter.microsoft.com/.default';

function tokenEndpoint(issued: string[] = [], expiresIn: number | string = 3600) {
  let count = 0;
  return fakeFetch((request: RecordedRequest) => {
    const token = `token-${++count}`;
    issued.push(token);
    void request;
    return {
      body: { token_type: 'Bearer', expires_in: expiresIn, access_token: token, refresh_token: `refresh-${count}` },
    };
  });
}

function form(request: RecordedRequest | undefined): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(String(request?.rawBody)));
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ClientSecretCredential', () => {
  it('posts the client-credentials grant to the v2 endpoint', async () => {
    const http = tokenEndpoint();
    const credential = new ClientSecretCredential('contoso.onmicrosoft.com', 'app-id', 's3cret&=', {
      fetch: http.fetch,
    });
    const token = await credential.getToken(SCOPE);
    expect(token?.token).toBe('token-1');
    expect(http.requests[0]?.url).toBe('https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token');
    expect(http.requests[0]?.method).toBe('POST');
    expect(http.requests[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(form(http.requests[0])).toEqual({
      grant_type: 'client_credentials',
      client_id: 'app-id',
      client_secret: 's3cret&=',
      scope: SCOPE,
    });
  });

  it('uses the authority of the chosen cloud, or authorityHost', () => {
    const endpoint = (options: ConstructorParameters<typeof ClientSecretCredential>[3]) =>
      new ClientSecretCredential('t', 'c', 's', options).tokenEndpoint;
    expect(endpoint({})).toBe('https://login.microsoftonline.com/t/oauth2/v2.0/token');
    expect(endpoint({ cloud: 'usGovernment' })).toBe('https://login.microsoftonline.us/t/oauth2/v2.0/token');
    expect(endpoint({ cloud: 'china' })).toBe('https://login.chinacloudapi.cn/t/oauth2/v2.0/token');
    expect(endpoint({ cloud: 'china', authorityHost: 'http://127.0.0.1:4000/' })).toBe(
      'http://127.0.0.1:4000/t/oauth2/v2.0/token',
    );
  });

  it('caches the token and refreshes it five minutes before expiry', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-01-01T00:00:00Z'));
    const http = tokenEndpoint();
    const credential = new ClientSecretCredential('t', 'c', 's', { fetch: http.fetch });
    const first = await credential.getToken(SCOPE);
    expect(first?.expiresOnTimestamp).toBe(Date.parse('2025-01-01T01:00:00Z'));
    vi.setSystemTime(new Date('2025-01-01T00:54:00Z'));
    expect((await credential.getToken(SCOPE))?.token).toBe('token-1');
    expect(http.requests).toHaveLength(1);
    vi.setSystemTime(new Date('2025-01-01T00:55:01Z'));
    expect((await credential.getToken([SCOPE]))?.token).toBe('token-2');
    expect(http.requests).toHaveLength(2);
  });

  it('keeps short-lived tokens for half their lifetime instead of refetching each call', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-01-01T00:00:00Z'));
    const http = tokenEndpoint([], '120');
    const credential = new ClientSecretCredential('t', 'c', 's', { fetch: http.fetch });
    await credential.getToken(SCOPE);
    vi.setSystemTime(new Date('2025-01-01T00:00:59Z'));
    await credential.getToken(SCOPE);
    expect(http.requests).toHaveLength(1);
    vi.setSystemTime(new Date('2025-01-01T00:01:01Z'));
    await credential.getToken(SCOPE);
    expect(http.requests).toHaveLength(2);
  });

  it('shares one in-flight token request among concurrent callers', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const http = fakeFetch(async () => {
      await gate;
      return { body: { token_type: 'Bearer', expires_in: 3600, access_token: 'shared' } };
    });
    const credential = new ClientSecretCredential('t', 'c', 's', { fetch: http.fetch });
    const calls = Promise.all([credential.getToken(SCOPE), credential.getToken(SCOPE), credential.getToken(SCOPE)]);
    await new Promise((resolve) => setImmediate(resolve));
    release();
    const tokens = await calls;
    expect(tokens.map((t) => t?.token)).toEqual(['shared', 'shared', 'shared']);
    expect(http.requests).toHaveLength(1);
  });

  it('does not cache a failure', async () => {
    const http = scripted(
      {
        status: 400,
        body: { error: 'invalid_scope', error_description: 'AADSTS70011: bad scope', error_codes: [70011] },
      },
      { body: { token_type: 'Bearer', expires_in: 3600, access_token: 'ok' } },
    );
    const credential = new ClientSecretCredential('t', 'c', 's', { fetch: http.fetch });
    const error = await credential.getToken(SCOPE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({
      statusCode: 400,
      error: 'invalid_scope',
      errorDescription: 'AADSTS70011: bad scope',
      errorCodes: [70011],
    });
    expect((error as Error).message).toContain('invalid_scope');
    expect((await credential.getToken(SCOPE))?.token).toBe('ok');
  });

  it('reports an unreachable endpoint and a non-JSON answer', async () => {
    const down = scripted(networkError('ECONNREFUSED'));
    const unreachable = await new ClientSecretCredential('t', 'c', 's', { fetch: down.fetch })
      .getToken(SCOPE)
      .catch((e: unknown) => e);
    expect(unreachable).toMatchObject({ name: 'AuthenticationError', statusCode: undefined });
    const html = scripted({ status: 500, text: '<html>oops</html>' });
    const garbled = await new ClientSecretCredential('t', 'c', 's', { fetch: html.fetch })
      .getToken(SCOPE)
      .catch((e: unknown) => e);
    expect(garbled).toMatchObject({ statusCode: 500, error: 'http_500', errorDescription: '<html>oops</html>' });
  });
});

describe('RefreshTokenCredential', () => {
  it('uses the refresh-token grant and keeps the rotated refresh token', async () => {
    const rotated: string[] = [];
    const http = tokenEndpoint();
    const credential = new RefreshTokenCredential('tenant', 'app', 'refresh-0', {
      clientSecret: 'secret',
      fetch: http.fetch,
      authorityHost: 'http://127.0.0.1:4000',
      onRefreshTokenRotated: (token) => rotated.push(token),
    });
    await credential.getToken(SCOPE);
    expect(http.requests[0]?.url).toBe('http://127.0.0.1:4000/tenant/oauth2/v2.0/token');
    expect(form(http.requests[0])).toEqual({
      grant_type: 'refresh_token',
      client_id: 'app',
      client_secret: 'secret',
      refresh_token: 'refresh-0',
      scope: SCOPE,
    });
    expect(credential.refreshToken).toBe('refresh-1');
    expect(rotated).toEqual(['refresh-1']);

    await credential.getToken('https://api.partnercenter.microsoft.com/user_impersonation');
    expect(form(http.requests[1])['refresh_token']).toBe('refresh-1');
    expect(credential.refreshToken).toBe('refresh-2');
  });

  it('omits client_secret for public clients', async () => {
    const http = tokenEndpoint();
    await new RefreshTokenCredential('t', 'c', 'r', { fetch: http.fetch }).getToken(SCOPE);
    expect(form(http.requests[0])).not.toHaveProperty('client_secret');
  });
});

describe('StaticTokenCredential and the bearer-token policy', () => {
  it('hands out the fixed token', async () => {
    const token = await new StaticTokenCredential('abc', 123).getToken();
    expect(token).toEqual({ token: 'abc', expiresOnTimestamp: 123, tokenType: 'Bearer' });
  });

  it('caches tokens of credentials that do not cache themselves, and asks for the default scope', async () => {
    const asked: (string | string[])[] = [];
    const naive: TokenCredential = {
      getToken: (scopes) => {
        asked.push(scopes);
        return Promise.resolve<AccessToken>({ token: `t${asked.length}`, expiresOnTimestamp: Date.now() + 3_600_000 });
      },
    };
    const http = fakeFetch(() => ({ body: {} }));
    const client = new PartnerCenterClient({ credential: naive, fetch: http.fetch });
    await Promise.all([client.customers.get('a'), client.customers.get('b'), client.orders.list('c')]);
    await client.customers.get('d');
    expect(asked).toEqual([[SCOPE]]);
    expect(http.requests.every((r) => r.headers['authorization'] === 'Bearer t1')).toBe(true);
  });

  it('fails clearly when a credential returns no token', async () => {
    const http = scripted();
    const client = new PartnerCenterClient({
      credential: { getToken: () => Promise.resolve(null) },
      fetch: http.fetch,
    });
    await expect(client.customers.get('a')).rejects.toThrow(/returned no token/);
    expect(http.requests).toHaveLength(0);
  });

  it('refuses to send a token over plain HTTP except to loopback', async () => {
    const http = fakeFetch(() => ({ body: {} }));
    const remote = new PartnerCenterClient({
      credential: new StaticTokenCredential('t'),
      fetch: http.fetch,
      baseUrl: 'http://pc.example',
    });
    await expect(remote.customers.get('a')).rejects.toThrow(/Refusing to send a bearer token/);
    expect(http.requests).toHaveLength(0);

    const local = new PartnerCenterClient({
      credential: new StaticTokenCredential('t'),
      fetch: http.fetch,
      baseUrl: 'http://127.0.0.1:4000',
    });
    await local.customers.get('a');
    const allowed = new PartnerCenterClient({
      credential: new StaticTokenCredential('t'),
      fetch: http.fetch,
      baseUrl: 'http://sandbox:4000',
      allowInsecureConnection: true,
    });
    await allowed.customers.get('a');
    expect(http.requests.map((r) => r.url)).toEqual([
      'http://127.0.0.1:4000/v1/customers/a',
      'http://sandbox:4000/v1/customers/a',
    ]);
  });

  it('works end to end against a sandbox-style authority on the same host', async () => {
    const http = fakeFetch((request) => {
      if (request.url.endsWith('/oauth2/v2.0/token')) {
        return { body: { token_type: 'Bearer', expires_in: 3600, access_token: 'sandbox-token' } };
      }
      return { body: { url: 'https://admin.microsoft.com/invite', attributes: { objectType: 'RelationshipRequest' } } };
    });
    const baseUrl = 'http://127.0.0.1:4000';
    const client = new PartnerCenterClient({
      baseUrl,
      fetch: http.fetch,
      credential: new ClientSecretCredential('partner-tenant', 'app', 'secret', {
        authorityHost: baseUrl,
        fetch: http.fetch,
      }),
    });
    const invitation = await client.customers.requestResellerRelationship();
    expect(invitation.url).toBe('https://admin.microsoft.com/invite');
    expect(http.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST http://127.0.0.1:4000/partner-tenant/oauth2/v2.0/token',
      'GET http://127.0.0.1:4000/v1/customers/relationshiprequests',
    ]);
    expect(http.requests[1]?.headers['authorization']).toBe('Bearer sandbox-token');
  });
});
