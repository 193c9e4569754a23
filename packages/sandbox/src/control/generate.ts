/**
 * @module The customers `POST /_sandbox/partners/{id}/generate` makes: each batch one prototype
 * built by the same domain rules as `/v1` (buildCustomer, createOrder), already provisioned, and
 * per customer only what differs from it (its seq, ids, domain and names), which the store fills
 * into the prototype's rows (store/row-template.ts). A million never sit in memory together.
 */
import { sampleCustomerRequest, type CreateOrderRequest } from '@partnerbox/contract';
import { buildCustomer } from '../domain/customers.js';
import { checkGeneration } from '../domain/generation.js';
import { newGuid, newOrderedGuid, newOrderedOrderId, newPooledAlternateId } from '../domain/ids.js';
import { createOrder } from '../domain/orders.js';
import type { CustomerAggregate, PartnerRecord } from '../domain/records.js';
import type { GenerateContext, GeneratedBatch } from '../store/store.js';

// A licence subscription: one order line, one subscription, no cancellation window to track.
const GENERATED_ORDER: CreateOrderRequest = {
  lineItems: [{ lineItemNumber: 0, offerId: 'E59159FC-6F67-4599-B3CB-17FF4020F643', quantity: 1 }],
};

// Company names that start differently, so prefix filters over a generated sandbox find a few.
const WORDS = ['Contoso', 'Fabrikam', 'Northwind', 'Tailspin', 'Wingtip', 'Adatum', 'Litware', 'Proseware'];

/**
 * The prototype's seq: no generated customer has it, and no other number in its rows equals it,
 * so the row template finds it (and its domain and names, which hold it) without ambiguity.
 */
const PROTOTYPE_SEQ = 987_654_321_987;

export interface GenerateOptions {
  ordersPerCustomer: number;
  now: number;
}

const names = (partner: PartnerRecord, seq: number) => {
  // The partner id and the sequence number make every domain unique without a lookup.
  const domain = `gen${seq}-${partner.id.replace(/-/g, '').slice(0, 12)}.onmicrosoft.com`;
  const companyName = `${WORDS[seq % WORDS.length] ?? 'Generated'} ${seq}`;
  return { domain, companyName };
};

/** Generated customer `seq` of a partner, built by the domain rules as a create and orders would. */
export function generatedAggregate(partner: PartnerRecord, seq: number, options: GenerateOptions): CustomerAggregate {
  const { domain, companyName } = names(partner, seq);
  const input = sampleCustomerRequest({ domain, companyName, email: `billing@${domain}` });
  const context = { partner, customerCount: 0, nextSeq: seq, domainTaken: false };
  const { customer } = buildCustomer(input, domain, context, options.now);
  const aggregate: CustomerAggregate = { customer, orders: [], subscriptions: [] };
  for (let o = 0; o < options.ordersPerCustomer; o++) {
    const { order, subscriptions } = createOrder(aggregate, GENERATED_ORDER, {
      partnerKind: partner.kind,
      now: options.now,
      provisioningDelayMs: 0,
    });
    aggregate.orders.push(order);
    aggregate.subscriptions.push(...subscriptions);
  }
  return aggregate;
}

/**
 * What differs between two generated customers, in template slot order: the ids the domain rules
 * make at random, the domain (the billing email holds it) and the company name, as written and
 * lower-cased (the store's prefix column).
 */
export function slotValues(aggregate: CustomerAggregate): string[] {
  const { customer } = aggregate;
  return [
    customer.id,
    customer.commerceId,
    customer.billing.id,
    customer.domain,
    customer.companyName,
    customer.companyName.toLowerCase(),
    ...aggregate.orders.flatMap((o) => [o.id, o.alternateId]),
    ...aggregate.subscriptions.flatMap((s) => [s.id, s.entitlementId]),
  ];
}

/**
 * A new customer's slot values, as `slotValues` lists them. Ids that are keys or name a parent
 * (customer, order and subscription ids) are made in time order, so each index grows at its end.
 */
function freshValues(partner: PartnerRecord, seq: number, ordersPerCustomer: number, now: number): string[] {
  const { domain, companyName } = names(partner, seq);
  const values = [newOrderedGuid(now), newGuid(), newGuid(), domain, companyName, companyName.toLowerCase()];
  for (let o = 0; o < ordersPerCustomer; o++) values.push(newOrderedOrderId(now), newPooledAlternateId());
  // One licence line per order, so one subscription each.
  for (let o = 0; o < ordersPerCustomer; o++) values.push(newOrderedGuid(now), newGuid());
  return values;
}

/** One batch: customers numbered on from the partner's next sequence number. */
export function generatedBatch(ctx: GenerateContext, options: GenerateOptions): GeneratedBatch {
  const partner = checkGeneration(ctx.partner, ctx.customerCount, ctx.remaining);
  const prototype = generatedAggregate(partner, PROTOTYPE_SEQ, options);
  const customers = Array.from({ length: ctx.count }, (_, i) => {
    const seq = ctx.nextSeq + i;
    return { seq, values: freshValues(partner, seq, options.ordersPerCustomer, options.now) };
  });
  return { prototype, slots: slotValues(prototype), customers };
}
