/**
 * @module Entitlements are not stored: they are what reserved-instance and software orders
 * entitle a customer to, listed until the line item's cancellation completes.
 */
import type { EntitlementType } from '@partnerbox/contract';
import { ENTITLEMENT_KINDS, findOffer, SOFTWARE_KINDS } from './catalog.js';
import { DAY_MS } from './limits.js';
import { lineItemState } from './orders.js';
import type { CustomerAggregate, OrderLineItemRecord, OrderRecord } from './records.js';

/** One `quantityDetails` entry: how many of the line item's units are in which state. */
export interface QuantityDetail {
  quantity: number;
  status: 'fulfilled' | 'unfulfilled';
}

export interface DerivedEntitlement {
  order: OrderRecord;
  item: OrderLineItemRecord;
  type: EntitlementType;
  fulfillmentState: 'pending' | 'fulfilled' | 'cancelling';
  /**
   * The entitlement resource page: `quantity` excludes unfulfilled units, `quantityDetails`
   * lists the number of units in each state. Every unit of a line item provisions at once here,
   * so there is one entry; a cancellation in progress leaves the units in use until it completes.
   */
  quantity: number;
  quantityDetails: QuantityDetail[];
  expiresAt?: number;
  includes: readonly { productId: string; skuId: string }[];
}

const TERM_YEARS: Record<string, number> = { P1Y: 1, P3Y: 3, P5Y: 5 };

export function deriveEntitlements(
  aggregate: CustomerAggregate,
  now: number,
  type?: EntitlementType,
): DerivedEntitlement[] {
  const out: DerivedEntitlement[] = [];
  for (const order of aggregate.orders) {
    for (const item of order.lineItems) {
      if (!ENTITLEMENT_KINDS.has(item.kind)) continue;
      const state = lineItemState(order, item, now);
      if (state === 'cancelled') continue;
      const itemType = SOFTWARE_KINDS.has(item.kind) ? 'software' : 'reservedinstance';
      if (type && type !== itemType) continue;
      const entitlement: DerivedEntitlement = {
        order,
        item,
        type: itemType,
        fulfillmentState: state === 'provisioning' ? 'pending' : state === 'cancelling' ? 'cancelling' : 'fulfilled',
        quantity: state === 'provisioning' ? 0 : item.quantity,
        quantityDetails: [{ quantity: item.quantity, status: state === 'provisioning' ? 'unfulfilled' : 'fulfilled' }],
        includes: findOffer(item.offerId)?.includes ?? [],
      };
      const years = item.kind === 'software_perpetual' ? undefined : TERM_YEARS[item.termDuration ?? ''];
      if (years !== undefined) entitlement.expiresAt = order.createdAt + years * 365 * DAY_MS;
      out.push(entitlement);
    }
  }
  return out;
}
