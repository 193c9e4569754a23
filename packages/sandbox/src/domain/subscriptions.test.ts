/**
 * Subscriptions as spec sections 5, 6 and 9 describe them: status derived from the order and
 * the sandbox clock, the quota places they hold, and what PATCH may change, including
 * cancellation (status deleted) within new commerce's 7-day window.
 */
import { describe, expect, it } from 'vitest';
import type { UpdateSubscriptionRequest } from '@partnerbox/contract';
import { DAY_MS } from './limits.js';
import type { PartnerKind, SubscriptionRecord } from './records.js';
import { countsAgainstQuota, subscriptionEtag, subscriptionStatus, updateSubscription } from './subscriptions.js';
import {
  aggregateOf,
  CANCELLATION_MS,
  PROVISIONING_MS,
  purchase,
  refusal,
  T0,
  type OfferName,
  type Purchase,
  type PurchaseOptions,
} from './test-records.js';

const ACTIVE = T0 + PROVISIONING_MS;

function only(p: Purchase): SubscriptionRecord {
  const [subscription] = p.subscriptions;
  if (!subscription) throw new Error('the purchase made no subscription');
  return subscription;
}

describe('subscription status, as the sandbox clock passes', () => {
  it.each<{ rule: string; options: PurchaseOptions; now: number; status: string; counts: boolean }>([
    { rule: 'pending while its order provisions', options: {}, now: T0, status: 'pending', counts: true },
    { rule: 'active once the order has provisioned', options: {}, now: ACTIVE, status: 'active', counts: true },
    {
      rule: 'suspended once suspended',
      options: { subscription: 'suspended' },
      now: ACTIVE,
      status: 'suspended',
      counts: false,
    },
    {
      rule: 'suspended at once, even while its order still provisions',
      options: { subscription: 'suspended' },
      now: T0,
      status: 'suspended',
      counts: false,
    },
    {
      rule: 'deleted once cancelled through PATCH',
      options: { subscription: 'deleted' },
      now: ACTIVE,
      status: 'deleted',
      counts: false,
    },
    {
      rule: 'still active while its order line is being cancelled',
      options: { cancelRequestedAt: ACTIVE },
      now: ACTIVE + CANCELLATION_MS - 1,
      status: 'active',
      counts: true,
    },
    {
      rule: 'deleted once its order line cancellation completes',
      options: { cancelRequestedAt: ACTIVE },
      now: ACTIVE + CANCELLATION_MS,
      status: 'deleted',
      counts: false,
    },
    {
      rule: 'deleted once its order line cancellation completes, even if it was suspended',
      options: { cancelRequestedAt: ACTIVE, subscription: 'suspended' },
      now: ACTIVE + CANCELLATION_MS,
      status: 'deleted',
      counts: false,
    },
  ])('$status: $rule (counts against quota: $counts)', ({ options, now, status, counts }) => {
    const p = purchase('licence', options);
    const aggregate = aggregateOf([p]);
    expect(subscriptionStatus(only(p), aggregate, now)).toBe(status);
    expect(countsAgainstQuota(only(p), aggregate, now)).toBe(counts);
  });

  it('deleted when its order is gone', () => {
    const p = purchase('licence');
    expect(subscriptionStatus(only(p), aggregateOf([]), ACTIVE)).toBe('deleted');
  });
});

const NOW = T0 + DAY_MS;

function update(
  purchases: Purchase[],
  target: Purchase,
  input: UpdateSubscriptionRequest,
  options: { partnerKind?: PartnerKind; now?: number; ifMatch?: string } = {},
) {
  const settings = { partnerKind: options.partnerKind ?? 'sandbox', now: options.now ?? NOW };
  return updateSubscription(aggregateOf(purchases), only(target).id, input, {
    ...settings,
    ...(options.ifMatch === undefined ? {} : { ifMatch: options.ifMatch }),
  });
}

