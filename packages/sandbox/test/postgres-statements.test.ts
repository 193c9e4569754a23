import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, customerBody, TEST_ADMIN_KEY, type Target } from '@partnerbox/conformance';
import { buildApp } from '../src/app.js';
import { openStore } from '../src/store/open-store.js';
import type { SqlStore } from '../src/store/sql-store.js';
import type { NewJournalEntry } from '../src/journal/journal-entry.js';
import { draftResponse, RequestJournal, SHARED_JOURNAL_SLICING } from '../src/journal/request-journal.js';
import { journalEntryToRow } from '../src/store/mappers.js';
import { postgresTestStore, type TestStore } from './support/perf-database.js';

// Issue 11: what each request costs PostgreSQL, counted by wrapping the pg client (every
// statement the store sends passes through it), and whether it went as a named prepared statement.
let store: TestStore;
let opened: SqlStore;
let app: Awaited<ReturnType<typeof buildApp>>;
let api: ApiClient;
let target: Target;
const sent: { text: string; prepared: boolean }[] = [];

beforeAll(async () => {
  store = await postgresTestStore();
  if (store.config.kind !== 'postgres') throw new Error('a PostgreSQL store');
  opened = await openStore({
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
  it('GET by id is one prepared statement, a create four with begin and commit', async () => {
    const token = await api.token(target.sandboxPartner);
    const first = await api.request('POST', '/v1/customers', { token, body: customerBody() });
    expect(first.status).toBe(201);
    const id = first.body.id as string;
    await api.request('GET', `/v1/customers/${id}`, { token }); // the token is verified and cached

    const get = await statementsOf(() => api.request('GET', `/v1/customers/${id}`, { token }), 200);
    // The customer with the control version beside it: the gateway judged by its cached state.
    expect(get).toHaveLength(1);
    expect(get[0]?.text).toMatch(/^select .*control_version.*from settings as s\s+cross join unnest/s);
    expect(get[0]?.prepared).toBe(true);
    // A missing customer's 404 is the same single statement.
    const missing = await statementsOf(
      () => api.request('GET', `/v1/customers/${crypto.randomUUID()}`, { token }),
      404,
    );
    expect(missing.map((s) => s.prepared)).toEqual([true]);

    const create = await statementsOf(
      () =>
        api.request('POST', '/v1/customers', {
          token,
          body: customerBody(),
          headers: { 'MS-RequestId': crypto.randomUUID() },
        }),
      201,
    );
    // begin, the lock with the checks and the control version, one write of customer + count +
    // kept answer, commit: the clock is the one the request was judged by, checked by the lock.
    expect(create.map((s) => s.text.split(' ')[0])).toEqual(['begin', 'select', 'with', 'commit']);
    expect(create[1]?.text).toContain('control_version');
    expect(create.filter((s) => s.text !== 'begin' && s.text !== 'commit').every((s) => s.prepared)).toBe(true);
  });

  it('answers a replayed create from the kept answer in the same statements, and counts it once', async () => {
    const token = await api.token(target.sandboxPartner);
    const requestId = crypto.randomUUID();
    const body = customerBody();
    const created = await api.request('POST', '/v1/customers', { token, body, headers: { 'MS-RequestId': requestId } });
    let again: Awaited<ReturnType<ApiClient['request']>> | undefined;
    const replayed = await statementsOf(async () => {
      again = await api.request('POST', '/v1/customers', { token, body, headers: { 'MS-RequestId': requestId } });
      return again;
    }, 201);
    // The kept answer is read by the lock's statement: nothing is written.
    expect(replayed.map((s) => s.text.split(' ')[0])).toEqual(['begin', 'select', 'commit']);
    expect((again?.body as { id?: string } | undefined)?.id).toBe(created.body.id);
    for (const [, [kept, counted]] of await store.counts()) expect(kept).toBe(counted);
  });

  it('reads the GETs by id asked for in one turn in one statement, each answered with its own customer', async () => {
    const token = await api.token(target.sandboxPartner);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await api.request('POST', '/v1/customers', { token, body: customerBody() })).body.id as string);
    const partner = target.sandboxPartner.tenantId;
    const other = crypto.randomUUID();
    const state = await opened.gatewayState();
    const stamp = () => ({ state, checked: false });
    const before = sent.length;
    const read = await Promise.all([
      opened.getCustomer(partner, ids[2] as string, stamp()),
      opened.getCustomer(partner, crypto.randomUUID(), stamp()),
      opened.getCustomer(other, ids[0] as string, stamp()), // another partner's customer: not found
      opened.getCustomer(partner, ids[0] as string, stamp()),
      opened.getCustomer(partner, ids[1] as string, stamp()),
    ]);
    expect(sent.length - before).toBe(1);
    expect(read.map((c) => c?.id)).toEqual([ids[2], undefined, undefined, ids[0], ids[1]]);

    // A stale stamp is refused, a current one passes, in the same statement.
    const stale = { state: { ...state, version: state.version - 1 }, checked: false };
    const results = await Promise.allSettled([
      opened.getCustomer(partner, ids[0] as string, stale),
      opened.getCustomer(partner, ids[1] as string, stamp()),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
  });

  it('answers the same record while the row reads the same, and a new one as soon as any column differs', async () => {
    const token = await api.token(target.sandboxPartner);
    const id = (await api.request('POST', '/v1/customers', { token, body: customerBody() })).body.id as string;
    const partner = target.sandboxPartner.tenantId;
    const state = await opened.gatewayState();
    const read = () => opened.getCustomer(partner, id, { state, checked: false });
    const first = await read();
    const before = sent.length;
    expect(await read()).toBe(first);
    expect(sent.length - before).toBe(1); // the row is still read each time
    // Changed behind this instance's back (another instance's write), column by column.
    const changes = [
      `company_name = 'Renamed'`,
      `billing_json = jsonb_set(billing_json::jsonb, '{email}', '"new@example.com"')::text`,
      `removed_at = 1`,
    ];
    let previous = first;
    for (const change of changes) {
      await store.exec(`update customers set ${change} where id = $1`, [id]);
      const next = await read();
      expect(next).not.toBe(previous);
      expect(await read()).toBe(next);
      previous = next;
    }
    expect(previous?.companyName).toBe('Renamed');
    expect(previous?.billing.email).toBe('new@example.com');
    expect(previous?.removedAt).toBe(1);
  });

  it('writes a batch of journal entries and trims the oldest in one statement', async () => {
    const entry = (i: number): NewJournalEntry => ({
      id: crypto.randomUUID(),
      at: new Date(Date.UTC(2030, 0, 1, 0, 0, i)).toISOString(),
      durationMs: 1.5,
      method: 'GET',
      path: `/v1/customers/${i}`,
      query: '',
      status: 200,
      partner: i % 2 === 0 ? 'p' : undefined,
      requestId: `r${i}`,
      serverId: '1',
      responseBody: `{"n":${i},"quote":"\\"a\\" \\\\ b"}`,
    });
    await opened.clearJournal();
    const before = sent.length;
    await opened.appendJournal([0, 1, 2, 3, 4].map(entry).map(journalEntryToRow), 3);
    expect(sent.length - before).toBe(1);
    const kept = await opened.listJournal({});
    expect(kept.map((e) => e.path)).toEqual(['/v1/customers/2', '/v1/customers/3', '/v1/customers/4']);
    expect(kept.map((e) => e.responseBody)).toEqual([2, 3, 4].map((i) => entry(i).responseBody));
    expect(kept.map((e) => e.partner)).toEqual(['p', undefined, 'p']);
    await opened.appendJournal([5, 6].map(entry).map(journalEntryToRow), 3);
    expect((await opened.listJournal({})).map((e) => e.path)).toEqual([
      '/v1/customers/4',
      '/v1/customers/5',
      '/v1/customers/6',
    ]);
  });

  it('journals what the hook records, as the hook records it', async () => {
    await opened.clearJournal();
    const journal = new RequestJournal(opened, { size: 10, ...SHARED_JOURNAL_SLICING });
    const at = Date.UTC(2030, 0, 4, 0, 0, 0, 5);
    // An arrival with a fraction of a millisecond (`Date.now() - reply.elapsedTime`), a duration with three decimals.
    journal.record({
      atMs: at + 0.375,
      durationMs: 12.345,
      method: 'GET',
      path: '/v1/customers/x',
      query: '?a=1',
      status: 404,
      partner: 'p',
      requestId: 'r',
      correlationId: 'c',
      serverId: '1',
      requestBody: undefined,
      response: draftResponse('{"code":"x"}'),
    });
    const [entry, ...more] = await journal.list({});
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      at: new Date(at).toISOString(),
      durationMs: 12.345,
      status: 404,
      correlationId: 'c',
    });
  });

  it("keeps every text of a batch as it was sent, whatever its characters (the batch's texts go as one run of bytes)", async () => {
    const texts = ['', 'café', '€ 漢字', 'a 😀 b', '{a,b},{"c"} \\ NULL', '"quoted"', 'x'.repeat(20_000)];
    const entries: NewJournalEntry[] = texts.map((text, i) => ({
      id: crypto.randomUUID(),
      at: new Date(Date.UTC(2030, 0, 2, 0, 0, i)).toISOString(),
      durationMs: i / 8,
      method: 'POST',
      path: `/v1/${text.slice(0, 10)}`,
      query: text.slice(0, 5),
      status: 200 + i,
      partner: i % 2 ? text : undefined,
      requestId: `r${i}`,
      correlationId: i % 3 ? undefined : text,
      serverId: '1',
      requestBody: i === 0 ? undefined : text,
      responseBody: text,
    }));
    // A lone surrogate is stored as U+FFFD, as pg sends any string.
    entries.push({
      ...(entries[1] as NewJournalEntry),
      at: new Date(Date.UTC(2030, 0, 3)).toISOString(),
      requestId: 'lone',
      responseBody: 'a\ud800b',
    });
    await opened.clearJournal();
    await opened.appendJournal(entries.map(journalEntryToRow), 100);
    const listed = await opened.listJournal({});
    expect(listed.map(({ seq: _seq, ...rest }) => rest)).toEqual(
      entries.map((e) => ({ ...e, ...(e.requestId === 'lone' ? { responseBody: 'a\ufffdb' } : {}) })),
    );
  });
});
