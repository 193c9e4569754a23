/**
 * @module What a snapshot must satisfy to be imported: every invariant `/v1` guarantees of the
 * states it can create, so an import can never leave the sandbox where `/v1` could not have
 * got it (101 customers for a partner whose quota is 75, a subscription filed under one customer
 * and bought by another's order, two partners whose domains differ only in case). The first
 * violation is reported naming its record (`orders[3] (id …): …`); nothing is imported then.
 * Case follows Partner Center: GUIDs, domains and user names compare without case, and are
 * stored lower-cased because lookups lower-case what they are given.
 */
import { isGuid } from '@partnerbox/contract';
import { findOffer, SUBSCRIPTION_KINDS } from './catalog.js';
import { normalizeDomain } from './customers.js';
import { ORDER_ID } from './ids.js';
import { LIMITS } from './limits.js';
import { lineItemState } from './orders.js';
import type {
  AppRecord,
  CustomerAggregate,
  CustomerRecord,
  FaultRule,
  OrderRecord,
  PartnerRecord,
  SubscriptionRecord,
  UserRecord,
} from './records.js';
import { countsAgainstQuota } from './subscriptions.js';
import { isAllowedClockOffset, isRepresentableEnd, isRepresentableInstant, maxClockOffsetMs } from './time-range.js';

/** The records of a snapshot that belong to its customers. */
interface CustomerRecords {
  customers: readonly CustomerRecord[];
  orders: readonly OrderRecord[];
  subscriptions: readonly SubscriptionRecord[];
}

export interface SnapshotRecords extends CustomerRecords {
  clockOffsetMs: number;
  partners: readonly PartnerRecord[];
  apps: readonly AppRecord[];
  users: readonly UserRecord[];
  faultRules: readonly FaultRule[];
}

/** The bounds the control plane puts on a fault rule (control/routes.ts takes them from here). */
export const FAULT_RULE_LIMITS = {
  rules: 100,
  pathLength: 500,
  latencyMs: 120_000,
  retryAfterSeconds: 3_600,
  times: 1_000_000,
} as const;

class Violation extends Error {}

function fail(record: string, reason: string): never {
  throw new Violation(`${record}: ${reason}`);
}

const label = (kind: string, index: number, id: string) => `${kind}[${index}] (${id})`;

type UniqueKey<T> = [what: string, key: (item: T) => string];

/** No two records of `kind` share any of `keys` (each a description and a key function). */
function unique<T>(kind: string, items: readonly T[], id: (item: T) => string, keys: UniqueKey<T>[]): void {
  for (const [what, key] of keys) {
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      const k = key(item);
      const first = seen.get(k);
      if (first !== undefined) fail(label(kind, index, id(item)), `${what} is also that of ${kind}[${first}].`);
      seen.set(k, index);
    });
  }
}

function lowerGuid(record: string, value: string, what: string): void {
  if (!isGuid(value) || value !== value.toLowerCase()) fail(record, `${what} must be a lower-case GUID.`);
}

function instant(record: string, field: string, ms: number | undefined): void {
  if (ms !== undefined && !isRepresentableInstant(ms))
    fail(record, `${field} ${ms} is not a time from 1970 to 9000-01-01 in whole milliseconds.`);
}

