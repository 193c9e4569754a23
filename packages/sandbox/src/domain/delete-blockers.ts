/**
 * @module What keeps a customer from being deleted from the integration sandbox, by kind, so
 * that the refusal can name what blocks it and what to do about each.
 */
import { isAzurePlan } from './catalog.js';
import { lineItemState } from './orders.js';
import type { CustomerAggregate, OrderLineItemRecord, OrderRecord } from './records.js';
import { subscriptionStatus } from './subscriptions.js';

/** Order ids, each under every kind of purchase in it that blocks; empty lists when nothing does. */
export interface DeleteBlockers {
  /** Every blocking order once, in creation order: what the refusal's `data` lists. */
  orderIds: string[];
  /** Orders with a reserved-instance line item not yet cancelled: cancel them. */
  reservedInstanceOrderIds: string[];
  /** Orders with a software line item (perpetual or subscription) not yet cancelled: cancel them. */
  softwareOrderIds: string[];
  /** Orders of an Azure plan whose subscription is active or pending: suspend (or cancel) it. */
  azurePlanOrderIds: string[];
}

/** Which kinds count: relationship removal outside the sandbox counts only reserved instances. */
export interface DeleteBlockerScope {
  software: boolean;
  azurePlan: boolean;
}

export const EVERY_DELETE_BLOCKER: DeleteBlockerScope = { software: true, azurePlan: true };

type BlockerKind = Exclude<keyof DeleteBlockers, 'orderIds'>;

function blocksAs(
  aggregate: CustomerAggregate,
  order: OrderRecord,
  item: OrderLineItemRecord,
  now: number,
  scope: DeleteBlockerScope,
): BlockerKind | undefined {
  if (item.kind === 'reservedinstance')
    return lineItemState(order, item, now) === 'cancelled' ? undefined : 'reservedInstanceOrderIds';
  if (item.kind === 'software_perpetual' || item.kind === 'software_subscription')
    return scope.software && lineItemState(order, item, now) !== 'cancelled' ? 'softwareOrderIds' : undefined;
  // Partner-Center-PowerShell issue 215 (docs/compatibility.md, "Which orders block DELETE"):
  // the real integration sandbox refused DELETE for a customer holding only an Azure plan, naming
  // the plan's order, until the plan was suspended. The plan's subscription carries that state.
  if (!scope.azurePlan || !isAzurePlan(item)) return undefined;
  const subscription = aggregate.subscriptions.find(
    (s) => s.orderId === order.id && s.lineItemNumber === item.lineItemNumber,
  );
  if (!subscription) return undefined;
  const status = subscriptionStatus(subscription, aggregate, now);
  return status === 'active' || status === 'pending' ? 'azurePlanOrderIds' : undefined;
}

/** The customer's orders that block its deletion, by what blocks: in order-creation order, each once per kind. */
export function deleteBlockers(
  aggregate: CustomerAggregate,
  now: number,
  scope: DeleteBlockerScope = EVERY_DELETE_BLOCKER,
): DeleteBlockers {
  const out: DeleteBlockers = {
    orderIds: [],
    reservedInstanceOrderIds: [],
    softwareOrderIds: [],
    azurePlanOrderIds: [],
  };
  for (const order of aggregate.orders) {
    const kinds = new Set(order.lineItems.map((item) => blocksAs(aggregate, order, item, now, scope)));
    kinds.delete(undefined);
    if (kinds.size > 0) out.orderIds.push(order.id);
    for (const kind of kinds) if (kind) out[kind].push(order.id);
  }
  return out;
}
