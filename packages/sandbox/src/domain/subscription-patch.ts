/**
 * @module `PATCH /v1/customers/{id}/subscriptions/{id}` as one decision: the rules of
 * `updateSubscription`, and the aggregate as it reads afterwards, which the answer's derived
 * status (suspended, deleted, pending…) is read against.
 */
import type { UpdateSubscriptionRequest } from '@partnerbox/contract';
import type { CustomerAggregate, SubscriptionRecord } from './records.js';
import { requireSubscription, updateSubscription, type UpdateSettings } from './subscriptions.js';

export interface SubscriptionPatch {
  /** The subscription as it is after the PATCH. */
  subscription: SubscriptionRecord;
  /** The customer's aggregate holding that subscription. */
  aggregate: CustomerAggregate;
  /** The record to write; undefined when the PATCH changed nothing. */
  updated: SubscriptionRecord | undefined;
}

export function patchSubscription(
  aggregate: CustomerAggregate,
  subscriptionId: string,
  input: UpdateSubscriptionRequest,
  settings: UpdateSettings,
): SubscriptionPatch {
  const updated = updateSubscription(aggregate, subscriptionId, input, settings);
  if (!updated) return { subscription: requireSubscription(aggregate, subscriptionId), aggregate, updated };
  const subscriptions = aggregate.subscriptions.map((s) => (s.id === updated.id ? updated : s));
  return { subscription: updated, aggregate: { ...aggregate, subscriptions }, updated };
}
