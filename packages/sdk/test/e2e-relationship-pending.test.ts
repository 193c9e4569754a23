/** @module End to end: a subscription still provisioning counts as active for relationship removal. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFERS } from '@partnerbox/conformance';
import { removeResellerRelationship, type PartnerCenterClient } from '../src/index.js';
import { appUserClient, startRealSandbox, type RealSandbox } from './helpers/real-sandbox.js';

let sandbox: RealSandbox;
let client: PartnerCenterClient;
beforeAll(async () => {
  // Orders stay pending for an hour: their subscriptions are `pending` throughout the test.
  sandbox = await startRealSandbox({ provisioningDelaySeconds: 3600 });
  client = await appUserClient(sandbox, sandbox.production);
});
afterAll(() => sandbox.close());

async function customerWithPendingSubscription(): Promise<{ customerId: string; subscriptionId: string }> {
  const customerId = (
    await sandbox.api.control.scenario('customers-only', { count: 1, partnerTenantId: sandbox.production.tenantId })
  ).customers[0]?.id;
  if (!customerId) throw new Error('no customer');
  const order = await client.orders.create(customerId, {
    lineItems: [{ lineItemNumber: 0, offerId: OFFERS.licence, quantity: 1 }],
  });
  const subscriptionId = order.lineItems[0]?.subscriptionId ?? '';
  expect((await client.subscriptions.get(customerId, subscriptionId)).status).toBe('pending');
  return { customerId, subscriptionId };
}

describe('removeResellerRelationship with a subscription still provisioning', () => {
  it('plans it as blocking, and removes the relationship after suspending it', async () => {
    const { customerId, subscriptionId } = await customerWithPendingSubscription();
    const plan = await removeResellerRelationship(client, customerId, { dryRun: true });
    expect(plan.plan.activeSubscriptionIds).toEqual([subscriptionId]);
    expect(plan.plan.blocked).toBe(true);
    const done = await removeResellerRelationship(client, customerId, { suspendActiveSubscriptions: true });
    expect(done.customer?.relationshipToPartner).toBe('none');
    expect((await client.subscriptions.list(customerId).catch(() => undefined))?.items).toBeUndefined();
  });
});
