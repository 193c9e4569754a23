import { describe, expect, it } from 'vitest';
import { sampleCustomerRequest } from '@partnerbox/contract';
import { buildCustomer } from './customers.js';
import { createOrder } from './orders.js';
import type { CustomerAggregate, PartnerRecord } from './records.js';
import { aggregateViolation, snapshotViolation, type SnapshotRecords } from './snapshot-invariants.js';
import { LATEST_INSTANT_MS } from './time-range.js';

const NOW = Date.UTC(2026, 11, 1);
const RI = 'DZH318Z0BQ4B:0047:DZH318Z0DSM8';
const LICENCE = 'E59159FC-6F67-4599-B3CB-17FF4020F643';

function partner(kind: PartnerRecord['kind'], id: string): PartnerRecord {
  return { id, kind, name: kind, domain: `${kind}.onmicrosoft.com`, mpnId: '1', createdAt: NOW };
}

/** Two sandbox customers with an order each (a licence, so a subscription), one production customer. */
function validSnapshot(): SnapshotRecords {
  const sandbox = partner('sandbox', '11111111-1111-4111-8111-111111111111');
  const production = partner('production', '22222222-2222-4222-8222-222222222222');
  const aggregates: CustomerAggregate[] = ['alpha', 'beta', 'gamma'].map((name, i) => {
    const owner = i < 2 ? sandbox : production;
    const domain = `${name}.onmicrosoft.com`;
    const request = sampleCustomerRequest({ domain, companyName: name, email: `ap@${name}.example.com` });
    const context = { partner: owner, customerCount: i, nextSeq: i + 1, domainTaken: false };
    return { customer: buildCustomer(request, domain, context, NOW).customer, orders: [], subscriptions: [] };
  });
  const orders = aggregates.map((a) =>
    createOrder(
      a,
      { lineItems: [{ lineItemNumber: 0, offerId: LICENCE, quantity: 2 }] },
      { partnerKind: a.customer.partnerId === sandbox.id ? 'sandbox' : 'production', now: NOW, provisioningDelayMs: 0 },
    ),
  );
  return {
    clockOffsetMs: 3_600_000,
    partners: [sandbox, production],
    apps: [{ clientId: 'app-1', partnerId: sandbox.id, clientSecret: 's', displayName: 'a', createdAt: NOW }],
    users: [
      {
        id: 'u1',
        partnerId: sandbox.id,
        userName: 'admin@sandbox.onmicrosoft.com',
        password: 'p',
        displayName: 'A',
        createdAt: NOW,
      },
    ],
    customers: aggregates.map((a) => a.customer),
    orders: orders.map((o) => o.order),
    subscriptions: orders.flatMap((o) => o.subscriptions),
    faultRules: [],
  };
}

type Mutable = {
  -readonly [K in keyof SnapshotRecords]: SnapshotRecords[K] extends readonly (infer T)[] ? T[] : SnapshotRecords[K];
};
const at = <T>(items: T[], i: number): T => items[i] as T;

