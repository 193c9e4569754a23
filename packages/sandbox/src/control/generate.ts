/**
 * @module The customers `POST /_sandbox/partners/{id}/generate` makes: built by the same domain
 * rules as `/v1` (buildCustomer, createOrder), already provisioned, a batch at a time so that a
 * million of them never sit in memory together.
 */
import { sampleCustomerRequest, type CreateOrderRequest } from '@partnerbox/contract';
import { buildCustomer } from '../domain/customers.js';
import { checkGeneration } from '../domain/generation.js';
import { createOrder } from '../domain/orders.js';
import type { CustomerAggregate } from '../domain/records.js';
import type { GenerateContext } from '../store/store.js';

// A licence subscription: one order line, one subscription, no cancellation window to track.
const GENERATED_ORDER: CreateOrderRequest = {
  lineItems: [{ lineItemNumber: 0, offerId: 'E59159FC-6F67-4599-B3CB-17FF4020F643', quantity: 1 }],
};

// Company names that start differently, so prefix filters over a generated sandbox find a few.
const WORDS = ['Contoso', 'Fabrikam', 'Northwind', 'Tailspin', 'Wingtip', 'Adatum', 'Litware', 'Proseware'];

export interface GenerateOptions {
  ordersPerCustomer: number;
  now: number;
}

/** One batch: customers numbered on from the partner's next sequence number. */
export function generatedBatch(ctx: GenerateContext, options: GenerateOptions): CustomerAggregate[] {
  const partner = checkGeneration(ctx.partner, ctx.customerCount, ctx.remaining);
  // The partner id and the sequence number make every domain unique without a lookup.
  const tag = partner.id.replace(/-/g, '').slice(0, 12);
  const batch: CustomerAggregate[] = [];
  for (let i = 0; i < ctx.count; i++) {
    const seq = ctx.nextSeq + i;
    const label = `gen${seq}-${tag}`;
    const domain = `${label}.onmicrosoft.com`;
    const companyName = `${WORDS[seq % WORDS.length] ?? 'Generated'} ${seq}`;
    const input = sampleCustomerRequest({ domain, companyName, email: `billing@${domain}` });
    const context = { partner, customerCount: ctx.customerCount + i, nextSeq: seq, domainTaken: false };
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
    batch.push(aggregate);
  }
  return batch;
}
