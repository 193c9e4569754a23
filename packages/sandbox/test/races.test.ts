/**
 * Races across two instances on one PostgreSQL database: the same requests fired at once,
 * alternating between the instances, then the invariants checked through the API and directly in
 * the database. Every race runs a few rounds; the schedule differs each time.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import {
  ApiClient,
  ControlClient,
  createTestDatabase,
  customerBody,
  OFFERS,
  orderBody,
  startEmbeddedTarget,
  type ApiResponse,
  type Target,
  type TestDatabase,
} from '@partnerbox/conformance';
import { countOrphans, halfWrittenOrders, NO_ORPHANS } from './support/database.js';
import { pool } from './support/http.js';

const ROUNDS = 3;
const CANCELLATION_DELAY_SECONDS = 30;

let database: TestDatabase | undefined;
let target: Target | undefined;
let db: pg.Client | undefined;
let api: ApiClient;
let sandboxToken: string;
let productionToken: string;
let productionUserToken: string;
let sandboxUserToken: string;

beforeAll(async () => {
  database = await createTestDatabase();
  target = await startEmbeddedTarget({
    store: { kind: 'postgres', connectionString: database.url },
    instances: 2,
    provisioningDelaySeconds: 0,
    cancellationDelaySeconds: CANCELLATION_DELAY_SECONDS,
    name: 'races',
  });
  expect(target.baseUrls).toHaveLength(2);
  db = new pg.Client({ connectionString: database.url });
  await db.connect();
  api = new ApiClient(target);
  const production = target.productionPartner;
  if (!production) throw new Error('no production partner');
  sandboxToken = await api.token(target.sandboxPartner);
  sandboxUserToken = await api.token(target.sandboxPartner, 'user');
  productionToken = await api.token(production);
  productionUserToken = await api.token(production, 'user');
});

afterAll(async () => {
  await db?.end().catch(() => undefined);
  await target?.close();
  await database?.drop();
});

beforeEach(async () => {
  await api.control.reset();
});

afterEach(async () => {
  // Whatever the race, nothing is left half-written.
  if (!db) return;
  expect(await countOrphans(db)).toEqual(NO_ORPHANS);
  expect(await halfWrittenOrders(db)).toEqual([]);
});

function sql<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
  if (!db) throw new Error('no database client');
  return db.query<R>(text, values);
}

async function count(text: string, values: unknown[] = []): Promise<number> {
  const { rows } = await sql<{ n: number }>(text, values);
  return Number(rows[0]?.n);
}

/** `n` requests at once, request `i` to instance `i % 2`. */
function race(n: number, fire: (i: number, baseUrl: string) => Promise<ApiResponse>): Promise<ApiResponse[]> {
  const urls = target?.baseUrls ?? [];
  return Promise.all(Array.from({ length: n }, (_, i) => fire(i, urls[i % urls.length] as string)));
}

