import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startEmbeddedTarget, TEST_ADMIN_KEY, type Target } from '@partnerbox/conformance';
import { generatedBatch } from '../src/control/generate.js';
import { rowBatches } from '../src/store/bulk-queries.js';
import { CUSTOMER_LIST_COLUMNS } from '../src/store/mappers.js';
import { openStore } from '../src/store/open-store.js';
import type { SqlStore } from '../src/store/sql-store.js';
import { TEST_STORES, type TestStore } from './support/perf-database.js';

// Issue 11: generation server-side and streamed snapshots, at small sizes (sizes are the bench's).

async function raw(target: Target, method: string, path: string, body?: string, type = 'application/x-ndjson') {
  const response = await fetch(`${target.baseUrls[0]}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TEST_ADMIN_KEY}`, ...(body !== undefined ? { 'Content-Type': type } : {}) },
    ...(body !== undefined ? { body } : {}),
  });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

/**
 * A PUT of `body` as a stream of small chunks and no Content-Length, as a large file is sent: the
 * server reads such a body on a worker thread (control/snapshot-reader.ts), a declared small one
 * on its event loop.
 */
async function putStreamed(target: Target, body: string) {
  const bytes = new TextEncoder().encode(body);
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, (at += 997)));
    },
  });
  const response = await fetch(`${target.baseUrls[0]}/_sandbox/snapshot`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${TEST_ADMIN_KEY}`, 'Content-Type': 'application/x-ndjson' },
    body: stream,
    duplex: 'half',
  } as RequestInit);
  return { status: response.status, text: await response.text() };
}

const withoutExportedAt = (snapshot: Record<string, unknown>) => ({ ...snapshot, exportedAt: 'x' });

describe.each(TEST_STORES)('large sandboxes, on %s', (_name, makeStore) => {
  let store: TestStore;
  let target: Target;
  let api: ApiClient;

  beforeAll(async () => {
    store = await makeStore();
    target = await startEmbeddedTarget({
      store: store.config,
      instances: store.kind === 'postgres' ? 2 : 1,
      provisioningDelaySeconds: 0,
    });
    api = new ApiClient(target);
  });
  afterAll(async () => {
    await target?.close();
    await store?.drop();
  });

  it('generates customers with orders and subscriptions for a production partner, all served by /v1', async () => {
    const partner = await api.control.ok('POST', '/partners', { kind: 'production' });
    const generated = await api.control.call('POST', `/partners/${partner.tenantId}/generate`, {
      count: 1_234,
      ordersPerCustomer: 2,
    });
    expect(generated.status).toBe(201);
    expect(generated.body).toEqual({ partnerTenantId: partner.tenantId, generated: 1_234 });
    expect((await store.counts()).get(partner.tenantId)).toEqual([1_234, 1_234]);

    const token = (await api.control.mintToken({ partnerTenantId: partner.tenantId })).access_token;
    const seen = new Set<string>();
    let page = await api.request('GET', '/v1/customers?size=500', { token });
    for (;;) {
      expect(page.status).toBe(200);
      for (const item of page.body.items) seen.add(item.id);
      if (!page.body.continuationToken) break;
      page = await api.request('GET', '/v1/customers?seekOperation=Next', {
        token,
        headers: { 'MS-ContinuationToken': page.body.continuationToken },
      });
    }
    expect(seen.size).toBe(1_234);
    const someone = [...seen][777] as string;
    expect((await api.request('GET', `/v1/customers/${someone}`, { token })).status).toBe(200);
    const orders = await api.request('GET', `/v1/customers/${someone}/orders`, { token });
    expect(orders.body.items).toHaveLength(2);
    const subscriptions = await api.request('GET', `/v1/customers/${someone}/subscriptions`, { token });
    expect(subscriptions.body.items.map((s: { status: string }) => s.status)).toEqual(['active', 'active']);
    // Generated names start differently: a prefix filter finds an eighth of them.
    const filter = encodeURIComponent(
      JSON.stringify({ Field: 'CompanyName', Value: 'north', Operator: 'starts_with' }),
    );
    const northwind = await api.request('GET', `/v1/customers?size=500&filter=${filter}`, { token });
    expect(northwind.body.items.length).toBeGreaterThan(100);
    expect(
      northwind.body.items.every((c: { companyProfile: { companyName: string } }) =>
        c.companyProfile.companyName.startsWith('Northwind'),
      ),
    ).toBe(true);
  });

  it('keeps a sandbox partner to its 75 customers, refusing before writing anything', async () => {
    const partner = await api.control.ok('POST', '/partners', { kind: 'sandbox' });
    const path = `/partners/${partner.tenantId}/generate`;
    const over = await api.control.call('POST', path, { count: 76 });
    expect(over.status).toBe(400);
    expect(over.text).toMatch(/quota of 75/);
    expect((await store.counts()).get(partner.tenantId)).toEqual([0, 0]);
    expect((await api.control.call('POST', path, { count: 70 })).status).toBe(201);
    expect((await api.control.call('POST', path, { count: 6 })).status).toBe(400);
    expect((await api.control.call('POST', path, { count: 5, ordersPerCustomer: 0 })).status).toBe(201);
    expect((await store.counts()).get(partner.tenantId)).toEqual([75, 75]);
    // And /v1 agrees: the quota is met.
    const token = (await api.control.mintToken({ partnerTenantId: partner.tenantId })).access_token;
    const body = { companyProfile: { domain: 'one-more-x1.onmicrosoft.com' }, billingProfile: {} };
    expect((await api.request('POST', '/v1/customers', { token, body })).status).toBe(400);
  });

  it.each([[{ count: 0 }], [{ count: 1_000_001 }], [{ count: 1.5 }], [{ count: 10, ordersPerCustomer: 6 }], [{}]])(
    'refuses %j with 400',
    async (body) => {
      const partner = await api.control.ok('POST', '/partners', { kind: 'production' });
      expect((await api.control.call('POST', `/partners/${partner.tenantId}/generate`, body)).status).toBe(400);
      expect((await store.counts()).get(partner.tenantId)).toEqual([0, 0]);
    },
  );

  it('refuses an unknown partner', async () => {
    const answer = await api.control.call('POST', '/partners/00000000-0000-0000-0000-000000000001/generate', {
      count: 3,
    });
    expect(answer.status).toBe(400);
  });

  it('streams the JSON snapshot exactly as it was built in memory, and NDJSON round-trips it', async () => {
    const before = await api.control.ok('GET', '/snapshot');
    const streamed = await raw(target, 'GET', '/_sandbox/snapshot');
    expect(streamed.type).toMatch(/application\/json/);
    const opened = await openStore(store.config);
    try {
      const inMemory = await (opened as SqlStore).exportSnapshot();
      expect(withoutExportedAt(JSON.parse(streamed.text))).toEqual(
        withoutExportedAt(JSON.parse(JSON.stringify(inMemory))),
      );
      expect(withoutExportedAt(before)).toEqual(withoutExportedAt(JSON.parse(JSON.stringify(inMemory))));
    } finally {
      await opened.close();
    }

    const ndjson = await raw(target, 'GET', '/_sandbox/snapshot?format=ndjson');
    expect(ndjson.type).toMatch(/application\/x-ndjson/);
    const lines = ndjson.text.trim().split('\n');
    expect(JSON.parse(lines[0] as string).format).toBe('partnerbox-snapshot-ndjson');
    expect(lines.length).toBe(
      1 +
        ['partners', 'apps', 'users', 'customers', 'orders', 'subscriptions', 'faultRules'].reduce(
          (n, k) => n + (before[k] as unknown[]).length,
          0,
        ),
    );

    for (const put of [
      () => raw(target, 'PUT', '/_sandbox/snapshot', ndjson.text),
      () => putStreamed(target, ndjson.text),
    ]) {
      await api.control.reset();
      const imported = await put();
      expect(imported.status).toBe(200);
      expect(JSON.parse(imported.text)).toEqual({ imported: true, customers: before.customers.length });
      expect(withoutExportedAt(await api.control.ok('GET', '/snapshot'))).toEqual(withoutExportedAt(before));
      await expectCounts();
    }
    // The old format is still accepted as it was.
    expect((await api.control.call('PUT', '/snapshot', before)).status).toBe(200);
    expect(withoutExportedAt(await api.control.ok('GET', '/snapshot'))).toEqual(withoutExportedAt(before));
  });

  async function expectCounts() {
    for (const [, [kept, counted]] of await store.counts()) expect(kept).toBe(counted);
  }

  it('refuses an inconsistent NDJSON snapshot with 400 and keeps the state as it was', async () => {
    await api.control.reset();
    const partner = await api.control.ok('POST', '/partners', { kind: 'production' });
    await api.control.ok('POST', `/partners/${partner.tenantId}/generate`, { count: 3 });
    const before = withoutExportedAt(await api.control.ok('GET', '/snapshot'));
    const good = (await raw(target, 'GET', '/_sandbox/snapshot?format=ndjson')).text.trim().split('\n');
    const firstCustomer = good.findIndex((l) => JSON.parse(l).type === 'customers');
    const firstOrder = good.findIndex((l) => JSON.parse(l).type === 'orders');
    const customer = JSON.parse(good[firstCustomer] as string).record;
    const secondCustomer = good.findIndex((l, i) => i > firstCustomer && JSON.parse(l).type === 'customers');
    const twin = { ...JSON.parse(good[secondCustomer] as string).record, domain: customer.domain };
    // The first customer's order and subscription again (new ids), after the last customer.
    const firstSubscription = good.findIndex((l) => JSON.parse(l).type === 'subscriptions');
    const strayOrder = { ...JSON.parse(good[firstOrder] as string).record, id: 'strayOrder0000000000000000000001' };
    const straySubscription = { ...JSON.parse(good[firstSubscription] as string).record, id: crypto.randomUUID() };
    const cases: [string, string[]][] = [
      ['a line that is not JSON', [...good.slice(0, 3), '{nope', ...good.slice(3)]],
      ['an unknown type', [...good, JSON.stringify({ type: 'invoices', record: {} })]],
      [
        'an order before any customer',
        [...good.slice(0, firstCustomer), good[firstOrder] as string, ...good.slice(firstCustomer)],
      ],
      ['a partner after the customers', [...good, good[1] as string]],
      ['a customer out of seq order', [...good.slice(0, firstCustomer), ...good.slice(firstCustomer).reverse()]],
      [
        'two customers with one domain',
        [...good, JSON.stringify({ type: 'customers', record: { ...twin, seq: 1e9, id: crypto.randomUUID() } })],
      ],
      ['a bad header', [JSON.stringify({ format: 'something-else', version: 1, clockOffsetMs: 0 }), ...good.slice(1)]],
      ['a record of the wrong shape', [...good, JSON.stringify({ type: 'customers', record: { id: 'x' } })]],
      // SQLite imports with foreign keys off: the reader's checks are what refuse these.
      ['an order under another customer', [...good, JSON.stringify({ type: 'orders', record: strayOrder })]],
      [
        'a subscription naming another customer’s order',
        [...good, JSON.stringify({ type: 'subscriptions', record: straySubscription })],
      ],
    ];
    for (const [what, lines] of cases) {
      const body = `${lines.join('\n')}\n`;
      const answers = [await raw(target, 'PUT', '/_sandbox/snapshot', body), await putStreamed(target, body)];
      for (const answer of answers) {
        expect({ what, status: answer.status }).toEqual({ what, status: 400 });
        expect(answer.text).toMatch(/The snapshot is inconsistent: line \d+|The snapshot is inconsistent|not a valid/);
      }
      // Read on the event loop or on a worker thread, the snapshot is refused in the same words.
      expect(JSON.parse(answers[1]?.text ?? '').description).toBe(JSON.parse(answers[0]?.text ?? '').description);
    }
    expect(withoutExportedAt(await api.control.ok('GET', '/snapshot'))).toEqual(before);
    expect((await raw(target, 'PUT', '/_sandbox/snapshot', '')).status).toBe(400);
  });

  it('writes generation batches in their own transactions, the counts kept between them', async () => {
    const partner = await api.control.ok('POST', '/partners', { kind: 'production' });
    const opened = await openStore(store.config);
    try {
      const made = await opened.generateCustomers(
        partner.tenantId,
        250,
        (batch) => {
          expect(batch.count).toBeLessThanOrEqual(100);
          return generatedBatch(batch, { ordersPerCustomer: 1, now: Date.now() });
        },
        100,
      );
      expect(made).toBe(250);
      if (store.kind === 'sqlite') {
        // The bulk-load settings are the load's own: the connection has its own back, after a
        // refused generation too.
        const pragmas = async () => ({
          ...(await sql.raw<Record<string, number>>('pragma synchronous').execute(opened.db)).rows[0],
          ...(await sql.raw<Record<string, number>>('pragma cache_size').execute(opened.db)).rows[0],
        });
        const before = await pragmas();
        expect(before).toEqual({ synchronous: 1, cache_size: expect.any(Number) });
        await expect(
          opened.generateCustomers(partner.tenantId, 10, () => {
            throw new Error('refused');
          }),
        ).rejects.toThrow('refused');
        expect(await pragmas()).toEqual(before);
        await opened.generateCustomers(partner.tenantId, 5, (batch) =>
          generatedBatch(batch, { ordersPerCustomer: 1, now: Date.now() }),
        );
        expect(await pragmas()).toEqual(before);
      }
    } finally {
      await opened.close();
    }
    const expected = store.kind === 'sqlite' ? 255 : 250;
    expect((await store.counts()).get(partner.tenantId)).toEqual([expected, expected]);
    const rows = await store.exec(
      `select max(seq) as top, count(distinct seq) as n from customers where partner_id = '${partner.tenantId}'`,
    );
    expect(Number(rows[0]?.['top'])).toBe(expected);
    expect(Number(rows[0]?.['n'])).toBe(expected);
  });
  it('imports with foreign keys off on SQLite only for the import: restored after a refusal part way and after an accepted one, state intact', async () => {
    if (store.kind !== 'sqlite') return;
    const before = withoutExportedAt(await api.control.ok('GET', '/snapshot'));
    const opened = await openStore(store.config);
    try {
      const pragmas = async () => ({
        ...(await sql.raw<Record<string, number>>('pragma foreign_keys').execute(opened.db)).rows[0],
        ...(await sql.raw<Record<string, number>>('pragma synchronous').execute(opened.db)).rows[0],
        ...(await sql.raw<Record<string, number>>('pragma cache_size').execute(opened.db)).rows[0],
      });
      const before = await pragmas();
      expect(before).toEqual({ foreign_keys: 1, synchronous: 1, cache_size: expect.any(Number) });
      const snapshot = await opened.exportSnapshot();
      async function* refusedPartWay() {
        const [customer] = snapshot.customers;
        if (customer) yield { customer, orders: [], subscriptions: [] };
        throw new Error('refused part way');
      }
      await expect(opened.importSnapshotStream(snapshot, rowBatches(refusedPartWay()))).rejects.toThrow(
        'refused part way',
      );
      expect(await pragmas()).toEqual(before);
      const accepted = await opened.exportSnapshot();
      async function* whole() {
        for (const customer of accepted.customers)
          yield {
            customer,
            orders: accepted.orders.filter((o) => o.customerId === customer.id),
            subscriptions: accepted.subscriptions.filter((x) => x.customerId === customer.id),
          };
      }
      expect(await opened.importSnapshotStream(accepted, rowBatches(whole()))).toBe(accepted.customers.length);
      expect(await pragmas()).toEqual(before);
    } finally {
      await opened.close();
    }
    expect(withoutExportedAt(await api.control.ok('GET', '/snapshot'))).toEqual(before);
  });
  it('reads list pages from the covering index alone (SQLite) and has it on both stores', async () => {
    const opened = await openStore(store.config);
    try {
      // The store's list query (sql-store.ts listCustomers, no filter).
      const query = opened.db
        .selectFrom('customers')
        .select(CUSTOMER_LIST_COLUMNS)
        .where('partner_id', '=', 'p')
        .where('removed_at', 'is', null)
        .where('seq', '>', 0)
        .orderBy('seq')
        .limit(101)
        .compile();
      if (store.kind === 'sqlite') {
        const plan = await opened.db.executeQuery({ ...query, sql: `explain query plan ${query.sql}` });
        expect(JSON.stringify(plan.rows)).toMatch(/COVERING INDEX customers_partner_list/);
      }
      const indexes =
        store.kind === 'sqlite'
          ? await store.exec(`select name from sqlite_master where type = 'index' and tbl_name = 'customers'`)
          : await store.exec(`select indexname as name from pg_indexes where tablename = 'customers'`);
      const names = indexes.map((r) => r['name']);
      expect(names).toContain('customers_partner_list');
      expect(names).not.toContain('customers_partner_seq');
    } finally {
      await opened.close();
    }
  });
});
