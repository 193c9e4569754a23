/** @module The pipeline and the headers every call carries. */
import { describe, it, expect } from 'vitest';
import {
  PartnerCenterClient,
  Pipeline,
  StaticTokenCredential,
  type PipelinePolicy,
  type PipelineRequest,
  type PipelineResponse,
} from '../src/index.js';
import { GUID, fakeFetch, pathOf, scripted } from './helpers/fake-fetch.js';

const credential = new StaticTokenCredential('secret-token');

function named(name: string, trace: string[]): PipelinePolicy {
  return {
    name,
    sendRequest(request, next) {
      trace.push(name);
      return next(request);
    },
  };
}

function request(): PipelineRequest {
  return { method: 'GET', url: 'https://example.test/', headers: new Headers(), attempt: 0, context: new Map() };
}

const ok = (req: PipelineRequest): Promise<PipelineResponse> =>
  Promise.resolve({ status: 200, headers: new Headers(), bodyText: '', request: req });

describe('Pipeline', () => {
  it('runs policies in order and supports before/after/remove/replace', async () => {
    const trace: string[] = [];
    const pipeline = new Pipeline([named('a', trace), named('c', trace)]);
    pipeline.addPolicy(named('b', trace), { before: 'c' });
    pipeline.addPolicy(named('d', trace), { after: 'c' });
    pipeline.addPolicy(named('z', trace));
    expect(pipeline.getPolicies().map((p) => p.name)).toEqual(['a', 'b', 'c', 'd', 'z']);

    expect(pipeline.removePolicy('d')?.name).toBe('d');
    expect(pipeline.removePolicy('nope')).toBeUndefined();
    pipeline.replacePolicy('b', named('b2', trace));
    await pipeline.sendRequest(ok, request());
    expect(trace).toEqual(['a', 'b2', 'c', 'z']);
  });

  it('rejects duplicate names, unknown anchors and ambiguous positions', () => {
    const pipeline = new Pipeline([named('a', [])]);
    expect(() => pipeline.addPolicy(named('a', []))).toThrow(/already/);
    expect(() => pipeline.addPolicy(named('b', []), { before: 'missing' })).toThrow(/No policy named "missing"/);
    expect(() => pipeline.addPolicy(named('b', []), { before: 'a', after: 'a' })).toThrow(/either/);
    expect(() => pipeline.replacePolicy('missing', named('x', []))).toThrow();
  });

  it('lets a policy answer without calling next', async () => {
    const pipeline = new Pipeline([
      {
        name: 'cache',
        sendRequest: (req) => Promise.resolve({ status: 299, headers: new Headers(), bodyText: '', request: req }),
      },
    ]);
    const response = await pipeline.sendRequest(() => Promise.reject(new Error('transport called')), request());
    expect(response.status).toBe(299);
  });
});