describe('PATCH subscription: suspend, reactivate, edit', () => {
  const active = purchase('licence', { quantity: 5 });
  const suspended = purchase('licence', { id: 'order-suspended', subscription: 'suspended' });
  const deleted = purchase('newCommerce', { subscription: 'deleted' });
  const azure = purchase('azurePlan');
  const others = (count: number) =>
    Array.from({ length: count }, (_, i) => purchase('licence', { id: `order-other-${i}` }));

  it.each<{ rule: string; purchases?: Purchase[]; target: Purchase; input: UpdateSubscriptionRequest; result: object }>(
    [
      {
        rule: 'suspending records the partner as the reason',
        target: active,
        input: { status: 'suspended' },
        result: { status: 'suspended', suspensionReasons: ['PartnerInitiated'], version: 2 },
      },
      {
        rule: 'reactivating clears the reasons',
        target: suspended,
        input: { status: 'active' },
        result: { status: 'active', suspensionReasons: [], version: 2 },
      },
      {
        rule: 'reactivating may change the quantity in the same PATCH',
        target: suspended,
        input: { status: 'active', quantity: 3 },
        result: { status: 'active', quantity: 3 },
      },
      {
        rule: 'decreasing the quantity regains seats',
        target: active,
        input: { quantity: 2 },
        result: { quantity: 2, status: 'active' },
      },
      { rule: '25 seats are allowed', target: active, input: { quantity: 25 }, result: { quantity: 25 } },
      {
        rule: 'friendly name and auto-renewal are writable',
        target: active,
        input: { friendlyName: 'Renamed', autoRenewEnabled: false },
        result: { friendlyName: 'Renamed', autoRenewEnabled: false },
      },
      {
        rule: 'reactivating a fifth subscription is within the quota',
        purchases: others(4),
        target: suspended,
        input: { status: 'active' },
        result: { status: 'active' },
      },
    ],
  )('$rule', ({ purchases, target, input, result }) => {
    expect(update([...(purchases ?? []), target], target, input)).toMatchObject(result);
  });

  it.each<{ rule: string; target: Purchase; input: UpdateSubscriptionRequest; now?: number }>([
    { rule: 'the same values again', target: active, input: { status: 'active', quantity: 5, autoRenewEnabled: true } },
    { rule: 'suspending a suspended subscription', target: suspended, input: { status: 'suspended' } },
  ])('changes nothing (undefined) for $rule', ({ target, input }) => {
    expect(update([target], target, input)).toBeUndefined();
  });

  it.each<{
    rule: string;
    purchases?: Purchase[];
    target: Purchase;
    input: UpdateSubscriptionRequest;
    partnerKind?: PartnerKind;
    refused: object;
  }>([
    {
      rule: 'more than 25 seats in the sandbox: 800067',
      target: active,
      input: { quantity: 26 },
      refused: { status: 403, code: 800067 },
    },
    {
      rule: 'reactivating a sixth subscription: 800066',
      purchases: others(5),
      target: suspended,
      input: { status: 'active' },
      refused: { status: 403, code: 800066 },
    },
    {
      rule: 'fewer seats than the offer minimum: 3000',
      target: active,
      input: { quantity: 0 },
      refused: { status: 400, code: 3000, data: ['quantity', 'The offer needs at least 1.'] },
    },
    {
      rule: 'a quantity on a usage-based subscription: 3000',
      target: azure,
      input: { quantity: 2 },
      refused: { status: 400, code: 3000 },
    },
    {
      rule: 'editing a suspended subscription: 800091',
      target: suspended,
      input: { quantity: 2 },
      refused: { status: 400, code: 800091 },
    },
    {
      rule: 'updating a deleted subscription: 2011',
      target: deleted,
      input: { status: 'active' },
      refused: { status: 400, code: 2011 },
    },
    {
      rule: 'a status other than active, suspended or deleted: 3000',
      target: active,
      input: { status: 'pending' },
      refused: { status: 400, code: 3000, data: ['status', expect.stringContaining('"active", "suspended"')] },
    },
    {
      rule: 'an id in the body other than the one in the path: 3000',
      target: active,
      input: { id: 'another-subscription' },
      refused: { status: 400, code: 3000, data: ['id', 'It does not match the subscription in the path.'] },
    },
  ])('refuses $rule', ({ purchases, target, input, partnerKind, refused }) => {
    const outcome = refusal(() =>
      update([...(purchases ?? []), target], target, input, { partnerKind: partnerKind ?? 'sandbox' }),
    );
    expect(outcome).toMatchObject(refused);
  });

  it.each([
    { rule: 'no seat limit in production', input: { quantity: 500 }, purchases: [] },
    { rule: 'no subscription quota in production on reactivation', input: { status: 'active' }, purchases: others(5) },
  ] as const)('production: $rule', ({ input, purchases }) => {
    const target = input.status ? suspended : active;
    expect(refusal(() => update([...purchases, target], target, input, { partnerKind: 'production' }))).toBeUndefined();
  });

  it('accepts the id in the body in any case', () => {
    expect(update([active], active, { id: only(active).id.toUpperCase(), quantity: 3 })).toMatchObject({ quantity: 3 });
  });
});

