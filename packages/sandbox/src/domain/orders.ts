/**
 * @module Orders: status derived from stored timestamps and the sandbox clock, creation with
 * the sandbox quotas, and the cancellation rules of the integration sandbox.
 */
import type { CreateOrderRequest, PatchOrderRequest } from '@partnerbox/contract';
import { errors } from '../errors.js';
import { ENTITLEMENT_KINDS, findOffer, SUBSCRIPTION_KINDS, type CatalogOffer } from './catalog.js';
import { newAlternateId, newGuid, newOrderId } from './ids.js';
import { DAY_MS, LIMITS } from './limits.js';
import type {
  CustomerAggregate,
  OrderLineItemRecord,
  OrderRecord,
  PartnerKind,
  SubscriptionRecord,
} from './records.js';
import { countsAgainstQuota, subscriptionStatus } from './subscriptions.js';

export type LineItemState = 'provisioning' | 'active' | 'cancelling' | 'cancelled';

export function lineItemState(order: OrderRecord, item: OrderLineItemRecord, now: number): LineItemState {
  if (item.cancelCompletesAt !== undefined && item.cancelCompletesAt <= now) return 'cancelled';
  if (item.cancelRequestedAt !== undefined) return 'cancelling';
  return now < order.provisionedAt ? 'provisioning' : 'active';
}

/** `cancelled` once every line item is; `pending` while anything is provisioning or cancelling. */
export function orderStatus(order: OrderRecord, now: number): 'pending' | 'completed' | 'cancelled' {
  const states = order.lineItems.map((item) => lineItemState(order, item, now));
  if (states.every((s) => s === 'cancelled')) return 'cancelled';
  if (states.some((s) => s === 'provisioning' || s === 'cancelling')) return 'pending';
  return 'completed';
}

/** The customer's order with this id; 404 20000 when it has none. */
export function requireOrder(aggregate: CustomerAggregate, orderId: string): OrderRecord {
  const order = aggregate.orders.find((o) => o.id === orderId);
  if (!order) throw errors.orderNotFound(orderId);
  return order;
}

export interface OrderSettings {
  partnerKind: PartnerKind;
  now: number;
  provisioningDelayMs: number;
}

function resolveOffer(offerId: string): CatalogOffer {
  const found = findOffer(offerId);
  if (!found) throw errors.offerNotFound(offerId);
  return found;
}

type OrderLine = CreateOrderRequest['lineItems'][number];

/** A requested line item and the catalog offer it names. */
interface ResolvedLine {
  line: OrderLine;
  offer: CatalogOffer;
}

/** Each line's offer from the catalog: unique line numbers, known offers, the offer's minimum. */
function resolveLines(lines: readonly OrderLine[]): ResolvedLine[] {
  const numbers = new Set<number>();
  return lines.map((line, index) => {
    if (numbers.has(line.lineItemNumber))
      throw errors.invalidProperty(`lineItems[${index}].lineItemNumber`, 'Line item numbers must be unique.');
    numbers.add(line.lineItemNumber);
    const offer = resolveOffer(line.offerId);
    if (line.quantity < offer.minQuantity && offer.minQuantity <= LIMITS.seatsPerSubscription)
      throw errors.invalidProperty(`lineItems[${index}].quantity`, `The offer needs at least ${offer.minQuantity}.`);
    return { line, offer };
  });
}

/** At most 25 seats per licence-based subscription; offers whose minimum is higher cannot be bought at all. */
function checkSeatQuota(resolved: readonly ResolvedLine[]): void {
  for (const { line, offer } of resolved) {
    if (!SUBSCRIPTION_KINDS.has(offer.kind) || offer.kind === 'azure') continue;
    if (line.quantity > LIMITS.seatsPerSubscription || offer.minQuantity > LIMITS.seatsPerSubscription)
      throw errors.seatQuotaExceeded(LIMITS.seatsPerSubscription, offer.offerId);
  }
}

