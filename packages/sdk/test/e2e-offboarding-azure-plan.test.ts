/**
 * @module End to end: offboarding a customer that holds an Azure plan, against a real sandbox.
 * DELETE refuses while the plan is active (Partner-Center-PowerShell issue 215); the workflow
 * suspends the plan, the workaround given there, and deletes the customer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFERS } from '@partnerbox/conformance';
import { isPartnerCenterError, offboardSandboxCustomer, type OffboardProgressEvent } from '../src/index.js';
import { appOnlyClient, startRealSandbox, type RealSandbox } from './helpers/real-sandbox.js';

let sandbox: RealSandbox;
beforeAll(async () => {
  sandbox = await startRealSandbox({ cancellationDelaySeconds: 1 });
});
afterAll(() => sandbox.close());

async function customerWith(...offerIds: string[]) {
  const client = appOnlyClient(sandbox, sandbox.sandbox);
  const customerId = (await sandbox.api.control.scenario('customers-only', { count: 1 })).customers[0]?.id ?? '';
  const orders = [];
  for (const offerId of offerIds)
    orders.push(await client.orders.create(customerId, { lineItems: [{ lineItemNumber: 0, offerId, quantity: 1 }] }));
  return { client, customerId, orders };
}

describe('offboardSandboxCustomer with an Azure plan', () => {
  it('suspends the Azure plan that DELETE names, then deletes the customer', async () => {
    const { client, customerId, orders } = await customerWith(OFFERS.azurePlan);
    const planOrderId = orders[0]?.id ?? '';
    const planSubscriptionId = orders[0]?.lineItems[0]?.subscriptionId ?? '';

    // Without the workaround the service refuses, naming the plan's order.
    const refused = await client.customers.deleteFromSandbox(customerId).catch((e: unknown) => e);
    expect(isPartnerCenterError(refused) && refused.statusCode === 400 && refused.code === 3000).toBe(true);
    expect(isPartnerCenterError(refused) && refused.data).toEqual([planOrderId]);

    const events: OffboardProgressEvent[] = [];
    const result = await offboardSandboxCustomer(client, customerId, { onProgress: (e) => events.push(e) });
    expect(result).toMatchObject({ deleted: true, suspendedAzurePlanSubscriptionIds: [planSubscriptionId] });
    expect(events.map((e) => e.type)).toEqual(['orders-found', 'delete-blocked', 'azure-plan-suspended', 'deleted']);
    const gone = await client.customers.get(customerId).catch((e: unknown) => e);
    expect(isPartnerCenterError(gone) && gone.code).toBe(20002);
  });

  it('cancels reserved instances and suspends the Azure plan of the same customer', async () => {
    const { client, customerId, orders } = await customerWith(OFFERS.reservedInstance, OFFERS.azurePlan);
    // The sandbox clock runs on so the one-second cancellation completes.
    const result = await offboardSandboxCustomer(client, customerId, { pollIntervalInMs: 200 });
    expect(result.deleted).toBe(true);
    expect(result.cancelledOrderIds).toEqual([orders[0]?.id]);
    expect(result.suspendedAzurePlanSubscriptionIds).toEqual([orders[1]?.lineItems[0]?.subscriptionId]);
  });

  it('deletes at once, suspending nothing, when the plan is already suspended', async () => {
    const { client, customerId, orders } = await customerWith(OFFERS.azurePlan);
    await client.subscriptions.suspend(customerId, orders[0]?.lineItems[0]?.subscriptionId ?? '');
    const events: OffboardProgressEvent[] = [];
    const result = await offboardSandboxCustomer(client, customerId, { onProgress: (e) => events.push(e) });
    expect(result).toMatchObject({ deleted: true, suspendedAzurePlanSubscriptionIds: [] });
    expect(events.map((e) => e.type)).toEqual(['orders-found', 'deleted']);
  });
});
