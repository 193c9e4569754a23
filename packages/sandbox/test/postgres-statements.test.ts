import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, customerBody, TEST_ADMIN_KEY, type Target } from '@partnerbox/conformance';
import { buildApp } from '../src/app.js';
import { openStore } from '../src/store/open-store.js';
import { postgresTestStore, type TestStore } from './support/perf-database.js';

// Issue 11: what each request costs PostgreSQL, counted by wrapping the pg client (every
// statement the store sends passes through it), and whether it went as a named prepared statement.
let store: TestStore;
let app: Awaited<ReturnType<typeof buildApp>>;
let api: ApiClient;
let target: Target;
const sent: { text: string; prepared: boolean }[] = [];

beforeAll(async () => {
  store = await postgresTestStore();
  if (store.config.kind !== 'postgres') throw new Error('a PostgreSQL store');
  const opened = await openStore({
    ...store.config,
    onStatement: (text, prepared) => sent.push({ text, prepared }),
  });
  // No request journal: its batches are written in the background, not by the request.
  app = await buildApp({ store: opened, adminKey: TEST_ADMIN_KEY, provisioningDelaySeconds: 0, journalSize: 0 });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const url = `http://127.0.0.1:${address.port}`;
  const partners = (await (
    await fetch(`${url}/_sandbox/partners`, { headers: { Authorization: `Bearer ${TEST_ADMIN_KEY}` } })
  ).json()) as { tenantId: string; kind: string; apps: { clientId: string; clientSecret: string }[] }[];
  const sandbox = partners.find((p) => p.kind === 'sandbox');
  if (!sandbox?.apps[0]) throw new Error('no sandbox partner');
  target = {
    name: 'postgres statements',
    baseUrls: [url],
    authority: url,
    sandboxPartner: {
      tenantId: sandbox.tenantId,
      clientId: sandbox.apps[0].clientId,
      clientSecret: sandbox.apps[0].clientSecret,
    },
    control: { url, adminKey: TEST_ADMIN_KEY },
    close: async () => undefined,
  };
  api = new ApiClient(target);
});
afterAll(async () => {
  await app?.close();
  await store?.drop();
});

async function statementsOf(request: () => Promise<{ status: number }>, status: number) {
  const before = sent.length;
  expect((await request()).status).toBe(status);
  return sent.slice(before);
}

describe('statements per request on PostgreSQL', () => {
  it('GET by id and create send few statements, every one with parameters prepared by name', async () => {
    const token = await api.token(target.sandboxPartner);
    const first = await api.request('POST', '/v1/customers', { token, body: customerBody() });
    expect(first.status).toBe(201);
    const id = first.body.id as string;
    await api.request('GET', `/v1/customers/${id}`, { token }); // the token is verified and cached

    const get = await statementsOf(() => api.request('GET', `/v1/customers/${id}`, { token }), 200);
    // The gateway's state (fault rules, identities version) and the customer.
    expect(get.map((s) => s.text.split(' ')[0])).toEqual(['select', 'select']);
    expect(get.every((s) => s.prepared)).toBe(true);

    const create = await statementsOf(
      () =>
        api.request('POST', '/v1/customers', {
          token,
          body: customerBody(),
          headers: { 'MS-RequestId': crypto.randomUUID() },
        }),
      201,
    );
    // gateway, clock, begin, lock with the checks, one write of customer + count + kept answer, commit.
    expect(create.map((s) => s.text.split(' ')[0])).toEqual(['select', 'select', 'begin', 'select', 'with', 'commit']);
    expect(create.filter((s) => s.text !== 'begin' && s.text !== 'commit').every((s) => s.prepared)).toBe(true);
  });

  it('answers a replayed create from the kept answer in the same statements, and counts it once', async () => {
    const token = await api.token(target.sandboxPartner);
    const requestId = crypto.randomUUID();
    const body = customerBody();
    const created = await api.request('POST', '/v1/customers', { token, body, headers: { 'MS-RequestId': requestId } });
    const again = await api.request('POST', '/v1/customers', { token, body, headers: { 'MS-RequestId': requestId } });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(created.body.id);
    for (const [, [kept, counted]] of await store.counts()) expect(kept).toBe(counted);
  });
});