function checkIdentities(s: SnapshotRecords): Map<string, PartnerRecord> {
  unique('partners', s.partners, (p) => p.id, [
    ['the id', (p) => p.id.toLowerCase()],
    ['the domain, ignoring case,', (p) => p.domain.toLowerCase()],
  ]);
  s.partners.forEach((p, i) => {
    const record = label('partners', i, p.id);
    lowerGuid(record, p.id, 'the tenant id');
    if (p.domain !== p.domain.toLowerCase()) fail(record, 'the domain must be lower-case.');
    instant(record, 'createdAt', p.createdAt);
  });
  const partners = new Map(s.partners.map((p) => [p.id, p]));
  unique('apps', s.apps, (a) => a.clientId, [['the client id, ignoring case,', (a) => a.clientId.toLowerCase()]]);
  s.apps.forEach((a, i) => {
    if (!partners.has(a.partnerId)) fail(label('apps', i, a.clientId), `no partner ${a.partnerId}.`);
  });
  unique('users', s.users, (u) => u.id, [
    ['the id', (u) => u.id],
    ['the user name, ignoring case,', (u) => u.userName.toLowerCase()],
  ]);
  s.users.forEach((u, i) => {
    const record = label('users', i, u.id);
    if (!partners.has(u.partnerId)) fail(record, `no partner ${u.partnerId}.`);
    if (u.userName !== u.userName.toLowerCase()) fail(record, 'the user name must be lower-case.');
  });
  return partners;
}

function checkCustomers(s: CustomerRecords, partners: Map<string, PartnerRecord>): Map<string, CustomerRecord> {
  unique('customers', s.customers, (c) => c.id, [
    ['the id', (c) => c.id],
    ['the domain, ignoring case,', (c) => c.domain.toLowerCase()],
    ["the partner's sequence number", (c) => `${c.partnerId}/${c.seq}`],
  ]);
  const counts = new Map<string, number>();
  s.customers.forEach((c, i) => {
    const record = label('customers', i, c.id);
    lowerGuid(record, c.id, 'the tenant id');
    const partner = partners.get(c.partnerId);
    if (!partner) fail(record, `no partner ${c.partnerId}.`);
    if (!Number.isSafeInteger(c.seq) || c.seq < 1) fail(record, 'seq must be a whole number, 1 or more.');
    let domain: string | undefined;
    try {
      domain = normalizeDomain(c.domain);
    } catch {
      domain = undefined;
    }
    if (domain !== c.domain) fail(record, `the domain "${c.domain}" is not a lower-case domain name.`);
    instant(record, 'createdAt', c.createdAt);
    instant(record, 'removedAt', c.removedAt);
    const count = (counts.get(partner.id) ?? 0) + 1;
    counts.set(partner.id, count);
    if (partner.kind === 'sandbox' && count > LIMITS.customersPerSandbox)
      fail(record, `an integration sandbox partner has at most ${LIMITS.customersPerSandbox} customers.`);
  });
  return new Map(s.customers.map((c) => [c.id, c]));
}

function checkQuantity(record: string, quantity: number, partner: PartnerRecord, offerId: string): void {
  if (!Number.isSafeInteger(quantity) || quantity < 1) fail(record, `the quantity ${quantity} is not 1 or more.`);
  const offer = findOffer(offerId);
  if (
    partner.kind === 'sandbox' &&
    offer &&
    SUBSCRIPTION_KINDS.has(offer.kind) &&
    offer.kind !== 'azure' &&
    quantity > LIMITS.seatsPerSubscription
  )
    fail(record, `an integration sandbox subscription has at most ${LIMITS.seatsPerSubscription} licences.`);
}

function checkLineItems(record: string, order: OrderRecord, partner: PartnerRecord): void {
  const numbers = new Set<number>();
  order.lineItems.forEach((item, j) => {
    const where = `${record} line item ${j}`;
    if (!Number.isSafeInteger(item.lineItemNumber) || item.lineItemNumber < 0 || numbers.has(item.lineItemNumber))
      fail(where, 'line item numbers are distinct whole numbers, 0 or more.');
    numbers.add(item.lineItemNumber);
    const offer = findOffer(item.offerId);
    if (!offer) fail(where, `the offer ${item.offerId} is not in the catalog.`);
    if (offer.kind !== item.kind || offer.productId !== item.productId || offer.skuId !== item.skuId)
      fail(where, `the kind, product and SKU must be those of the catalog's offer ${item.offerId}.`);
    checkQuantity(where, item.quantity, partner, item.offerId);
    instant(where, 'cancelRequestedAt', item.cancelRequestedAt);
    instant(where, 'cancelCompletesAt', item.cancelCompletesAt);
    if ((item.cancelRequestedAt === undefined) !== (item.cancelCompletesAt === undefined))
      fail(where, 'a cancellation has both a request and a completion time, or neither.');
  });
}

