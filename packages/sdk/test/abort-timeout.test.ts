/** @module Cancellation through abortSignal and timeoutInMs. */
import { describe, it, expect } from 'vitest';
import {
  AbortError,
  PartnerCenterClient,
  StaticTokenCredential,
  isAbortError,
  type TokenCredential,
} from '../src/index.js';
import { fakeFetch, hangingFetch, scripted } from './helpers/fake-fetch.js';

const credential = new StaticTokenCredential('t');

describe('abort and timeout', () => {
  it('rejects at once when the signal is already aborted, sending nothing', async () => {
    const http = scripted({ body: {} });
    const client = new PartnerCenterClient({ credential, fetch: http.fetch });
    const controller = new AbortController();
    controller.abort();
    const error = await client.customers.get('x', { abortSignal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).timedOut).toBe(false);
    expect(http.requests).toHaveLength(0);
  });

  it('aborts a request in flight and does not retry it', async () => {
    const http = hangingFetch();
    const client = new PartnerCenterClient({ credential, fetch: http.fetch });
    const controller = new AbortController();
    const pending = client.customers.get('x', { abortSignal: controller.signal });
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort(new Error('user cancelled'));
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(isAbortError(error)).toBe(true);
    expect((error as AbortError).cause).toEqual(new Error('user cancelled'));
    expect(http.requests).toHaveLength(1);
    expect(http.requests[0]?.signal?.aborted).toBe(true);
  });

  it('times out a call with timeoutInMs, without retrying', async () => {
    const http = hangingFetch();
    const client = new PartnerCenterClient({ credential, fetch: http.fetch, timeoutInMs: 60_000 });
    const error = await client.customers.get('x', { timeoutInMs: 20 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).timedOut).toBe(true);
    expect((error as Error).message).toMatch(/timed out after 20 ms/);
    expect(http.requests).toHaveLength(1);
  });

  it('the timeout covers back-off waits between retries', async () => {
    const http = fakeFetch(() => ({ status: 503, body: {} }));
    const client = new PartnerCenterClient({
      credential,
      fetch: http.fetch,
      timeoutInMs: 30,
      retry: { retryDelayInMs: 60_000 },
    });
    const error = await client.customers.get('x').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AbortError', timedOut: true });
    expect(http.requests).toHaveLength(1);
  });

  it('stops a fetch that ignores its signal', async () => {
    const http = fakeFetch(() => new Promise(() => undefined));
    const client = new PartnerCenterClient({ credential, fetch: http.fetch });
    const controller = new AbortController();
    const pending = client.customers.get('x', { abortSignal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
  });

  it('passes the signal to a slow credential and stops waiting for it', async () => {
    let seenSignal: AbortSignal | undefined;
    const slow: TokenCredential = {
      getToken: (_scopes, options) => {
        seenSignal = options?.abortSignal;
        return new Promise(() => undefined);
      },
    };
    const http = scripted({ body: {} });
    const client = new PartnerCenterClient({ credential: slow, fetch: http.fetch });
    const error = await client.customers.get('x', { timeoutInMs: 10 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AbortError', timedOut: true });
    expect(seenSignal).toBeUndefined(); // the shared token request is not tied to one caller
    expect(http.requests).toHaveLength(0);
  });
});