describe('snapshotViolation', () => {
  it('accepts a state /v1 created', () => {
    expect(snapshotViolation(validSnapshot(), NOW)).toBeUndefined();
  });

  it.each<[string, (s: Mutable) => void, RegExp]>([
    ['a clock offset of 1e300', (s) => (s.clockOffsetMs = 1e300), /^clockOffsetMs: 1e\+300 is not/],
    ['a clock past 9000', (s) => (s.clockOffsetMs = LATEST_INSTANT_MS - NOW + 1), /^clockOffsetMs/],
    ['a negative clock offset', (s) => (s.clockOffsetMs = -1), /^clockOffsetMs/],
    [
      '76 customers for the sandbox partner',
      (s) => {
        const template = at(s.customers, 0);
        for (let i = 0; i < 74; i++)
          s.customers.push({
            ...template,
            id: `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`,
            seq: 100 + i,
            domain: `c${i}.onmicrosoft.com`,
          });
      },
      /^customers\[76\] .*at most 75 customers/,
    ],
    [
      "a subscription pointing at another customer's order",
      (s) => (at(s.subscriptions, 0).orderId = at(s.orders, 1).id),
      /^subscriptions\[0\] .*is not one of its customer/,
    ],
    [
      "an order whose partner is not its customer's",
      (s) => (at(s.orders, 0).partnerId = at(s.partners, 1).id),
      /^orders\[0\] .*the partner is not that of its customer/,
    ],
    [
      "a subscription whose partner is not its customer's",
      (s) => (at(s.subscriptions, 2).partnerId = at(s.partners, 0).id),
      /^subscriptions\[2\] .*the partner is not that of its customer/,
    ],
    ['duplicate sequence numbers', (s) => (at(s.customers, 1).seq = 1), /^customers\[1\] .*sequence number/],
    [
      'partner domains differing only in case',
      (s) => (at(s.partners, 1).domain = 'SANDBOX.onmicrosoft.com'),
      /^partners\[1\] .*domain, ignoring case/,
    ],
    [
      'customer domains differing only in case',
      (s) => (at(s.customers, 1).domain = 'ALPHA.onmicrosoft.com'),
      /^customers\[1\] .*domain, ignoring case/,
    ],
    ['an upper-case customer domain', (s) => (at(s.customers, 1).domain = 'Beta.onmicrosoft.com'), /lower-case domain/],
    [
      'an upper-case customer id',
      (s) => (at(s.customers, 0).id = at(s.customers, 0).id.toUpperCase()),
      /lower-case GUID/,
    ],
    [
      'user names differing only in case',
      (s) => s.users.push({ ...at(s.users, 0), id: 'u2', userName: 'ADMIN@sandbox.onmicrosoft.com' }),
      /user name, ignoring case/,
    ],
    [
      'a subscription quantity of -5',
      (s) => (at(s.subscriptions, 0).quantity = -5),
      /^subscriptions\[0\] .*quantity -5/,
    ],
    [
      'a line item quantity of -5',
      (s) => (at(at(s.orders, 0).lineItems, 0).quantity = -5),
      /^orders\[0\] .* line item 0: .*quantity -5/,
    ],
    ['30 licences in the sandbox', (s) => (at(s.subscriptions, 0).quantity = 30), /at most 25 licences/],
    ['30 licences in production', (s) => (at(s.subscriptions, 2).quantity = 30), /^$/],
    [
      'an offer id not in the catalog',
      (s) => (at(at(s.orders, 0).lineItems, 0).offerId = 'NOPE'),
      /^orders\[0\] .*the offer NOPE is not in the catalog/,
    ],
    [
      'a kind the offer does not have',
      (s) => (at(at(s.orders, 0).lineItems, 0).kind = 'azure'),
      /kind, product and SKU/,
    ],
    ['an order createdAt of 1e300', (s) => (at(s.orders, 0).createdAt = 1e300), /^orders\[0\] .*createdAt 1e\+300/],
    [
      'a subscription createdAt of 8.64e15 + 1',
      (s) => (at(s.subscriptions, 1).createdAt = 8.64e15 + 1),
      /^subscriptions\[1\] .*createdAt/,
    ],
    [
      'a commitment end past 9999',
      (s) => (at(s.subscriptions, 0).commitmentEndAt = Date.UTC(10_000, 0, 1)),
      /commitmentEndAt/,
    ],
    ['a commitment end on 9999-12-10', (s) => (at(s.subscriptions, 0).commitmentEndAt = Date.UTC(9999, 11, 10)), /^$/],
    [
      'a cancellation with no completion',
      (s) => (at(at(s.orders, 0).lineItems, 0).cancelRequestedAt = NOW),
      /both a request and a completion/,
    ],
    [
      'an order of an unknown customer',
      (s) => (at(s.orders, 0).customerId = 'nobody'),
      /^orders\[0\] .*no customer nobody/,
    ],
    [
      'two orders with one id',
      (s) => s.orders.push({ ...at(s.orders, 0), customerId: at(s.customers, 1).id }),
      /^orders\[3\] .*the id is also that of orders\[0\]/,
    ],
    ['an order id with a slash', (s) => (at(s.orders, 0).id = 'a/b'), /order id is 1 to 64/],
    [
      'six subscriptions for a sandbox customer',
      (s) => {
        const template = at(s.subscriptions, 0);
        const order = at(s.orders, 0);
        for (let n = 1; n <= 5; n++) {
          order.lineItems.push({ ...at(order.lineItems, 0), lineItemNumber: n, subscriptionId: undefined as never });
          s.subscriptions.push({ ...template, id: `${n}0000000-0000-4000-8000-000000000000`, lineItemNumber: n });
        }
        for (const item of order.lineItems) delete item.subscriptionId;
      },
      /^customers\[0\] .*6 subscriptions/,
    ],
    [
      'three reserved instances',
      (s) => {
        const customer = at(s.customers, 0);
        const { order } = createOrder(
          { customer, orders: [], subscriptions: [] },
          { lineItems: [{ lineItemNumber: 0, offerId: RI, quantity: 2 }] },
          { partnerKind: 'sandbox', now: NOW, provisioningDelayMs: 0 },
        );
        at(order.lineItems, 0).quantity = 3;
        s.orders.push(order);
      },
      /^customers\[0\] .*3 reserved instances/,
    ],
    [
      'a fault rule status of 200',
      (s) =>
        s.faultRules.push({
          id: '33333333-3333-4333-8333-333333333333',
          method: '*',
          path: '/v1/**',
          kind: 'error',
          status: 200,
          createdAt: NOW,
        }),
      /^faultRules\[0\] .*400 to 599/,
    ],
    [
      'a fault glob of 501 characters',
      (s) =>
        s.faultRules.push({
          id: '33333333-3333-4333-8333-333333333333',
          method: '*',
          path: 'a'.repeat(501),
          kind: 'drop',
          createdAt: NOW,
        }),
      /1 to 500 characters/,
    ],
  ])('%s: the violation names the record (empty: accepted)', (_what, mutate, expected) => {
    const snapshot = structuredClone(validSnapshot()) as Mutable;
    mutate(snapshot);
    expect(snapshotViolation(snapshot, NOW) ?? '').toMatch(expected);
  });
});

