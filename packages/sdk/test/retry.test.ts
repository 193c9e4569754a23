/** @module The retry policy: Retry-After, 5xx, network failures, and the idempotency key across retries. */
import { describe, it, expect } from 'vitest';
import {
  AuthenticationError,
  ClientSecretCredential,
  PartnerCenterClient,
  PartnerCenterError,
  StaticTokenCredential,
  computeRetryDelay,
  isNetworkError,
  type RetryOptions,
} from '../src/index.js';
import { networkError, scripted, type FakeFetch } from './helpers/fake-fetch.js';

const credential = new StaticTokenCredential('t');

function clientWith(http: FakeFetch, retry: RetryOptions = {}) {
  const delays: number[] = [];
  const client = new PartnerCenterClient({
    credential,
    fetch: http.fetch,
    retry: {
      random: () => 0.5,
      sleep: (delayInMs) => {
        delays.push(delayInMs);
        return Promise.resolve();
      },
      ...retry,
    },
  });
  return { client, delays };
}

const throttled = (retryAfter?: string) => ({
  status: 429,
  headers: retryAfter === undefined ? {} : { 'Retry-After': retryAfter },
  body: { statusCode: 429, message: 'Rate limit is exceeded. Try again in 57 seconds.' },
});

describe('retryPolicy', () => {
  it('keeps the same MS-RequestId across retries of one call', async () => {
    const http = scripted({ status: 503, body: {} }, networkError(), throttled('0'), {
      status: 201,
      body: { id: 'new' },
    });
    const { client } = clientWith(http);
    const created = await client.customers.create({
      companyProfile: { domain: 'x.onmicrosoft.com' },
      billingProfile: {
        email: 'a@b.c',
        culture: 'en-US',
        language: 'en',
        companyName: 'X',
        defaultAddress: { country: 'US', city: 'Redmond', addressLine1: '1 Way' },
      },
    });
    expect(created).toEqual({ id: 'new' });
    expect(http.requests).toHaveLength(4);
    const ids = new Set(http.requests.map((r) => r.headers['ms-requestid']));
    const correlations = new Set(http.requests.map((r) => r.headers['ms-correlationid']));
    expect(ids.size).toBe(1);
    expect(correlations.size).toBe(1);
    expect(http.requests.every((r) => r.rawBody === http.requests[0]?.rawBody)).toBe(true);
  });

  it('waits out Retry-After given in seconds', async () => {
    const http = scripted(throttled('1'), throttled('57'), { body: { id: 'x' } });
    const { client, delays } = clientWith(http);
    await client.customers.get('x');
    expect(delays).toEqual([1000, 57_000]);
  });

  it('waits out Retry-After given as an HTTP date', async () => {
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const http = scripted(throttled(inTenSeconds), { body: {} });
    const { client, delays } = clientWith(http);
    await client.customers.get('x');
    expect(delays).toHaveLength(1);
    // HTTP dates have one-second resolution.
    expect(delays[0]).toBeGreaterThan(8_000);
    expect(delays[0]).toBeLessThanOrEqual(10_000);
  });

  it('reads the gateway message when Retry-After is missing', async () => {
    const http = scripted(throttled(), { body: {} });
    const { client, delays } = clientWith(http);
    await client.customers.get('x');
    expect(delays).toEqual([57_000]);
  });

  it('honours a Retry-After above the back-off cap, but not above maxRetryAfterInMs', async () => {
    const http = scripted(throttled('45'), { body: {} });
    const { client, delays } = clientWith(http, { maxRetryDelayInMs: 5_000 });
    await client.customers.get('x');
    expect(delays).toEqual([45_000]);

    const tooLong = scripted(throttled('120'));
    const second = clientWith(tooLong, { maxRetryAfterInMs: 60_000 });
    const error = await second.client.customers.get('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartnerCenterError);
    expect(error).toMatchObject({ statusCode: 429, retryAfterInMs: 120_000, code: undefined });
    expect((error as PartnerCenterError).description).toMatch(/Rate limit is exceeded/);
    expect(second.delays).toEqual([]);
    expect(tooLong.requests).toHaveLength(1);
  });

  it('retries 500, 502, 503 and 504 with jittered exponential back-off', async () => {
    const http = scripted(
      { status: 500, body: {} },
      { status: 502, text: 'Bad gateway' },
      { status: 503, body: {} },
      { status: 504, body: {} },
      { body: { id: 'x' } },
    );
    const { client, delays } = clientWith(http, { retryDelayInMs: 100, maxRetryDelayInMs: 500 });
    await expect(client.customers.get('x')).resolves.toEqual({ id: 'x' });
    // random() = 0.5: half fixed plus a quarter, of 100, 200, 400, then capped at 500.
    expect(delays).toEqual([75, 150, 300, 375]);
  });

  it('gives up after maxRetries and throws the last error response', async () => {
    const http = scripted(
      { status: 503, body: { code: 3001, description: 'busy', data: [], source: 'PartnerFD' } },
      { status: 503, body: { code: 3001, description: 'still busy', data: [], source: 'PartnerFD' } },
      { status: 503, body: { code: 3001, description: 'busy again', data: [], source: 'PartnerFD' } },
    );
    const { client, delays } = clientWith(http, { maxRetries: 2 });
    const error = await client.customers.get('x').catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 503, code: 3001, description: 'busy again' });
    expect(http.requests).toHaveLength(3);
    expect(delays).toHaveLength(2);
  });

  it('does not retry other 4xx or 501', async () => {
    for (const status of [400, 401, 403, 404, 409, 501]) {
      const http = scripted({ status, body: { code: 1, description: 'no', data: [], source: 'x' } });
      const { client } = clientWith(http);
      await expect(client.customers.get('x')).rejects.toMatchObject({ statusCode: status });
      expect(http.requests).toHaveLength(1);
    }
  });

  it('retries network failures, then reports one without a status', async () => {
    const recovered = scripted(networkError(), networkError('ECONNREFUSED'), { body: { id: 'x' } });
    const first = clientWith(recovered);
    await expect(first.client.customers.get('x')).resolves.toEqual({ id: 'x' });
    expect(recovered.requests).toHaveLength(3);

    const down = scripted(networkError(), networkError(), networkError());
    const second = clientWith(down, { maxRetries: 2 });
    const error = await second.client.customers.get('x').catch((e: unknown) => e);
    expect(isNetworkError(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: undefined });
    expect((error as Error).message).toMatch(/ECONNRESET/);
    expect((error as Error).cause).toBeInstanceOf(TypeError);
    expect(down.requests).toHaveLength(3);
  });

  it('maxRetries: 0 disables retrying', async () => {
    const http = scripted({ status: 503, body: {} });
    const { client, delays } = clientWith(http, { maxRetries: 0 });
    await expect(client.customers.get('x')).rejects.toMatchObject({ statusCode: 503 });
    expect(delays).toEqual([]);
  });

  it('retries a token endpoint that is briefly unavailable', async () => {
    const http = scripted(
      { status: 503, text: 'unavailable' },
      { body: { token_type: 'Bearer', expires_in: 3600, access_token: 'fresh' } },
      { body: { id: 'x' } },
    );
    const client = new PartnerCenterClient({
      credential: new ClientSecretCredential('tenant', 'app', 'secret', { fetch: http.fetch }),
      fetch: http.fetch,
      retry: { sleep: () => Promise.resolve() },
    });
    await client.customers.get('x');
    expect(http.requests.map((r) => new URL(r.url).host)).toEqual([
      'login.microsoftonline.com',
      'login.microsoftonline.com',
      'api.partnercenter.microsoft.com',
    ]);
    expect(http.requests[2]?.headers['authorization']).toBe('Bearer fresh');
  });

  it('retries a token endpoint that cannot be reached', async () => {
    const http = scripted(
      networkError('ECONNREFUSED'),
      {
        body: { token_type: 'Bearer', expires_in: 3600, access_token: 'after-outage' },
      },
      { body: { id: 'x' } },
    );
    const client = new PartnerCenterClient({
      credential: new ClientSecretCredential('tenant', 'app', 'secret', { fetch: http.fetch }),
      fetch: http.fetch,
      retry: { sleep: () => Promise.resolve() },
    });
    await expect(client.customers.get('x')).resolves.toEqual({ id: 'x' });
    expect(http.requests[2]?.headers['authorization']).toBe('Bearer after-outage');
  });

  it('stops waiting between retries when aborted', async () => {
    const http = scripted({ status: 503, body: {} });
    const controller = new AbortController();
    const client = new PartnerCenterClient({
      credential,
      fetch: http.fetch,
      retry: {
        sleep: (_delayInMs, abortSignal) => {
          controller.abort();
          return abortSignal?.aborted ? Promise.reject(new Error('sleep saw the abort')) : Promise.resolve();
        },
      },
    });
    const error = await client.customers.get('x', { abortSignal: controller.signal }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(http.requests).toHaveLength(1);
  });

  it('does not retry a token request the endpoint refused', async () => {
    const http = scripted({
      status: 401,
      body: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' },
    });
    const client = new PartnerCenterClient({
      credential: new ClientSecretCredential('tenant', 'app', 'wrong', { fetch: http.fetch }),
      fetch: http.fetch,
      retry: { sleep: () => Promise.resolve() },
    });
    const error = await client.customers.get('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ statusCode: 401, error: 'invalid_client' });
    expect((error as Error).message).not.toContain('wrong');
    expect(http.requests).toHaveLength(1);
  });
});

describe('computeRetryDelay', () => {
  it('grows exponentially, is capped, and jitters within [half, full]', () => {
    const options = { retryDelayInMs: 1000, maxRetryDelayInMs: 30_000 };
    expect(computeRetryDelay(0, options, () => 0)).toBe(500);
    expect(computeRetryDelay(0, options, () => 1)).toBe(1000);
    expect(computeRetryDelay(3, options, () => 0.5)).toBe(6000);
    expect(computeRetryDelay(10, options, () => 1)).toBe(30_000);
    expect(computeRetryDelay(10, options, () => 0)).toBe(15_000);
  });
});
