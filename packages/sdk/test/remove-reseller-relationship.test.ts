/** @module The relationship-removal workflow and its bulk form, against the fake Partner Center. */
import { describe, it, expect } from 'vitest';
import {
  RelationshipRemovalBlockedError,
  removeResellerRelationship,
  removeResellerRelationships,
  type RemoveRelationshipProgressEvent,
} from '../src/index.js';
import { C1, C2, C3, error, fakePartnerCenterClient } from './helpers/fake-partner-center.js';

function setup() {
  const { pc, client } = fakePartnerCenterClient('app+user');
  const events: RemoveRelationshipProgressEvent[] = [];
  return { pc, client, events, onProgress: (event: RemoveRelationshipProgressEvent) => events.push(event) };
}

describe('removeResellerRelationship', () => {
  it('removes the relationship when nothing blocks it', async () => {
    const { pc, client, events, onProgress } = setup();
    pc.addCustomer(C1).addOrder(C1, 'software-order').addSubscription(C1, 'sub-suspended', 'suspended');
    const result = await removeResellerRelationship(client, C1, { onProgress });
    expect(result).toMatchObject({
      customerId: C1,
      dryRun: false,
      alreadyRemoved: false,
      suspendedSubscriptionIds: [],
      plan: { blocked: false, blockingOrderIds: [], activeSubscriptionIds: [] },
    });
    expect(result.customer?.relationshipToPartner).toBe('none');
    expect(pc.writes()).toEqual([`PATCH /v1/customers/${C1}`]);
    const patch = pc.requests.find((r) => r.method === 'PATCH');
    expect(patch?.body).toEqual({ relationshipToPartner: 'none', attributes: { objectType: 'Customer' } });
    expect(events.map((e) => e.type)).toEqual(['plan', 'relationship-removed']);
    // Reserved instances were asked for by type.
    expect(pc.requests.some((r) => r.url.endsWith('/entitlements?entitlementType=reservedInstance'))).toBe(true);
  });

  it('dry run returns the plan of what blocks the removal and writes nothing', async () => {
    const { pc, client } = setup();
    pc.addCustomer(C1)
      .addOrder(C1, 'ri-open', { entitlementType: 'reservedinstance', entitlements: 2 })
      .addOrder(C1, 'ri-cancelled', { entitlementType: 'reservedinstance' })
      .addOrder(C1, 'software-open')
      .addSubscription(C1, 'sub-a', 'Active')
      .addSubscription(C1, 'sub-b', 'suspended')
      .addSubscription(C1, 'sub-c', 'active');
    pc.cancelNow(C1, 'ri-cancelled');
    const result = await removeResellerRelationship(client, C1, { dryRun: true, suspendActiveSubscriptions: true });
    expect(result.dryRun).toBe(true);
    expect(result.customer).toBeUndefined();
    expect(result.plan).toEqual({
      customerId: C1,
      alreadyRemoved: false,
      blockingOrderIds: ['ri-open'],
      activeSubscriptionIds: ['sub-a', 'sub-c'],
      subscriptionsToSuspend: ['sub-a', 'sub-c'],
      blocked: true,
    });
    expect(pc.writes()).toEqual([]);
  });

  it('refuses, naming the active subscriptions, unless asked to suspend them', async () => {
    const { pc, client } = setup();
    pc.addCustomer(C1).addSubscription(C1, 'sub-a').addSubscription(C1, 'sub-b');
    const failure = await removeResellerRelationship(client, C1).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RelationshipRemovalBlockedError);
    const blocked = failure as RelationshipRemovalBlockedError;
    expect(blocked.activeSubscriptionIds).toEqual(['sub-a', 'sub-b']);
    expect(blocked.blockingOrderIds).toEqual([]);
    expect(blocked.message).toMatch(/active subscriptions: sub-a, sub-b/);
    expect(blocked.message).toMatch(/suspendActiveSubscriptions/);
    expect(pc.writes()).toEqual([]);
  });

  it('suspends active subscriptions first when asked, then removes the relationship', async () => {
    const { pc, client, events, onProgress } = setup();
    pc.addCustomer(C1)
      .addSubscription(C1, 'sub-a')
      .addSubscription(C1, 'sub-b', 'suspended')
      .addSubscription(C1, 'sub-c');
    const result = await removeResellerRelationship(client, C1, { suspendActiveSubscriptions: true, onProgress });
    expect(result.suspendedSubscriptionIds).toEqual(['sub-a', 'sub-c']);
    expect(result.customer?.relationshipToPartner).toBe('none');
    expect(pc.writes()).toEqual([
      `PATCH /v1/customers/${C1}/subscriptions/sub-a`,
      `PATCH /v1/customers/${C1}/subscriptions/sub-c`,
      `PATCH /v1/customers/${C1}`,
    ]);
    const suspend = pc.requests.find((r) => r.method === 'PATCH' && r.url.endsWith('/sub-a'));
    expect(suspend?.body).toMatchObject({ id: 'sub-a', status: 'suspended' });
    expect(suspend?.headers['if-match']).toBe('"etag-1"');
    expect(events.map((e) => e.type)).toEqual([
      'plan',
      'subscription-suspended',
      'subscription-suspended',
      'relationship-removed',
    ]);
  });

  it('reserved-instance orders block even with suspension, and nothing is suspended', async () => {
    const { pc, client } = setup();
    pc.addCustomer(C1).addOrder(C1, 'ri-open', { entitlementType: 'reservedinstance' }).addSubscription(C1, 'sub-a');
    const failure = await removeResellerRelationship(client, C1, { suspendActiveSubscriptions: true }).catch(
      (e: unknown) => e,
    );
    expect(failure).toMatchObject({ name: 'RelationshipRemovalBlockedError', blockingOrderIds: ['ri-open'] });
    expect((failure as Error).message).toMatch(/ri-open.*Azure support/);
    expect((failure as Error).message).not.toMatch(/active subscriptions/);
    expect(pc.writes()).toEqual([]);
  });

  it('ignores software entitlements even if the server ignores the type filter', async () => {
    const { pc, client } = setup();
    pc.addCustomer(C1).addOrder(C1, 'software-open');
    pc.intercept = (request) =>
      request.url.includes('/entitlements')
        ? {
            body: {
              totalCount: 1,
              items: [
                {
                  referenceOrder: { id: 'software-open', lineItemId: '0' },
                  entitlementType: 'software',
                  includedEntitlements: [],
                },
              ],
              attributes: { objectType: 'Collection' },
            },
          }
        : undefined;
    const result = await removeResellerRelationship(client, C1);
    expect(result.plan.blockingOrderIds).toEqual([]);
    expect(result.customer?.relationshipToPartner).toBe('none');
  });

  it('counts a relationship that is already gone as done', async () => {
    const { pc, client, events, onProgress } = setup();
    pc.addCustomer(C1, 'none');
    const removed = await removeResellerRelationship(client, C1, { onProgress });
    expect(removed).toMatchObject({
      alreadyRemoved: true,
      customer: undefined,
      plan: { alreadyRemoved: true, blocked: false },
    });
    expect(events.at(-1)).toEqual({ type: 'relationship-removed', customerId: C1, alreadyRemoved: true });

    const gone = await removeResellerRelationship(client, C2);
    expect(gone.alreadyRemoved).toBe(true);
    expect(pc.writes()).toEqual([]);
  });

  it('treats code 3000 "relationship does not exist" on the PATCH as done', async () => {
    const { pc, client } = setup();
    pc.addCustomer(C1);
    pc.intercept = (request) =>
      request.method === 'PATCH'
        ? error(400, 3000, 'The relationship between the partner and customer does not exist')
        : undefined;
    const result = await removeResellerRelationship(client, C1);
    expect(result).toMatchObject({ alreadyRemoved: true, customer: undefined });
  });

  it('lets an App-only token refusal through', async () => {
    const { pc, client } = setup();
    pc.addCustomer(C1);
    pc.intercept = (request) =>
      request.method === 'PATCH'
        ? error(403, 900150, 'The supplied role does not have the rights to perform the requested operation')
        : undefined;
    await expect(removeResellerRelationship(client, C1)).rejects.toMatchObject({ statusCode: 403, code: 900150 });
  });
});

