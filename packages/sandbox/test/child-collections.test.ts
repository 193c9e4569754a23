import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerBody, OFFERS, orderBody } from '@partnerbox/conformance';
import { buildApp, SqlStore } from '@partnerbox/sandbox';
import { CHILD_COLLECTIONS } from '../src/store/child-collections.js';
import { SnapshotSchema } from '../src/control/snapshot-schema.js';

// The customer aggregate is described once (store/child-collections.ts); these check that every
// described collection really is loaded, deleted, reset, exported and imported from that list.
let app: FastifyInstance;
let store: SqlStore;
let token: string;
const admin = { authorization: '' };

beforeAll(async () => {
  app = await buildApp({ store: { kind: 'memory' }, provisioningDelaySeconds: 0 });
  if (!(app.sandbox.store instanceof SqlStore)) throw new Error('expected the SQL store');
  store = app.sandbox.store;
  admin.authorization = `Bearer ${app.sandbox.settings.adminKey}`;
  const minted = await app.inject({ method: 'POST', url: '/_sandbox/tokens', headers: admin, payload: {} });
  token = minted.json<{ access_token: string }>().access_token;
});
afterAll(() => app.close());

const auth = () => ({ authorization: `Bearer ${token}` });

/** A customer holding a row in every child table: an order that also makes a subscription. */
async function customerWithPurchases(): Promise<string> {
  const created = await app.inject({ method: 'POST', url: '/v1/customers', headers: auth(), payload: customerBody() });
  const id = created.json<{ id: string }>().id;
  const order = await app.inject({
    method: 'POST',
    url: `/v1/customers/${id}/orders`,
    headers: auth(),
    payload: orderBody(OFFERS.licence, 2),
  });
  expect(order.statusCode).toBe(201);
  return id;
}

async function rowCount(table: string, customerId?: string): Promise<number> {
  const where = customerId === undefined ? sql`` : sql` where customer_id = ${customerId}`;
  const result = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}${where}`.execute(store.db);
  return Number(result.rows[0]?.n);
}

describe('the customer aggregate, described once', () => {
  it('loads every collection into the aggregate', async () => {
    const id = await customerWithPurchases();
    const partnerId = (await store.listPartners()).find((p) => p.partner.kind === 'sandbox')?.partner.id ?? '';
    const aggregate = await store.getCustomerAggregate(partnerId, id);
    for (const c of CHILD_COLLECTIONS) expect(aggregate?.[c.key], c.key).toHaveLength(1);
  });

  it('deletes every collection with its customer', async () => {
    const id = await customerWithPurchases();
    for (const c of CHILD_COLLECTIONS) expect(await rowCount(c.table, id), c.table).toBe(1);
    const deleted = await app.inject({ method: 'DELETE', url: `/v1/customers/${id}`, headers: auth() });
    expect(deleted.statusCode).toBe(204);
    for (const c of CHILD_COLLECTIONS) expect(await rowCount(c.table, id), c.table).toBe(0);
  });

  it('exports and imports every collection, and the snapshot schema requires each', async () => {
    await customerWithPurchases();
    const exported = await app.inject({ method: 'GET', url: '/_sandbox/snapshot', headers: admin });
    const snapshot = exported.json<Record<string, unknown[]>>();
    const counts = await Promise.all(CHILD_COLLECTIONS.map((c) => rowCount(c.table)));
    for (const [i, c] of CHILD_COLLECTIONS.entries()) {
      expect(snapshot[c.key], c.key).toHaveLength(counts[i] ?? -1);
      expect(SnapshotSchema.required).toContain(c.key);
    }
    await app.inject({ method: 'POST', url: '/_sandbox/reset', headers: admin, payload: {} });
    for (const c of CHILD_COLLECTIONS) expect(await rowCount(c.table), c.table).toBe(0);
    const imported = await app.inject({ method: 'PUT', url: '/_sandbox/snapshot', headers: admin, payload: snapshot });
    expect(imported.statusCode).toBe(200);
    expect(await Promise.all(CHILD_COLLECTIONS.map((c) => rowCount(c.table)))).toEqual(counts);
  });

  it('names no child table in the store code that loads, changes, deletes, exports or imports', () => {
    for (const file of ['sql-store.ts', 'aggregate-queries.ts']) {
      const source = readFileSync(new URL(`../src/store/${file}`, import.meta.url), 'utf8');
      for (const c of CHILD_COLLECTIONS) expect(source, file).not.toContain(`'${c.table}'`);
    }
  });
});