describe('PartnerCenterClient default pipeline', () => {
  it('has the named policies in the documented order', () => {
    const client = new PartnerCenterClient({ credential });
    expect(client.pipeline.getPolicies().map((p) => p.name)).toEqual([
      'requestIdPolicy',
      'correlationIdPolicy',
      'localePolicy',
      'applicationPolicy',
      'timeoutPolicy',
      'retryPolicy',
      'bearerTokenPolicy',
      'loggingPolicy',
    ]);
    expect(client.baseUrl).toBe('https://api.partnercenter.microsoft.com');
  });

  it('sends the Partner Center headers on every call', async () => {
    const http = scripted({ body: { id: 'c1' } }, { body: { id: 'c1' } });
    const client = new PartnerCenterClient({ credential, fetch: http.fetch, baseUrl: 'https://pc.example/' });
    await client.customers.get('c1');
    await client.customers.get('c1');
    const [first, second] = http.requests;
    expect(first?.url).toBe('https://pc.example/v1/customers/c1');
    expect(first?.method).toBe('GET');
    expect(first?.headers['authorization']).toBe('Bearer secret-token');
    expect(first?.headers['accept']).toBe('application/json');
    expect(first?.headers['x-locale']).toBe('en-US');
    expect(first?.headers['ms-partnercenter-application']).toMatch(/^Partnerbox SDK\//);
    expect(first?.headers['ms-requestid']).toMatch(GUID);
    expect(first?.headers['ms-correlationid']).toMatch(GUID);
    // New ids for each logical call.
    expect(second?.headers['ms-requestid']).not.toBe(first?.headers['ms-requestid']);
    expect(second?.headers['ms-correlationid']).not.toBe(first?.headers['ms-correlationid']);
  });

  it('uses the ids, locale and application given by the caller', async () => {
    const http = scripted({ body: {} }, { body: {} });
    const client = new PartnerCenterClient({
      credential,
      fetch: http.fetch,
      locale: 'fr-FR',
      application: 'Contoso sync',
      correlationId: 'client-correlation',
    });
    await client.customers.get('c1', {
      requestId: 'my-request',
      locale: 'de-DE',
      headers: { 'MS-Contract-Version': 'v1' },
    });
    await client.customers.get('c1', { correlationId: 'call-correlation' });
    expect(http.requests[0]?.headers).toMatchObject({
      'ms-requestid': 'my-request',
      'ms-correlationid': 'client-correlation',
      'x-locale': 'de-DE',
      'ms-partnercenter-application': 'Contoso sync',
      'ms-contract-version': 'v1',
    });
    expect(http.requests[1]?.headers['ms-correlationid']).toBe('call-correlation');
    expect(http.requests[1]?.headers['x-locale']).toBe('fr-FR');
  });

  it('withCorrelationId scopes one id over many calls and shares the pipeline', async () => {
    const http = fakeFetch(() => ({ body: {} }));
    const client = new PartnerCenterClient({ credential, fetch: http.fetch });
    const scoped = client.withCorrelationId('scope-1');
    expect(scoped).toBeInstanceOf(PartnerCenterClient);
    expect(scoped.pipeline).toBe(client.pipeline);
    expect(scoped.correlationId).toBe('scope-1');
    expect(client.correlationId).toBeUndefined();
    await scoped.customers.get('a');
    await scoped.orders.list('a');
    await client.customers.get('a');
    expect(http.requests.map((r) => r.headers['ms-correlationid'])).toEqual([
      'scope-1',
      'scope-1',
      expect.stringMatching(GUID),
    ]);
    expect(http.requests[2]?.headers['ms-correlationid']).not.toBe('scope-1');
  });

  it('adds custom policies from options, positioned by name', async () => {
    const trace: string[] = [];
    const http = scripted({ body: {} });
    const client = new PartnerCenterClient({
      credential,
      fetch: http.fetch,
      policies: [named('last', trace), { policy: named('beforeAuth', trace), before: 'bearerTokenPolicy' }],
    });
    const names = client.pipeline.getPolicies().map((p) => p.name);
    expect(names.indexOf('beforeAuth')).toBe(names.indexOf('bearerTokenPolicy') - 1);
    expect(names.at(-1)).toBe('last');
    await client.customers.get('x');
    expect(trace).toEqual(['beforeAuth', 'last']);
  });

  it('picks the 21Vianet endpoint for cloud: china', async () => {
    const http = scripted({ body: {} });
    const client = new PartnerCenterClient({ credential, fetch: http.fetch, cloud: 'china' });
    await client.customers.get('x');
    expect(http.requests[0]?.url).toBe('https://partner.partnercenterapi.microsoftonline.cn/v1/customers/x');
  });

  it('sendRequest accepts paths with or without /v1 and absolute same-origin URLs only', async () => {
    const http = fakeFetch(() => ({ body: { ok: true } }));
    const client = new PartnerCenterClient({ credential, fetch: http.fetch, baseUrl: 'https://pc.example' });
    await client.sendRequest({ method: 'GET', path: '/v1/customers', query: { size: 2, skip: undefined } });
    await client.sendRequest({ method: 'GET', path: 'customers/x' });
    await client.sendRequest({ method: 'GET', path: 'https://pc.example/v1/customers/y' });
    expect(http.requests.map((r) => pathOf(r.url))).toEqual([
      '/v1/customers?size=2',
      '/v1/customers/x',
      '/v1/customers/y',
    ]);
    await expect(client.sendRequest({ method: 'GET', path: 'https://evil.example/v1/customers' })).rejects.toThrow(
      /another origin/,
    );
    expect(http.requests).toHaveLength(3);
  });

  it('reports each attempt to the logger without the bearer token', async () => {
    const entries: { type: string; headers?: Record<string, string> }[] = [];
    const http = scripted({ status: 503, body: {} }, { body: {} });
    const client = new PartnerCenterClient({
      credential,
      fetch: http.fetch,
      logger: (entry) => entries.push(entry),
      retry: { sleep: () => Promise.resolve() },
    });
    await client.customers.get('x');
    expect(entries.map((e) => e.type)).toEqual(['request', 'response', 'retry', 'request', 'response']);
    expect(JSON.stringify(entries)).not.toContain('secret-token');
    expect(entries[0]?.headers?.['authorization']).toBe('REDACTED');
  });

  it('a throwing logger does not break the call', async () => {
    const http = scripted({ body: { id: 'x' } });
    const client = new PartnerCenterClient({
      credential,
      fetch: http.fetch,
      logger: () => {
        throw new Error('logger bug');
      },
    });
    await expect(client.customers.get('x')).resolves.toEqual({ id: 'x' });
  });
});
