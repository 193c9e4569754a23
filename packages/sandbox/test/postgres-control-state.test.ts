import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { customerBody, OFFERS, orderBody, TEST_ADMIN_KEY } from '@partnerbox/conformance';
import { buildApp } from '../src/app.js';
import { postgresTestStore, type TestStore } from './support/perf-database.js';

// Issue 11: each instance judges /v1 requests by the control state it cached (fault rules, clock,
// identities version), which the request's own first read checks against the database's control
// version. Two instances on one database, real sockets: a change made through A is in force on
// B's very next request, whatever B had cached. Each case below fails if B trusted its cache.
let store: TestStore;
const apps: Awaited<ReturnType<typeof buildApp>>[] = [];
let a: string;
let b: string;

interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers read field by field, as the conformance client does
  body: any;
}

async function call(base: string, method: string, path: string, token: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const control = (base: string, method: string, path: string, body?: unknown) =>
  call(base, method, `/_sandbox${path}`, TEST_ADMIN_KEY, body);

async function sandboxToken(base: string, mode: 'app' | 'user' = 'app'): Promise<string> {
  const minted = await control(base, 'POST', '/tokens', { partner: 'sandbox', mode });
  expect(minted.status).toBe(200);
  return minted.body.access_token as string;
}

async function newCustomer(base: string, token: string): Promise<string> {
  const created = await call(base, 'POST', '/v1/customers', token, customerBody());
  expect(created.status).toBe(201);
  return created.body.id as string;
}

beforeAll(async () => {
  store = await postgresTestStore();
  for (const serverId of ['1', '2']) {
    const app = await buildApp({
      store: store.config,
      adminKey: TEST_ADMIN_KEY,
      provisioningDelaySeconds: 0,
      journalSize: 0,
      serverId,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    apps.push(app);
  }
  [a, b] = apps.map((app) => {
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    return `http://127.0.0.1:${address.port}`;
  }) as [string, string];
});
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await store?.drop();
});
beforeEach(async () => {
  expect((await control(a, 'POST', '/reset', {})).status).toBe(200);
});

describe('two instances on one PostgreSQL database: the control state is exact across them', () => {
  it('a fault added through A applies to the next GET served by B', async () => {
    const token = await sandboxToken(a);
    const id = await newCustomer(a, token);
    expect((await call(b, 'GET', `/v1/customers/${id}`, token)).status).toBe(200); // B caches its state

    await control(a, 'POST', '/faults', { method: 'GET', path: '/v1/customers/*', kind: 'error', status: 503 });
    const get = await call(b, 'GET', `/v1/customers/${id}`, token);
    expect(get.status).toBe(503);
    expect(get.body.description).toMatch(/Injected fault/);
  });

  it('a fault added through A applies to the next write served by B, which writes nothing', async () => {
    const token = await sandboxToken(a);
    const id = await newCustomer(a, token);
    expect((await call(b, 'GET', `/v1/customers/${id}`, token)).status).toBe(200);
    // B's cached state has no rule; the write's locking read finds the newer version.
    await control(a, 'POST', '/faults', { method: 'POST', path: '/v1/customers', kind: 'error', status: 502 });
    const [before] = [...(await store.counts()).values()].filter(([kept]) => kept > 0);
    expect((await call(b, 'POST', '/v1/customers', token, customerBody())).status).toBe(502);
    const [after] = [...(await store.counts()).values()].filter(([kept]) => kept > 0);
    expect(after).toEqual(before); // nothing written: the transaction was rolled back
  });

  it('a fault removed through A, one by one or all at once, stops on B at once', async () => {
    const token = await sandboxToken(a);
    const id = await newCustomer(a, token);
    const rule = await control(a, 'POST', '/faults', { method: 'GET', path: '/v1/customers/*', kind: 'throttle' });
    expect((await call(b, 'GET', `/v1/customers/${id}`, token)).status).toBe(429); // B caches the rule
    expect((await control(a, 'DELETE', `/faults/${rule.body.id as string}`)).status).toBe(204);
    expect((await call(b, 'GET', `/v1/customers/${id}`, token)).status).toBe(200);

    await control(a, 'POST', '/faults', { method: 'GET', path: '/v1/customers/*', kind: 'throttle' });
    expect((await call(b, 'GET', `/v1/customers/${id}`, token)).status).toBe(429);
    expect((await control(a, 'DELETE', '/faults')).status).toBe(204);
    expect((await call(b, 'GET', `/v1/customers/${id}`, token)).status).toBe(200);
  });

  it('a limited rule is used exactly N times across both instances, from the first request on', async () => {
    const token = await sandboxToken(a);
    const id = await newCustomer(a, token);
    for (const base of [a, b]) expect((await call(base, 'GET', `/v1/customers/${id}`, token)).status).toBe(200);
    await control(a, 'POST', '/faults', { method: 'GET', path: '/v1/customers/*', kind: 'throttle', times: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push((await call(i % 2 === 0 ? b : a, 'GET', `/v1/customers/${id}`, token)).status);
    expect(statuses).toEqual([429, 429, 429, 200, 200, 200, 200, 200]);

    // At once from both: the uses are counted in the database, so still exactly N.
    await control(a, 'POST', '/faults', { method: 'GET', path: '/v1/customers/*', kind: 'throttle', times: 5 });
    const racing = await Promise.all(
      Array.from({ length: 16 }, (_, i) => call(i % 2 === 0 ? b : a, 'GET', `/v1/customers/${id}`, token)),
    );
    expect(racing.filter((r) => r.status === 429)).toHaveLength(5);
    expect((await control(b, 'GET', '/faults')).body).toEqual([]);
  });

  it("advancing the clock through A dates B's next write by it, and a reset through A takes it back", async () => {
    const token = await sandboxToken(a);
    const id = await newCustomer(a, token);
    expect((await call(b, 'GET', `/v1/customers/${id}`, token)).status).toBe(200);
    const tenDays = 10 * 86_400;
    expect((await control(a, 'POST', '/clock', { advanceSeconds: tenDays })).status).toBe(200);
    const order = await call(b, 'POST', `/v1/customers/${id}/orders`, token, orderBody(OFFERS.licence));
    expect(order.status).toBe(201);
    const ahead = Date.parse(order.body.creationDate as string) - Date.now();
    expect(ahead).toBeGreaterThan(tenDays * 1000 - 60_000);

    expect((await control(a, 'POST', '/reset', {})).status).toBe(200);
    const again = await newCustomer(a, token);
    const fresh = await call(b, 'POST', `/v1/customers/${again}/orders`, token, orderBody(OFFERS.licence));
    expect(fresh.status).toBe(201);
    expect(Math.abs(Date.parse(fresh.body.creationDate as string) - Date.now())).toBeLessThan(60_000);
  });

  it('a snapshot import through A makes B refuse at once the tokens of identities it removed', async () => {
    const token = await sandboxToken(a);
    const id = await newCustomer(a, token);
    expect((await call(b, 'GET', `/v1/customers/${id}`, token)).status).toBe(200); // B caches the principal
    const snapshot = (await control(a, 'GET', '/snapshot')).body;
    const gone = (snapshot.partners as { id: string; kind: string }[]).find((p) => p.kind === 'sandbox')?.id;
    const keep = <T extends { partnerId: string }>(records: T[]) => records.filter((r) => r.partnerId !== gone);
    const customers = keep(snapshot.customers as { id: string; partnerId: string }[]);
    const kept = new Set(customers.map((c) => c.id));
    const withoutSandbox = {
      ...snapshot,
      partners: snapshot.partners.filter((p: { id: string }) => p.id !== gone),
      apps: keep(snapshot.apps),
      users: keep(snapshot.users),
      customers,
      orders: snapshot.orders.filter((o: { customerId: string }) => kept.has(o.customerId)),
      subscriptions: snapshot.subscriptions.filter((s: { customerId: string }) => kept.has(s.customerId)),
    };
    try {
      expect((await control(a, 'PUT', '/snapshot', withoutSandbox)).status).toBe(200);
      const refused = await call(b, 'GET', `/v1/customers/${id}`, token);
      expect(refused.status).toBe(401);
      // Refused by B as by A: the same answer from either instance.
      expect((await call(a, 'GET', `/v1/customers/${id}`, token)).body).toEqual(refused.body);
    } finally {
      // The other cases use the sandbox partner.
      expect((await control(a, 'PUT', '/snapshot', snapshot)).status).toBe(200);
    }
  });

  it('a request whose handler reads nothing is judged by the current state too', async () => {
    const token = await sandboxToken(a, 'user');
    expect((await call(b, 'GET', '/v1/customers/relationshiprequests', token)).status).toBe(200);
    await control(a, 'POST', '/faults', { path: '/v1/customers/**', kind: 'error', status: 500 });
    expect((await call(b, 'GET', '/v1/customers/relationshiprequests', token)).status).toBe(500);
  });

  it('a request refused before any read (by its handler, by its id) is judged by the current state too', async () => {
    const appOnly = await sandboxToken(a);
    expect((await call(b, 'GET', '/v1/customers/relationshiprequests', appOnly)).status).toBe(403);
    await control(a, 'POST', '/faults', { path: '/v1/customers/**', kind: 'error', status: 500 });
    expect((await call(b, 'GET', '/v1/customers/relationshiprequests', appOnly)).status).toBe(500);
    await control(a, 'DELETE', '/faults');
    expect((await call(b, 'GET', '/v1/customers/not-a-guid', appOnly)).status).toBe(400);
    await control(a, 'POST', '/faults', { path: '/v1/customers/**', kind: 'error', status: 500 });
    expect((await call(b, 'GET', '/v1/customers/not-a-guid', appOnly)).status).toBe(500);
  });
});
