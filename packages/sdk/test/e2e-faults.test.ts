/**
 * @module End to end: faults injected through the sandbox's control plane (429 with
 * Retry-After, 503, dropped connections before and after the work) and the SDK's retries,
 * including the idempotent retry of a customer creation.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { customerBody } from '@partnerbox/conformance';
import { isNetworkError, isPartnerCenterError, PartnerCenterError } from '../src/index.js';
import {
  appOnlyClient,
  logCollector,
  recordingFetch,
  startRealSandbox,
  type RealSandbox,
} from './helpers/real-sandbox.js';

let sandbox: RealSandbox;

beforeAll(async () => {
  sandbox = await startRealSandbox();
  await sandbox.api.control.scenario('customers-only', { count: 3 });
});
afterAll(() => sandbox.close());
afterEach(async () => {
  await sandbox.api.control.clearFaults();
});

/** A client that records the wire and the retries; short back-off so 5xx and drops retry fast. */
function instrumentedClient(retry: { maxRetries?: number } = {}) {
  const wire = recordingFetch();
  const log = logCollector();
  const client = appOnlyClient(sandbox, sandbox.sandbox, {
    fetch: wire.fetch,
    logger: log.logger,
    retry: { retryDelayInMs: 20, maxRetryDelayInMs: 100, ...retry },
  });
  return { client, wire, log };
}

async function activeFaults(): Promise<unknown[]> {
  return sandbox.api.control.ok<unknown[]>('GET', '/faults');
}

async function customersWithDomain(domain: string): Promise<string[]> {
  const client = appOnlyClient(sandbox, sandbox.sandbox);
  const ids: string[] = [];
  for await (const customer of client.customers.list({ filter: { field: 'domain', value: domain } })) {
    if (customer.companyProfile.domain === domain) ids.push(customer.id);
  }
  return ids;
}

