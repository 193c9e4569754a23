import { describe, expect, it } from 'vitest';
import type { UpdateSubscriptionRequest } from '@partnerbox/contract';
import { patchSubscription } from './subscription-patch.js';
import { subscriptionStatus } from './subscriptions.js';
import { aggregateOf, PROVISIONING_MS, purchase, T0, expectOutcome } from './test-records.js';

const NOW = T0 + PROVISIONING_MS;

/** A customer with two provisioned licence subscriptions. */
function aggregateWithTwoSubscriptions() {
  return aggregateOf([
    purchase('licence', { id: 'order-a', quantity: 2 }),
    purchase('licence', { id: 'order-b', quantity: 3 }),
  ]);
}

describe('patchSubscription', () => {
  it.each<[string, UpdateSubscriptionRequest, { status: string; quantity: number; changed: boolean }]>([
    ['suspends', { status: 'suspended' }, { status: 'suspended', quantity: 2, changed: true }],
    ['changes the quantity', { quantity: 4 }, { status: 'active', quantity: 4, changed: true }],
    ['changes nothing when nothing differs', { quantity: 2 }, { status: 'active', quantity: 2, changed: false }],
    ['changes nothing for an empty body', {}, { status: 'active', quantity: 2, changed: false }],
  ])('%s, and the answer reads against the aggregate after it', (_what, input, expected) => {
    const before = aggregateWithTwoSubscriptions();
    const [target, other] = before.subscriptions;
    if (!target || !other) throw new Error('fixture');
    const patch = patchSubscription(before, target.id, input, { partnerKind: 'sandbox', now: NOW });
    expect(subscriptionStatus(patch.subscription, patch.aggregate, NOW)).toBe(expected.status);
    expect(patch.subscription.quantity).toBe(expected.quantity);
    expect(patch.updated !== undefined).toBe(expected.changed);
    expect(patch.aggregate.subscriptions.find((s) => s.id === target.id)).toBe(patch.subscription);
    expect(patch.aggregate.subscriptions.find((s) => s.id === other.id)).toBe(other);
    expect(patch.aggregate.subscriptions.map((s) => s.id)).toEqual(before.subscriptions.map((s) => s.id));
    // The aggregate the decision was made on is left as it was.
    expect(before.subscriptions[0]).toBe(target);
  });

  it('answers with the unchanged record itself when nothing changed', () => {
    const before = aggregateWithTwoSubscriptions();
    const target = before.subscriptions[0];
    if (!target) throw new Error('fixture');
    const patch = patchSubscription(before, target.id, {}, { partnerKind: 'sandbox', now: NOW });
    expect(patch.subscription).toBe(target);
    expect(patch.aggregate).toBe(before);
  });

  it('refuses an unknown subscription with 404 20003', () => {
    expectOutcome(
      () => patchSubscription(aggregateWithTwoSubscriptions(), 'nope', {}, { partnerKind: 'sandbox', now: NOW }),
      { status: 404, code: 20003 },
    );
  });
});