describe('aggregateViolation', () => {
  /** Each customer of `s` with what it owns, as a streamed import hands them out. */
  const aggregatesOf = (s: SnapshotRecords): CustomerAggregate[] =>
    s.customers.map((customer) => ({
      customer,
      orders: s.orders.filter((o) => o.customerId === customer.id),
      subscriptions: s.subscriptions.filter((x) => x.customerId === customer.id),
    }));

  it.each<[string, (s: Mutable) => void]>([
    ['nothing changed', () => undefined],
    ['an upper-case customer domain', (s) => (at(s.customers, 1).domain = 'Beta.onmicrosoft.com')],
    ['a customer of no partner', (s) => (at(s.customers, 2).partnerId = '33333333-3333-4333-8333-333333333333')],
    ['a subscription quantity of -5', (s) => (at(s.subscriptions, 0).quantity = -5)],
    ['30 licences in the sandbox', (s) => (at(s.subscriptions, 1).quantity = 30)],
    ['an offer id not in the catalog', (s) => (at(at(s.orders, 0).lineItems, 0).offerId = 'NOPE')],
    ["an order whose partner is not its customer's", (s) => (at(s.orders, 0).partnerId = at(s.partners, 1).id)],
    ['a subscription naming no order', (s) => (at(s.subscriptions, 2).orderId = 'nope')],
    ['a cancellation with no completion', (s) => (at(at(s.orders, 1).lineItems, 0).cancelRequestedAt = NOW)],
  ])('%s: says of each aggregate what snapshotViolation says of it alone beside the head', (what, mutate) => {
    const snapshot = structuredClone(validSnapshot()) as Mutable;
    mutate(snapshot);
    const partners = new Map(snapshot.partners.map((p) => [p.id, p]));
    const said = aggregatesOf(snapshot).map((aggregate) => {
      const alone = { ...snapshot, customers: [aggregate.customer], ...aggregate };
      const violation = aggregateViolation(aggregate, partners, snapshot.clockOffsetMs, NOW);
      expect(violation).toBe(snapshotViolation(alone, NOW));
      return violation;
    });
    expect(said.some((v) => v !== undefined)).toBe(what !== 'nothing changed');
  });
});