function checkOrders(s: CustomerRecords, partners: Map<string, PartnerRecord>, customers: Map<string, CustomerRecord>) {
  unique('orders', s.orders, (o) => o.id, [['the id', (o) => o.id]]);
  s.orders.forEach((o, i) => {
    const record = label('orders', i, o.id);
    if (!ORDER_ID.test(o.id)) fail(record, 'an order id is 1 to 64 letters, digits, _ or -.');
    const customer = customers.get(o.customerId);
    if (!customer) fail(record, `no customer ${o.customerId}.`);
    if (o.partnerId !== customer.partnerId) fail(record, `the partner is not that of its customer ${customer.id}.`);
    instant(record, 'createdAt', o.createdAt);
    instant(record, 'provisionedAt', o.provisionedAt);
    checkLineItems(record, o, partners.get(customer.partnerId) as PartnerRecord);
  });
  return new Map(s.orders.map((o) => [o.id, o]));
}

function checkSubscriptions(
  s: CustomerRecords,
  partners: Map<string, PartnerRecord>,
  customers: Map<string, CustomerRecord>,
  orders: Map<string, OrderRecord>,
): void {
  unique('subscriptions', s.subscriptions, (x) => x.id, [['the id', (x) => x.id]]);
  s.subscriptions.forEach((x, i) => {
    const record = label('subscriptions', i, x.id);
    lowerGuid(record, x.id, 'the id');
    const customer = customers.get(x.customerId);
    if (!customer) fail(record, `no customer ${x.customerId}.`);
    if (x.partnerId !== customer.partnerId) fail(record, `the partner is not that of its customer ${customer.id}.`);
    const order = orders.get(x.orderId);
    if (!order || order.customerId !== x.customerId)
      fail(record, `the order ${x.orderId} is not one of its customer ${customer.id}.`);
    const item = order.lineItems.find((l) => l.lineItemNumber === x.lineItemNumber);
    if (!item || item.offerId !== x.offerId)
      fail(record, `the order ${order.id} has no line item ${x.lineItemNumber} for the offer ${x.offerId}.`);
    if (item.subscriptionId !== undefined && item.subscriptionId !== x.id)
      fail(record, `the line item ${x.lineItemNumber} of the order ${order.id} names another subscription.`);
    checkQuantity(record, x.quantity, partners.get(customer.partnerId) as PartnerRecord, x.offerId);
    instant(record, 'createdAt', x.createdAt);
    instant(record, 'effectiveStartAt', x.effectiveStartAt);
    if (!isRepresentableEnd(x.commitmentEndAt))
      fail(record, `commitmentEndAt ${x.commitmentEndAt} is not a time from 1970 to the end of 9999.`);
  });
}

/** The sandbox quotas per customer, at the snapshot's own clock. */
function checkCustomerQuotas(s: CustomerRecords, partners: Map<string, PartnerRecord>, now: number): void {
  const byCustomer = new Map<string, CustomerAggregate>();
  for (const customer of s.customers) byCustomer.set(customer.id, { customer, orders: [], subscriptions: [] });
  for (const o of s.orders) byCustomer.get(o.customerId)?.orders.push(o);
  for (const x of s.subscriptions) byCustomer.get(x.customerId)?.subscriptions.push(x);
  s.customers.forEach((c, i) => {
    const aggregate = byCustomer.get(c.id) as CustomerAggregate;
    if (partners.get(c.partnerId)?.kind !== 'sandbox') return;
    const record = label('customers', i, c.id);
    const subscriptions = aggregate.subscriptions.filter((x) => countsAgainstQuota(x, aggregate, now)).length;
    if (subscriptions > LIMITS.subscriptionsPerCustomer)
      fail(
        record,
        `${subscriptions} subscriptions; an integration sandbox customer has at most ${LIMITS.subscriptionsPerCustomer}.`,
      );
    const instances = aggregate.orders
      .flatMap((o) => o.lineItems.map((item) => ({ o, item })))
      .filter(({ o, item }) => item.kind === 'reservedinstance' && lineItemState(o, item, now) !== 'cancelled')
      .reduce((sum, { item }) => sum + item.quantity, 0);
    if (instances > LIMITS.reservedInstancesPerCustomer)
      fail(record, `${instances} reserved instances; at most ${LIMITS.reservedInstancesPerCustomer}.`);
  });
}