/** At most 5 subscriptions per customer, counting those still provisioning. */
function checkSubscriptionQuota(aggregate: CustomerAggregate, resolved: readonly ResolvedLine[], now: number): void {
  const added = resolved.filter(({ offer }) => SUBSCRIPTION_KINDS.has(offer.kind)).length;
  const held = aggregate.subscriptions.filter((s) => countsAgainstQuota(s, aggregate, now)).length;
  if (added > 0 && held + added > LIMITS.subscriptionsPerCustomer)
    throw errors.subscriptionQuotaExceeded(LIMITS.subscriptionsPerCustomer);
}

/** At most 2 reserved VM instances per customer, until their cancellation completes. */
function checkReservedInstanceQuota(aggregate: CustomerAggregate, resolved: readonly ResolvedLine[], now: number) {
  const added = resolved
    .filter(({ offer }) => offer.kind === 'reservedinstance')
    .reduce((sum, { line }) => sum + line.quantity, 0);
  if (added === 0) return;
  const held = aggregate.orders
    .flatMap((order) => order.lineItems.map((item) => ({ order, item })))
    .filter(({ order, item }) => item.kind === 'reservedinstance' && lineItemState(order, item, now) !== 'cancelled')
    .reduce((sum, { item }) => sum + item.quantity, 0);
  if (held + added > LIMITS.reservedInstancesPerCustomer)
    throw errors.subscriptionQuotaExceeded(LIMITS.reservedInstancesPerCustomer, 'Azure reserved VM instances');
}

/** The integration sandbox's quotas; outside it, every offer's minimum quantity holds. */
function checkQuotas(aggregate: CustomerAggregate, resolved: readonly ResolvedLine[], settings: OrderSettings): void {
  if (settings.partnerKind === 'sandbox') {
    checkSeatQuota(resolved);
    checkSubscriptionQuota(aggregate, resolved, settings.now);
    checkReservedInstanceQuota(aggregate, resolved, settings.now);
    return;
  }
  for (const { line, offer } of resolved)
    if (line.quantity < offer.minQuantity)
      throw errors.invalidProperty('quantity', `The offer ${offer.offerId} needs at least ${offer.minQuantity}.`);
}

function newLineItem({ line, offer }: ResolvedLine): OrderLineItemRecord {
  const item: OrderLineItemRecord = {
    lineItemNumber: line.lineItemNumber,
    offerId: line.offerId,
    kind: offer.kind,
    productId: offer.productId,
    skuId: offer.skuId,
    friendlyName: line.friendlyName ?? offer.friendlyName,
    quantity: line.quantity,
  };
  if (offer.availabilityId) item.availabilityId = offer.availabilityId;
  const term = line.termDuration ?? offer.termDuration;
  if (term) item.termDuration = term;
  if (line.provisioningContext) item.provisioningContext = line.provisioningContext;
  if (offer.kind === 'reservedinstance' || ENTITLEMENT_KINDS.has(offer.kind)) item.resourceId = newGuid();
  return item;
}

/** The order's records: its line items, and the subscription each subscription offer makes. */
function buildOrder(
  aggregate: CustomerAggregate,
  input: CreateOrderRequest,
  resolved: readonly ResolvedLine[],
  settings: OrderSettings,
): { order: OrderRecord; subscriptions: SubscriptionRecord[] } {
  const { customer } = aggregate;
  const orderId = newOrderId();
  const billingCycle = input.billingCycle ?? resolved[0]?.offer.billingCycle ?? 'one_time';
  const subscriptions: SubscriptionRecord[] = [];
  const lineItems = resolved.map((r) => {
    const item = newLineItem(r);
    if (!SUBSCRIPTION_KINDS.has(r.offer.kind)) return item;
    const subscription = newSubscription(aggregate, orderId, item, r.offer, billingCycle, settings.now);
    subscriptions.push(subscription);
    return { ...item, subscriptionId: subscription.id };
  });
  const order: OrderRecord = {
    id: orderId,
    customerId: customer.id,
    partnerId: customer.partnerId,
    alternateId: newAlternateId(),
    billingCycle,
    currencyCode: (input.currencyCode ?? 'USD').toUpperCase(),
    createdAt: settings.now,
    provisionedAt: settings.now + settings.provisioningDelayMs,
    lineItems,
    version: 1,
  };
  return { order, subscriptions };
}

