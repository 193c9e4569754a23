/**
 * Entitlements as spec sections 5 and 9 describe them: what reserved-instance and software
 * orders entitle a customer to, listed until the cancellation of their line item completes.
 */
import { describe, expect, it } from 'vitest';
import { deriveEntitlements } from './entitlements.js';
import { DAY_MS } from './limits.js';
import {
  aggregateOf,
  CANCELLATION_MS,
  PROVISIONING_MS,
  purchase,
  T0,
  type OfferName,
  type PurchaseOptions,
} from './test-records.js';

const CANCEL_AT = T0 + 60_000;

describe('entitlements derived from orders', () => {
  it.each<{ rule: string; name: OfferName; options?: PurchaseOptions; now: number; state?: string }>([
    { rule: 'pending while the order provisions', name: 'reservedInstance', now: T0, state: 'pending' },
    {
      rule: 'fulfilled once it has provisioned',
      name: 'reservedInstance',
      now: T0 + PROVISIONING_MS,
      state: 'fulfilled',
    },
    {
      rule: 'cancelling while the cancellation is in progress (the recipe must still find it)',
      name: 'perpetualSoftware',
      options: { cancelRequestedAt: CANCEL_AT },
      now: CANCEL_AT + CANCELLATION_MS - 1,
      state: 'cancelling',
    },
    {
      rule: 'no longer listed once the cancellation completes',
      name: 'perpetualSoftware',
      options: { cancelRequestedAt: CANCEL_AT },
      now: CANCEL_AT + CANCELLATION_MS,
    },
    { rule: 'licence purchases make subscriptions, not entitlements', name: 'licence', now: T0 + DAY_MS },
    { rule: 'new-commerce purchases make subscriptions, not entitlements', name: 'newCommerce', now: T0 + DAY_MS },
    { rule: 'Azure plan purchases make subscriptions, not entitlements', name: 'azurePlan', now: T0 + DAY_MS },
  ])('$rule', ({ name, options, now, state }) => {
    const listed = deriveEntitlements(aggregateOf([purchase(name, options)]), now);
    expect(listed.map((e) => e.fulfillmentState)).toEqual(state === undefined ? [] : [state]);
  });

  const aggregate = aggregateOf([
    purchase('reservedInstance'),
    purchase('perpetualSoftware'),
    purchase('softwareSubscription'),
  ]);
  it.each([
    {
      rule: 'all types without a filter',
      type: undefined,
      orders: ['order-reservedInstance', 'order-perpetualSoftware', 'order-softwareSubscription'],
    },
    { rule: 'only reserved instances', type: 'reservedinstance', orders: ['order-reservedInstance'] },
    {
      rule: 'perpetual software and software subscriptions as software',
      type: 'software',
      orders: ['order-perpetualSoftware', 'order-softwareSubscription'],
    },
  ] as const)('filtered by type: $rule', ({ type, orders }) => {
    expect(deriveEntitlements(aggregate, T0, type).map((e) => e.order.id)).toEqual(orders);
  });

  it.each([
    {
      rule: 'a one-year reserved instance expires 365 days after the order',
      name: 'reservedInstance',
      expiresAt: T0 + 365 * DAY_MS,
    },
    {
      rule: 'a three-year software subscription expires 3 × 365 days after',
      name: 'softwareSubscription',
      expiresAt: T0 + 3 * 365 * DAY_MS,
    },
    { rule: 'perpetual software never expires', name: 'perpetualSoftware', expiresAt: undefined },
  ] as const)('$rule', ({ name, expiresAt }) => {
    const [entitlement] = deriveEntitlements(aggregateOf([purchase(name)]), T0);
    expect(entitlement?.expiresAt).toBe(expiresAt);
  });

  it.each<{ rule: string; options?: PurchaseOptions; now: number; quantity: number; details: object[] }>([
    {
      rule: 'while provisioning: quantity 0 (it excludes unfulfilled units), the units listed unfulfilled',
      now: T0,
      quantity: 0,
      details: [{ quantity: 3, status: 'unfulfilled' }],
    },
    {
      rule: 'once provisioned: every unit fulfilled',
      now: T0 + PROVISIONING_MS,
      quantity: 3,
      details: [{ quantity: 3, status: 'fulfilled' }],
    },
    {
      rule: 'while cancelling: the units stay in use until the cancellation completes',
      options: { cancelRequestedAt: CANCEL_AT },
      now: CANCEL_AT + CANCELLATION_MS - 1,
      quantity: 3,
      details: [{ quantity: 3, status: 'fulfilled' }],
    },
  ])('quantity and quantityDetails $rule', ({ options, now, quantity, details }) => {
    const [entitlement] = deriveEntitlements(
      aggregateOf([purchase('perpetualSoftware', { quantity: 3, ...options })]),
      now,
    );
    expect(entitlement?.quantity).toBe(quantity);
    expect(entitlement?.quantityDetails).toEqual(details);
  });

  it('lists the products a bundle includes', () => {
    const bundle = purchase('perpetualSoftware');
    const item = bundle.order.lineItems[0];
    if (!item) throw new Error('no line item');
    const order = { ...bundle.order, lineItems: [{ ...item, offerId: 'DG7GMGF0DWTK:0002:DG7GMGF0DWTL' }] };
    const [entitlement] = deriveEntitlements(aggregateOf([{ order, subscriptions: [] }]), T0);
    expect(entitlement?.includes).toEqual([
      { productId: 'DG7GMGF0DWTJ', skuId: '0001' },
      { productId: 'DG7GMGF0DWLG', skuId: '0002' },
    ]);
  });
});