describe('removeResellerRelationships', () => {
  it('runs per customer and records a blocked one without stopping the rest', async () => {
    const { pc, client } = setup();
    pc.addCustomer(C1).addCustomer(C2).addSubscription(C2, 'sub-active').addCustomer(C3);
    const results = await removeResellerRelationships(client, [C1, C2, C3], { concurrency: 2 });
    expect(results.map((r) => [r.customerId, r.ok])).toEqual([
      [C1, true],
      [C2, false],
      [C3, true],
    ]);
    const blocked = results[1];
    expect(blocked?.ok === false && blocked.error).toBeInstanceOf(RelationshipRemovalBlockedError);
    expect(pc.customers.get(C3)?.relationshipToPartner).toBe('none');
    expect(pc.customers.get(C2)?.relationshipToPartner).toBe('reseller');
  });

  it('records customers not started after an abort', async () => {
    const { pc, client } = setup();
    pc.addCustomer(C1).addCustomer(C2);
    const controller = new AbortController();
    const results = await removeResellerRelationships(client, [C1, C2], {
      concurrency: 1,
      abortSignal: controller.signal,
      onResult: () => controller.abort(),
    });
    expect(results[0]?.ok).toBe(true);
    expect(results[1]).toMatchObject({ customerId: C2, ok: false, error: { name: 'AbortError' } });
    expect(pc.customers.get(C2)?.relationshipToPartner).toBe('reseller');
  });
});