describe('etags on PATCH subscription', () => {
  const p = purchase('licence');
  const etag = subscriptionEtag(only(p));
  it('look like the docs: base64 of the id and version', () => {
    expect(JSON.parse(Buffer.from(etag, 'base64').toString())).toEqual({ id: only(p).id, version: 1 });
  });
  it.each([
    { rule: 'the current etag in If-Match', ifMatch: etag },
    { rule: 'quoted', ifMatch: `"${etag}"` },
    { rule: 'weak', ifMatch: `W/"${etag}"` },
    { rule: 'the wildcard', ifMatch: '*' },
  ])('match: $rule', ({ ifMatch }) => {
    expect(update([p], p, { quantity: 2 }, { ifMatch })).toMatchObject({ quantity: 2, version: 2 });
  });
  it.each([
    { rule: 'in If-Match', ifMatch: subscriptionEtag({ ...only(p), version: 2 }), body: undefined },
    { rule: 'in attributes.etag', ifMatch: undefined, body: 'c3RhbGU=' },
  ])('a stale etag $rule: 2055', ({ ifMatch, body }) => {
    const input = { quantity: 2, ...(body === undefined ? {} : { attributes: { etag: body } }) };
    const outcome = refusal(() => update([p], p, input, ifMatch === undefined ? {} : { ifMatch }));
    expect(outcome).toMatchObject({ status: 400, code: 2055 });
  });
});

describe('cancelling a subscription with PATCH status deleted (spec 6; docs/compatibility.md)', () => {
  it.each<{ rule: string; name: OfferName; now: number; subscription?: 'suspended'; refused?: object }>([
    { rule: 'new commerce, on the day of the purchase', name: 'newCommerce', now: T0 },
    { rule: 'new commerce, while its order still provisions', name: 'newCommerce', now: T0 + 1 },
    { rule: 'new commerce, on the 7th day', name: 'newCommerce', now: T0 + 7 * DAY_MS },
    { rule: 'new commerce, when suspended', name: 'newCommerce', now: T0 + DAY_MS, subscription: 'suspended' },
    {
      rule: 'new commerce, past its 7-day window: 900117',
      name: 'newCommerce',
      now: T0 + 7 * DAY_MS + 1,
      refused: {
        status: 400,
        code: 900117,
        description: 'You have passed your 7-day cancellation window. We are unable to cancel your purchase',
      },
    },
    { rule: 'an Azure plan, at any time', name: 'azurePlan', now: T0 + 400 * DAY_MS },
    {
      rule: 'a licence-based (legacy) subscription is suspended instead: 3000',
      name: 'licence',
      now: T0 + DAY_MS,
      refused: { status: 400, code: 3000, data: ['status', expect.stringContaining('suspend this one')] },
    },
    {
      rule: 'a legacy usage-based Azure (MS-AZR-…) subscription is suspended instead: 3000',
      name: 'legacyAzure',
      now: T0 + DAY_MS,
      refused: { status: 400, code: 3000, data: ['status', expect.stringContaining('suspend this one')] },
    },
  ])('$rule', ({ name, now, subscription, refused }) => {
    const p = purchase(name, subscription ? { subscription } : {});
    const outcome = refusal(() => update([p], p, { status: 'deleted' }, { now }));
    if (refused) {
      expect(outcome).toMatchObject(refused);
      return;
    }
    expect(outcome).toBeUndefined();
    const cancelled = update([p], p, { status: 'deleted' }, { now });
    expect(cancelled).toMatchObject({ status: 'deleted', suspensionReasons: [], version: 2 });
    if (!cancelled) throw new Error('expected a cancelled subscription');
    const after = aggregateOf([{ order: p.order, subscriptions: [cancelled] }]);
    expect(subscriptionStatus(cancelled, after, now)).toBe('deleted');
    expect(countsAgainstQuota(cancelled, after, now)).toBe(false);
  });
});
