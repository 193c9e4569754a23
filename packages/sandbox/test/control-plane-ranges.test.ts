/**
 * What the control plane accepts stays within what `/v1` can represent and guarantees: dates
 * and clock offsets that `/v1` could not write in RFC 3339 (or at all), and snapshots of states
 * `/v1` could never create, are refused with 400 naming the record, changing nothing; dates
 * near the limits still come out in RFC 3339.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiClient,
  customerBody,
  OFFERS,
  orderBody,
  startEmbeddedTarget,
  startPostgresTarget,
  type Target,
} from '@partnerbox/conformance';

type Snapshot = Record<string, unknown> & {
  customers: Record<string, unknown>[];
  orders: (Record<string, unknown> & { lineItems: Record<string, unknown>[] })[];
  subscriptions: Record<string, unknown>[];
  partners: Record<string, unknown>[];
};

const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const TEN_YEARS_SECONDS = 10 * 365 * 86_400;

describe.each([
  ['SQLite', () => startEmbeddedTarget()],
  ['PostgreSQL', () => startPostgresTarget()],
])('control-plane values within what /v1 represents, on %s', (_name, start) => {
  let target: Target;
  let api: ApiClient;
  let token: string;
  const customers: string[] = [];
  beforeAll(async () => {
    target = await start();
    api = new ApiClient(target);
    token = await api.token(target.sandboxPartner);
    for (let i = 0; i < 2; i++) {
      const created = await api.request('POST', '/v1/customers', { token, body: customerBody() });
      customers.push(created.body.id as string);
      const order = await api.request('POST', `/v1/customers/${created.body.id}/orders`, {
        token,
        body: orderBody(OFFERS.licence),
      });
      expect(order.status).toBe(201);
    }
  });
  afterAll(() => target.close());

  const snapshot = () => api.control.ok<Snapshot>('GET', '/snapshot');
  const same = (s: Snapshot) => ({ ...s, exportedAt: '' });

  /** Every /v1 read over the two customers answers 200 with RFC 3339 dates. */
  async function expectReadable(): Promise<void> {
    for (const id of customers)
      for (const tail of ['/orders', '/subscriptions', '/entitlements?showExpiry=true']) {
        const response = await api.request('GET', `/v1/customers/${id}${tail}`, { token });
        expect(response.status, `${tail}: ${JSON.stringify(response.body)}`).toBe(200);
        for (const date of JSON.stringify(response.body).match(/"\w+Date":"[^"]*"/g) ?? [])
          expect(date.split('":"')[1]?.slice(0, -1), `${tail} ${date}`).toMatch(RFC_3339);
      }
    const clock = await api.control.call('GET', '/clock');
    expect(clock.status).toBe(200);
    expect(clock.body.now).toMatch(RFC_3339);
  }

  it.each<[string, (s: Snapshot) => void, RegExp]>([
    [
      'an order createdAt of 1e300',
      (s) => ((s.orders[0] as Record<string, unknown>)['createdAt'] = 1e300),
      /orders\[0\]/,
    ],
    [
      'a subscription createdAt past Date',
      (s) => ((s.subscriptions[0] as Record<string, unknown>)['createdAt'] = 8.64e15 + 1),
      /subscriptions\[0\]/,
    ],
    [
      'an order createdAt in year 41930',
      (s) => ((s.orders[1] as Record<string, unknown>)['createdAt'] = Date.UTC(41_930, 4, 29)),
      /orders\[1\]/,
    ],
    ['a clock offset of 1e300', (s) => (s['clockOffsetMs'] = 1e300), /clockOffsetMs/],
    [
      '100 customers for the integration sandbox partner',
      (s) => {
        const template = s.customers[0] as Record<string, unknown>;
        for (let i = s.customers.length; i < 100; i++)
          s.customers.push({
            ...template,
            id: `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`,
            seq: 1000 + i,
            domain: `clone${i}.onmicrosoft.com`,
          });
      },
      /customers\[75\] .*at most 75/,
    ],
    [
      "a subscription pointing at another customer's order",
      (s) =>
        ((s.subscriptions[0] as Record<string, unknown>)['orderId'] = s.orders.find(
          (o) => o['customerId'] !== s.subscriptions[0]?.['customerId'],
        )?.['id']),
      /subscriptions\[0\] .*not one of its customer/,
    ],
    [
      "an order whose partner is not its customer's",
      (s) =>
        ((s.orders[0] as Record<string, unknown>)['partnerId'] = s.partners.find((p) => p['kind'] === 'production')?.[
          'id'
        ]),
      /orders\[0\] .*partner/,
    ],
    [
      'duplicate customer sequence numbers',
      (s) => ((s.customers[1] as Record<string, unknown>)['seq'] = s.customers[0]?.['seq']),
      /customers\[1\] .*sequence number/,
    ],
    [
      'partner domains differing only in case',
      (s) => ((s.partners[1] as Record<string, unknown>)['domain'] = String(s.partners[0]?.['domain']).toUpperCase()),
      /partners\[1\] .*domain/,
    ],
    [
      'a quantity of -5',
      (s) => ((s.subscriptions[0] as Record<string, unknown>)['quantity'] = -5),
      /subscriptions\[0\] .*quantity -5/,
    ],
    [
      'an offer id not in the catalog',
      (s) => ((s.orders[0]?.lineItems[0] as Record<string, unknown>)['offerId'] = 'NOT-AN-OFFER'),
      /orders\[0\] .*not in the catalog/,
    ],
  ])('refuses a snapshot with %s, naming the record and changing nothing', async (_what, mutate, message) => {
    const before = await snapshot();
    const changed = structuredClone(before);
    mutate(changed);
    const response = await api.control.call('PUT', '/snapshot', changed);
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.code).toBe(800002);
    expect(JSON.stringify(response.body.data)).toMatch(message);
    expect(same(await snapshot())).toEqual(same(before));
    await expectReadable();
  });

  it('bounds the clock offset in total, not only per call, and keeps dates in RFC 3339 near the limit', async () => {
    const before = await snapshot();
    // Just inside the limit (9000-01-01, less ten years and a day), as ~22,000 calls would get it.
    const nearLimit = Date.UTC(9000, 0, 1) - Date.now() - (TEN_YEARS_SECONDS + 86_400) * 1000;
    const imported = await api.control.call('PUT', '/snapshot', { ...before, clockOffsetMs: nearLimit });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    await expectReadable();
    const created = await api.request('POST', `/v1/customers/${customers[0]}/orders`, {
      token,
      body: orderBody(OFFERS.licence),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.creationDate).toMatch(/^89\d\d-/);
    expect((await api.control.call('POST', '/clock', { advanceSeconds: TEN_YEARS_SECONDS })).status).toBe(200);
    const refused = await api.control.call('POST', '/clock', { advanceSeconds: TEN_YEARS_SECONDS });
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.data).toContain('advanceSeconds');
    await expectReadable();
    expect(
      (await api.request('POST', `/v1/customers/${customers[1]}/orders`, { token, body: orderBody(OFFERS.licence) }))
        .status,
    ).toBe(201);
    await api.control.ok('PUT', '/snapshot', before);
  });
});