function checkFaultRules(s: SnapshotRecords): void {
  if (s.faultRules.length > FAULT_RULE_LIMITS.rules) fail('faultRules', `at most ${FAULT_RULE_LIMITS.rules} rules.`);
  unique('faultRules', s.faultRules, (r) => r.id, [['the id', (r) => r.id]]);
  s.faultRules.forEach((r, i) => {
    const record = label('faultRules', i, r.id);
    lowerGuid(record, r.id, 'the id');
    if (r.path.length < 1 || r.path.length > FAULT_RULE_LIMITS.pathLength)
      fail(record, `the path glob is 1 to ${FAULT_RULE_LIMITS.pathLength} characters.`);
    const within = (value: number | undefined, min: number, max: number) =>
      value === undefined || (Number.isSafeInteger(value) && value >= min && value <= max);
    if (!within(r.status, 400, 599)) fail(record, 'the status is 400 to 599.');
    if (!within(r.latencyMs, 0, FAULT_RULE_LIMITS.latencyMs)) fail(record, 'latencyMs is out of range.');
    if (!within(r.retryAfterSeconds, 0, FAULT_RULE_LIMITS.retryAfterSeconds))
      fail(record, 'retryAfterSeconds is out of range.');
    if (!within(r.remaining, 0, FAULT_RULE_LIMITS.times)) fail(record, 'remaining is out of range.');
    instant(record, 'createdAt', r.createdAt);
  });
}

/**
 * The first invariant `snapshot` breaks, as a sentence naming the record; undefined when it
 * could have been reached through `/v1` and the control plane. `nowMs` is real time.
 */
export function snapshotViolation(snapshot: SnapshotRecords, nowMs: number): string | undefined {
  try {
    if (!isAllowedClockOffset(snapshot.clockOffsetMs, nowMs))
      fail(
        'clockOffsetMs',
        `${snapshot.clockOffsetMs} is not a whole number of ms from 0 to ${maxClockOffsetMs(nowMs)}.`,
      );
    const partners = checkIdentities(snapshot);
    checkCustomerRecords(snapshot, partners, nowMs + snapshot.clockOffsetMs);
    checkFaultRules(snapshot);
    return undefined;
  } catch (error) {
    if (error instanceof Violation) return error.message;
    throw error;
  }
}

function checkCustomerRecords(s: CustomerRecords, partners: Map<string, PartnerRecord>, snapshotNow: number): void {
  const customers = checkCustomers(s, partners);
  const orders = checkOrders(s, partners, customers);
  checkSubscriptions(s, partners, customers, orders);
  checkCustomerQuotas(s, partners, snapshotNow);
}

/**
 * What `snapshotViolation` says of a snapshot holding only `aggregate` beside a head that passed
 * it already (`partners` being that head's, by id): a streamed import checks each customer so,
 * without checking the head again for every one of a million customers.
 */
export function aggregateViolation(
  aggregate: CustomerAggregate,
  partners: Map<string, PartnerRecord>,
  clockOffsetMs: number,
  nowMs: number,
): string | undefined {
  const { customer, orders, subscriptions } = aggregate;
  try {
    checkCustomerRecords({ customers: [customer], orders, subscriptions }, partners, nowMs + clockOffsetMs);
    return undefined;
  } catch (error) {
    if (error instanceof Violation) return error.message;
    throw error;
  }
}