/** Statuses and Partner Center codes, counted: `{ '204': 1, '404/20002': 9 }`. */
function tally(responses: ApiResponse[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of responses) {
    const key = r.status >= 400 ? `${r.status}/${r.body?.code}` : String(r.status);
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

async function createCustomer(token = sandboxToken, body: object = customerBody()): Promise<string> {
  const created = await api.request('POST', '/v1/customers', { token, body });
  expect(created.status, created.text).toBe(201);
  return created.body.id as string;
}

describe('races between two instances on one PostgreSQL database', () => {
  it('concurrent DELETEs of one customer: exactly one 204, the rest 404 20002', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = await createCustomer();
      const responses = await race(10, (_i, baseUrl) =>
        api.request('DELETE', `/v1/customers/${id}`, { token: sandboxToken, baseUrl }),
      );
      expect(tally(responses)).toEqual({ '204': 1, '404/20002': 9 });
      expect(await count('select count(*)::int as n from customers where id = $1', [id])).toBe(0);
    }
  });

  it('concurrent creation at the 75-customer quota: exactly 75, the rest 400 800018, never 76', async () => {
    const partnerId = target?.sandboxPartner.tenantId;
    const customersOfPartner = () =>
      count('select count(*)::int as n from customers where partner_id = $1', [partnerId]);
    const ids = await pool(70, 4, () => createCustomer());
    expect(await customersOfPartner()).toBe(70);

    const fire = (n: number) =>
      race(n, (_i, baseUrl) =>
        api.request('POST', '/v1/customers', { token: sandboxToken, baseUrl, body: customerBody() }),
      );
    expect(tally(await fire(20))).toEqual({ '201': 5, '400/800018': 15 });
    expect(await customersOfPartner()).toBe(75);

    // Free some slots, race for them again: exactly as many winners as free slots.
    for (const free of [3, 1]) {
      for (const id of ids.splice(0, free)) {
        expect((await api.request('DELETE', `/v1/customers/${id}`, { token: sandboxToken })).status).toBe(204);
      }
      expect(tally(await fire(10))).toEqual({ '201': free, '400/800018': 10 - free });
      expect(await customersOfPartner()).toBe(75);
    }
    const listed = await api.request('GET', '/v1/customers?size=100', { token: sandboxToken });
    expect(listed.body.items).toHaveLength(75);
  });

  it('concurrent orders at the 5-subscription quota: never more than 5 countable subscriptions', async () => {
    const countable = (customerId: string) =>
      count(`select count(*)::int as n from subscriptions where customer_id = $1 and status = 'active'`, [customerId]);
    for (let round = 0; round < ROUNDS; round++) {
      // One subscription per order: exactly five orders win.
      const single = await createCustomer();
      const responses = await race(10, (_i, baseUrl) =>
        api.request('POST', `/v1/customers/${single}/orders`, {
          token: sandboxToken,
          baseUrl,
          body: orderBody(OFFERS.licence),
        }),
      );
      expect(tally(responses)).toEqual({ '201': 5, '403/800066': 5 });
      expect(await countable(single)).toBe(5);

      // One and two subscriptions per order, mixed: whatever the schedule, six one-subscription
      // orders compete, so the quota ends exactly full, and never over it.
      const mixed = await createCustomer();
      const two = {
        lineItems: [
          { lineItemNumber: 0, offerId: OFFERS.licence, quantity: 1 },
          { lineItemNumber: 1, offerId: OFFERS.newCommerce, quantity: 1 },
        ],
      };
      const mixedResponses = await race(12, (i, baseUrl) =>
        api.request('POST', `/v1/customers/${mixed}/orders`, {
          token: sandboxToken,
          baseUrl,
          body: i % 2 === 0 ? orderBody(OFFERS.licence) : two,
        }),
      );
      const won = mixedResponses.filter((r) => r.status === 201);
      for (const r of mixedResponses)
        expect(r.status === 201 || (r.status === 403 && r.body.code === 800066), `${r.status} ${r.text}`).toBe(true);
      expect(won.reduce((sum, r) => sum + (r.body.lineItems as unknown[]).length, 0)).toBe(5);
      expect(await countable(mixed)).toBe(5);
      const listed = await api.request('GET', `/v1/customers/${mixed}/subscriptions`, { token: sandboxToken });
      expect(listed.body.items.filter((s: { status: string }) => s.status === 'active')).toHaveLength(5);
    }
  });

  it('concurrent cancels of one order: all 200, one cancellation timestamp', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const customerId = await createCustomer();
      const order = await api.request('POST', `/v1/customers/${customerId}/orders`, {
        token: sandboxToken,
        body: {
          lineItems: [
            { lineItemNumber: 0, offerId: OFFERS.reservedInstance, quantity: 1 },
            { lineItemNumber: 1, offerId: OFFERS.perpetualSoftware, quantity: 1 },
          ],
        },
      });
      expect(order.status).toBe(201);
      const orderId = order.body.id as string;
      const responses = await race(10, (_i, baseUrl) =>
        api.request('PATCH', `/v1/customers/${customerId}/orders/${orderId}`, {
          token: sandboxToken,
          baseUrl,
          body: { id: orderId, status: 'cancelled' },
        }),
      );
      expect(tally(responses)).toEqual({ '200': 10 });
      expect(new Set(responses.map((r) => r.body.status))).toEqual(new Set(['pending']));

      const { rows } = await sql<{ version: number; line_items_json: string }>(
        'select version, line_items_json from orders where id = $1',
        [orderId],
      );
      const row = rows[0];
      if (!row) throw new Error('order row missing');
      // One write: the first cancel; every later one saw it and changed nothing.
      expect(Number(row.version)).toBe(2);
      const items = JSON.parse(row.line_items_json) as { cancelRequestedAt?: number; cancelCompletesAt?: number }[];
      expect(items).toHaveLength(2);
      expect(new Set(items.map((i) => i.cancelRequestedAt)).size).toBe(1);
      expect(new Set(items.map((i) => i.cancelCompletesAt)).size).toBe(1);
      expect(typeof items[0]?.cancelRequestedAt).toBe('number');

      // The single cancellation completes on the shared clock, then the customer can go.
      await new ControlClient({
        adminKey: target?.control?.adminKey ?? '',
        url: target?.baseUrls[1] ?? '',
      }).advanceClock(CANCELLATION_DELAY_SECONDS);
      const after = await api.request('GET', `/v1/customers/${customerId}/orders/${orderId}`, { token: sandboxToken });
      expect(after.body.status).toBe('cancelled');
      expect((await api.request('DELETE', `/v1/customers/${customerId}`, { token: sandboxToken })).status).toBe(204);
    }
  });

  it('concurrent relationship removals (production partner, App+User): one 200, the rest 400 3000', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = await createCustomer(productionToken);
      const responses = await race(10, (_i, baseUrl) =>
        api.request('PATCH', `/v1/customers/${id}`, {
          token: productionUserToken,
          baseUrl,
          body: { relationshipToPartner: 'none', attributes: { objectType: 'Customer' } },
        }),
      );
      expect(tally(responses)).toEqual({ '200': 1, '400/3000': 9 });
      expect(responses.find((r) => r.status === 200)?.body.relationshipToPartner).toBe('none');
      const { rows } = await sql<{ relationship: string; removed_at: number | null }>(
        'select relationship, removed_at from customers where id = $1',
        [id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]?.relationship).toBe('none');
      expect(rows[0]?.removed_at).not.toBeNull();
    }
  });

  it('concurrent relationship removals in the integration sandbox delete once: one 200, the rest 404 20002', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = await createCustomer();
      const responses = await race(10, (_i, baseUrl) =>
        api.request('PATCH', `/v1/customers/${id}`, {
          token: sandboxUserToken,
          baseUrl,
          body: { relationshipToPartner: 'none', attributes: { objectType: 'Customer' } },
        }),
      );
      expect(tally(responses)).toEqual({ '200': 1, '404/20002': 9 });
      expect(await count('select count(*)::int as n from customers where id = $1', [id])).toBe(0);
    }
  });

  it('concurrent creates with the same MS-RequestId: one customer, the same answer to all', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const requestId = randomUUID();
      const body = customerBody();
      const responses = await race(10, (_i, baseUrl) =>
        api.request('POST', '/v1/customers', {
          token: sandboxToken,
          baseUrl,
          body,
          headers: { 'MS-RequestId': requestId },
        }),
      );
      expect(tally(responses)).toEqual({ '201': 10 });
      expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
      expect(
        await count('select count(*)::int as n from customers where domain = $1', [body.companyProfile.domain]),
      ).toBe(1);
      expect(await count('select count(*)::int as n from idempotency where request_id = $1', [requestId])).toBe(1);
    }
  });

  it('concurrent creates of one domain with different request ids: one 201, the rest 409 600013', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const domain = customerBody().companyProfile.domain;
      const responses = await race(10, (i, baseUrl) =>
        api.request('POST', '/v1/customers', {
          // Both partners race for the domain: the unique index decides across partners too.
          token: i % 3 === 0 ? productionToken : sandboxToken,
          baseUrl,
          body: customerBody({ domain }),
        }),
      );
      expect(tally(responses)).toEqual({ '201': 1, '409/600013': 9 });
      expect(await count('select count(*)::int as n from customers where domain = $1', [domain])).toBe(1);
    }
  });

  it('deleting a customer while orders are placed for it leaves no orphan order or subscription', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = await createCustomer();
      // Five deletes, five orders of one subscription each: the quota of five cannot refuse any.
      const responses = await race(10, (i, baseUrl) =>
        i % 2 === 0
          ? api.request('DELETE', `/v1/customers/${id}`, { token: sandboxToken, baseUrl })
          : api.request('POST', `/v1/customers/${id}/orders`, {
              token: sandboxToken,
              baseUrl,
              body: orderBody(OFFERS.licence),
            }),
      );
      const deletes = responses.filter((_r, i) => i % 2 === 0);
      const orders = responses.filter((_r, i) => i % 2 === 1);
      expect(tally(deletes)).toEqual({ '204': 1, '404/20002': 4 });
      for (const r of orders)
        expect(r.status === 201 || (r.status === 404 && r.body.code === 20002), `${r.status} ${r.text}`).toBe(true);
      expect(await count('select count(*)::int as n from customers where id = $1', [id])).toBe(0);
      expect(await count('select count(*)::int as n from orders where customer_id = $1', [id])).toBe(0);
      expect(await count('select count(*)::int as n from subscriptions where customer_id = $1', [id])).toBe(0);
    }
  });

  it('concurrent clock advances on both instances all count', async () => {
    const urls = target?.baseUrls ?? [];
    const adminKey = target?.control?.adminKey ?? '';
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => new ControlClient({ adminKey, url: urls[i % 2] as string }).advanceClock(7)),
    );
    for (const url of urls) {
      const clock = await new ControlClient({ adminKey, url }).ok<{ offsetSeconds: number }>('GET', '/clock');
      expect(clock.offsetSeconds).toBe(70);
    }
  });

  it('a fault rule for N requests fires exactly N times across both instances', async () => {
    await api.control.addFault({ method: 'GET', path: '/v1/customers', kind: 'error', status: 503, times: 3 });
    const responses = await race(12, (_i, baseUrl) =>
      api.request('GET', '/v1/customers', { token: sandboxToken, baseUrl }),
    );
    expect(tally(responses)).toEqual({ '200': 9, '503/503': 3 });
  });
});