describe('retries against injected faults', () => {
  it('waits out 429 Retry-After and succeeds, keeping one MS-RequestId', async () => {
    await sandbox.api.control.addFault({
      method: 'GET',
      path: '/v1/customers',
      kind: 'throttle',
      retryAfterSeconds: 1,
      times: 2,
    });
    const { client, wire, log } = instrumentedClient();

    const page = await client.customers.list({ size: 10 }).byPage().next();

    expect(page.done).toBe(false);
    expect(page.done ? 0 : page.value.items.length).toBe(3);
    expect(wire.requests.map((request) => request.outcome)).toEqual([429, 429, 200]);
    expect(new Set(wire.requests.map((request) => request.requestId)).size).toBe(1);
    const retries = log.retries();
    expect(retries).toHaveLength(2);
    for (const retry of retries) {
      expect(retry).toMatchObject({ reason: 'throttled', status: 429 });
      // The wait is Retry-After's, not the 20 ms back-off configured for other failures.
      expect(retry.type === 'retry' && retry.delayInMs).toBe(1_000);
    }
    expect(await activeFaults()).toEqual([]);
  });

  it('retries 503 and succeeds', async () => {
    const { client: reader } = instrumentedClient();
    const first = await reader.customers.list({ size: 1 }).next();
    const customerId = first.done ? '' : first.value.id;
    await sandbox.api.control.addFault({
      method: 'GET',
      path: '/v1/customers/*',
      kind: 'error',
      status: 503,
      times: 2,
    });
    const { client, wire, log } = instrumentedClient();

    const customer = await client.customers.get(customerId);

    expect(customer.id).toBe(customerId);
    expect(wire.requests.map((request) => request.outcome)).toEqual([503, 503, 200]);
    expect(log.retries().map((retry) => retry.type === 'retry' && retry.reason)).toEqual([
      'server-error',
      'server-error',
    ]);
  });

  it('gives up after maxRetries with a PartnerCenterError carrying status, code and request id', async () => {
    await sandbox.api.control.addFault({ method: 'GET', path: '/v1/customers', kind: 'error', status: 503, times: 10 });
    const { client, wire } = instrumentedClient({ maxRetries: 2 });

    const error = await client.customers
      .list()
      .next()
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );

    expect(error).toBeInstanceOf(PartnerCenterError);
    const failure = error as PartnerCenterError;
    expect(failure.statusCode).toBe(503);
    expect(failure.code).toBe(503);
    expect(failure.description).toContain('Injected fault');
    expect(wire.requests).toHaveLength(3);
    expect(failure.requestId).toBe(wire.requests[0]?.requestId);
    expect(failure.request.headers['authorization']).toBe('REDACTED');
  });

  it('retries a connection dropped before the request was handled', async () => {
    await sandbox.api.control.addFault({
      method: 'GET',
      path: '/v1/customers',
      kind: 'drop',
      phase: 'before',
      times: 1,
    });
    const { client, wire, log } = instrumentedClient();

    const page = await client.customers.list({ size: 5 }).byPage().next();

    expect(page.done).toBe(false);
    expect(wire.requests.map((request) => request.outcome)).toEqual(['network-error', 200]);
    expect(log.retries().map((retry) => retry.type === 'retry' && retry.reason)).toEqual(['network-error']);
  });

  it('creates exactly one customer when the connection drops after the create was done', async () => {
    await sandbox.api.control.addFault({
      method: 'POST',
      path: '/v1/customers',
      kind: 'drop',
      phase: 'after',
      times: 1,
    });
    const { client, wire } = instrumentedClient();
    const body = customerBody();

    const customer = await client.customers.create(body);

    const posts = wire.requests.filter((request) => request.method === 'POST');
    expect(posts.map((request) => request.outcome)).toEqual(['network-error', 201]);
    // The retry is the same call: the same MS-RequestId, Partner Center's idempotency key.
    expect(posts[0]?.requestId).toBeTruthy();
    expect(posts[1]?.requestId).toBe(posts[0]?.requestId);
    expect(customer.companyProfile.domain).toBe(body.companyProfile.domain);
    // The replay returned the first attempt's customer, credentials included.
    expect(customer.userCredentials?.password).toBeTruthy();
    expect(await customersWithDomain(body.companyProfile.domain)).toEqual([customer.id]);
  });

  it('lets a caller retry a lost create itself with the same requestId, still creating one customer', async () => {
    await sandbox.api.control.addFault({
      method: 'POST',
      path: '/v1/customers',
      kind: 'drop',
      phase: 'after',
      times: 1,
    });
    const { client } = instrumentedClient({ maxRetries: 0 });
    const body = customerBody();
    const requestId = randomUUID();

    const lost = await client.customers.create(body, { requestId }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isNetworkError(lost)).toBe(true);
    expect(isPartnerCenterError(lost) && lost.requestId).toBe(requestId);
    // The lost attempt did create the customer...
    expect(await customersWithDomain(body.companyProfile.domain)).toHaveLength(1);

    // ...and the caller's retry with the same request id gets it back instead of a second one.
    const again = await client.customers.create(body, { requestId });
    expect(await customersWithDomain(body.companyProfile.domain)).toEqual([again.id]);

    // A different request id is a different call: the domain is taken now.
    const conflict = await client.customers.create(body).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isPartnerCenterError(conflict) && conflict.statusCode).toBe(409);
  });

  it('fails at once when Retry-After exceeds maxRetryAfterInMs, with the delay on the error', async () => {
    await sandbox.api.control.addFault({
      method: 'GET',
      path: '/v1/customers',
      kind: 'throttle',
      retryAfterSeconds: 120,
      times: 1,
    });
    const { client, wire } = instrumentedClient();

    const error = await client.customers
      .list()
      .next()
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );

    expect(isPartnerCenterError(error) && error.statusCode).toBe(429);
    expect(isPartnerCenterError(error) && error.retryAfterInMs).toBe(120_000);
    expect(wire.requests).toHaveLength(1);
  });
});