/** Builds a new order and the subscriptions it creates, enforcing the sandbox quotas. */
export function createOrder(
  aggregate: CustomerAggregate,
  input: CreateOrderRequest,
  settings: OrderSettings,
): { order: OrderRecord; subscriptions: SubscriptionRecord[] } {
  if (input.referenceCustomerId !== undefined && input.referenceCustomerId.toLowerCase() !== aggregate.customer.id)
    throw errors.invalidProperty('referenceCustomerId', 'It does not match the customer in the path.');
  const resolved = resolveLines(input.lineItems);
  checkQuotas(aggregate, resolved, settings);
  return buildOrder(aggregate, input, resolved, settings);
}

function newSubscription(
  aggregate: CustomerAggregate,
  orderId: string,
  item: OrderLineItemRecord,
  offer: CatalogOffer,
  billingCycle: string,
  now: number,
): SubscriptionRecord {
  const usage = offer.kind === 'azure';
  const subscription: SubscriptionRecord = {
    id: newGuid(),
    customerId: aggregate.customer.id,
    partnerId: aggregate.customer.partnerId,
    orderId,
    lineItemNumber: item.lineItemNumber,
    entitlementId: newGuid(),
    offerId: offer.offerId,
    offerName: offer.friendlyName,
    friendlyName: item.friendlyName,
    quantity: usage ? 1 : item.quantity,
    unitType: usage ? 'Usage-based' : 'Licenses',
    billingType: usage ? 'usage' : 'license',
    billingCycle,
    contractType: 'subscription',
    status: 'active',
    suspensionReasons: [],
    autoRenewEnabled: !usage,
    createdAt: now,
    effectiveStartAt: now,
    // Usage-based Azure subscriptions have no commitment; the docs show 9999-12-10.
    commitmentEndAt: usage ? Date.UTC(9999, 11, 10) : now + (item.termDuration === 'P1M' ? 30 : 365) * DAY_MS,
    version: 1,
  };
  if (item.termDuration) subscription.termDuration = item.termDuration;
  return subscription;
}

export interface CancelSettings {
  partnerKind: PartnerKind;
  now: number;
  cancellationDelayMs: number;
}

/**
 * Applies `PATCH …/orders/{id}` with `status: cancelled`. Asking again while a cancellation
 * is in progress or done changes nothing and answers with the order, so clients may retry.
 */
export function cancelOrder(
  aggregate: CustomerAggregate,
  orderId: string,
  input: PatchOrderRequest,
  settings: CancelSettings,
): OrderRecord | undefined {
  const order = requireOrder(aggregate, orderId);
  if (input.id !== undefined && input.id !== orderId)
    throw errors.invalidProperty('id', 'It does not match the order in the path.');
  if (input.status !== 'cancelled') throw errors.invalidProperty('status', 'Only "cancelled" can be set on an order.');
  const { now, partnerKind } = settings;
  let targets = order.lineItems;
  if (input.lineItems) {
    targets = input.lineItems.map((requested, index) => {
      const item = order.lineItems.find((li) => li.lineItemNumber === requested.lineItemNumber);
      if (!item) throw errors.invalidProperty(`lineItems[${index}].lineItemNumber`, 'No such line item.');
      return item;
    });
  }
  const pending = targets.filter((item) => item.cancelRequestedAt === undefined);
  if (pending.length === 0) return undefined;
  for (const item of pending) {
    if (SUBSCRIPTION_KINDS.has(item.kind)) {
      if (partnerKind === 'sandbox') throw errors.useSubscriptionPatch(order.id, aggregate.customer.id);
      throw errors.nonSandboxCancel(order.id);
    }
    if (item.kind === 'reservedinstance' && partnerKind !== 'sandbox') throw errors.nonSandboxCancel(order.id);
  }
  if (now - order.createdAt > LIMITS.cancellationWindowDays * DAY_MS)
    throw errors.cancellationWindowPassed(LIMITS.cancellationWindowDays, order.id);
  const targetNumbers = new Set(pending.map((item) => item.lineItemNumber));
  return {
    ...order,
    version: order.version + 1,
    lineItems: order.lineItems.map((item) =>
      targetNumbers.has(item.lineItemNumber)
        ? { ...item, cancelRequestedAt: now, cancelCompletesAt: now + settings.cancellationDelayMs }
        : item,
    ),
  };
}

export { subscriptionStatus };
