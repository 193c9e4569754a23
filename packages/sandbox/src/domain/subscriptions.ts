/** @module Subscriptions: status derived from their order, quota counting, and the PATCH rules. */
import type { UpdateSubscriptionRequest } from '@partnerbox/contract';
import { errors } from '../errors.js';
import { findOffer, isAzurePlan } from './catalog.js';
import { DAY_MS, LIMITS } from './limits.js';
import type { CustomerAggregate, PartnerKind, SubscriptionRecord } from './records.js';

export type SubscriptionStatusValue = 'pending' | 'active' | 'suspended' | 'deleted';

export function subscriptionStatus(
  subscription: SubscriptionRecord,
  aggregate: CustomerAggregate,
  now: number,
): SubscriptionStatusValue {
  const order = aggregate.orders.find((o) => o.id === subscription.orderId);
  const item = order?.lineItems.find((li) => li.lineItemNumber === subscription.lineItemNumber);
  if (!order || !item) return 'deleted';
  if (item.cancelCompletesAt !== undefined && item.cancelCompletesAt <= now) return 'deleted';
  // Suspended or cancelled before provisioning finished: that decision is what the partner sees.
  if (subscription.status !== 'active') return subscription.status;
  if (now < order.provisionedAt) return 'pending';
  return 'active';
}

/** The customer's subscription with this id; 404 20003 when it has none. */
export function requireSubscription(aggregate: CustomerAggregate, subscriptionId: string): SubscriptionRecord {
  const subscription = aggregate.subscriptions.find((s) => s.id === subscriptionId);
  if (!subscription) throw errors.subscriptionNotFound(subscriptionId);
  return subscription;
}

/** Suspended and deleted subscriptions give their quota back; pending ones already hold it. */
export function countsAgainstQuota(subscription: SubscriptionRecord, aggregate: CustomerAggregate, now: number) {
  const status = subscriptionStatus(subscription, aggregate, now);
  return status === 'active' || status === 'pending';
}

/** Etags look like the docs' ones: base64 of `{"id":…,"version":n}`. */
export function subscriptionEtag(subscription: SubscriptionRecord): string {
  return Buffer.from(JSON.stringify({ id: subscription.id, version: subscription.version })).toString('base64');
}

function stripQuotes(etag: string): string {
  const trimmed = etag.trim().replace(/^W\//, '');
  return trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
}

export interface UpdateSettings {
  partnerKind: PartnerKind;
  now: number;
  ifMatch?: string;
}

/** Applies a subscription PATCH: suspend, reactivate, or edit quantity, name and auto-renewal. */
export function updateSubscription(
  aggregate: CustomerAggregate,
  subscriptionId: string,
  input: UpdateSubscriptionRequest,
  settings: UpdateSettings,
): SubscriptionRecord | undefined {
  const subscription = requireSubscription(aggregate, subscriptionId);
  if (input.id !== undefined && input.id.toLowerCase() !== subscriptionId)
    throw errors.invalidProperty('id', 'It does not match the subscription in the path.');
  const current = subscriptionStatus(subscription, aggregate, settings.now);
  if (current === 'deleted') throw errors.subscriptionDeleted(subscriptionId);
  const etag = settings.ifMatch ?? input.attributes?.etag;
  if (etag !== undefined && etag.trim() !== '*' && stripQuotes(etag) !== subscriptionEtag(subscription))
    throw errors.etagInvalid();

  const target = input.status;
  if (target === 'deleted') return cancelSubscription(aggregate, subscription, settings.now);
  if (target !== undefined && target !== 'active' && target !== 'suspended')
    throw errors.invalidProperty(
      'status',
      'A subscription can be set to "active", "suspended", or "deleted" (new commerce and Azure plan only).',
    );
  const next: SubscriptionRecord = { ...subscription };
  const edits =
    (input.quantity !== undefined && input.quantity !== subscription.quantity) ||
    (input.friendlyName !== undefined && input.friendlyName !== subscription.friendlyName) ||
    (input.autoRenewEnabled !== undefined && input.autoRenewEnabled !== subscription.autoRenewEnabled);
  const reactivating = current === 'suspended' && target === 'active';
  if (current === 'suspended' && edits && !reactivating) throw errors.subscriptionSuspended(subscriptionId);

  if (target === 'suspended' && current !== 'suspended') {
    next.status = 'suspended';
    next.suspensionReasons = ['PartnerInitiated'];
  }
  if (reactivating) {
    if (settings.partnerKind === 'sandbox') {
      const held = aggregate.subscriptions.filter(
        (s) => s.id !== subscriptionId && countsAgainstQuota(s, aggregate, settings.now),
      ).length;
      if (held + 1 > LIMITS.subscriptionsPerCustomer)
        throw errors.subscriptionQuotaExceeded(LIMITS.subscriptionsPerCustomer);
    }
    next.status = 'active';
    next.suspensionReasons = [];
  }
  if (input.quantity !== undefined && input.quantity !== subscription.quantity) {
    if (subscription.billingType === 'usage')
      throw errors.invalidProperty('quantity', 'Usage-based subscriptions have no quantity to change.');
    const minimum = findOffer(subscription.offerId)?.minQuantity ?? 1;
    if (input.quantity < minimum) throw errors.invalidProperty('quantity', `The offer needs at least ${minimum}.`);
    if (settings.partnerKind === 'sandbox' && input.quantity > LIMITS.seatsPerSubscription)
      throw errors.seatQuotaExceeded(LIMITS.seatsPerSubscription, subscription.offerId);
    next.quantity = input.quantity;
  }
  if (input.friendlyName !== undefined) next.friendlyName = input.friendlyName;
  if (input.autoRenewEnabled !== undefined) next.autoRenewEnabled = input.autoRenewEnabled;

  const changed =
    next.status !== subscription.status ||
    next.quantity !== subscription.quantity ||
    next.friendlyName !== subscription.friendlyName ||
    next.autoRenewEnabled !== subscription.autoRenewEnabled;
  if (!changed) return undefined;
  next.version = subscription.version + 1;
  return next;
}

/**
 * `PATCH … status: deleted`: how new-commerce and Azure plan purchases are cancelled (their
 * orders cannot be, 800063). New commerce allows it within 7 days of the purchase; licence-based
 * and legacy Azure subscriptions are suspended instead.
 */
function cancelSubscription(
  aggregate: CustomerAggregate,
  subscription: SubscriptionRecord,
  now: number,
): SubscriptionRecord {
  const order = aggregate.orders.find((o) => o.id === subscription.orderId);
  const item = order?.lineItems.find((li) => li.lineItemNumber === subscription.lineItemNumber);
  const azurePlan = item !== undefined && isAzurePlan(item);
  if (item?.kind !== 'newcommerce' && !azurePlan)
    throw errors.invalidProperty(
      'status',
      'Only new-commerce and Azure plan subscriptions are cancelled through PATCH; suspend this one instead.',
    );
  const windowDays = LIMITS.newCommerceCancellationWindowDays;
  if (item?.kind === 'newcommerce' && now - subscription.createdAt > windowDays * DAY_MS)
    throw errors.cancellationWindowPassed(windowDays, subscription.id);
  return { ...subscription, status: 'deleted', suspensionReasons: [], version: subscription.version + 1 };
}
