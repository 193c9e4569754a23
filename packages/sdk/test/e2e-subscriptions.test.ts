/** @module End to end: suspending, reactivating and cancelling subscriptions against a real sandbox. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFERS } from '@partnerbox/conformance';
import { isPartnerCenterError, type PartnerCenterClient } from '../src/index.js';
import { appOnlyClient, startRealSandbox, type RealSandbox } from './helpers/real-sandbox.js';

let sandbox: RealSandbox;
let client: PartnerCenterClient;
let customerId: string;

beforeAll(async () => {
  sandbox = await startRealSandbox();
  client = appOnlyClient(sandbox, sandbox.sandbox);
  customerId = (await sandbox.api.control.scenario('customers-only', { count: 1 })).customers[0]?.id ?? '';
});
afterAll(() => sandbox.close());

async function buy(offerId: string): Promise<string> {
  const order = await client.orders.create(customerId, { lineItems: [{ lineItemNumber: 0, offerId, quantity: 1 }] });
  const subscriptionId = order.lineItems[0]?.subscriptionId;
  if (!subscriptionId) throw new Error('the order made no subscription');
  return subscriptionId;
}

describe('client.subscriptions against a real sandbox', () => {
  it('cancels a new-commerce subscription, and does nothing more when it is already cancelled', async () => {
    const id = await buy(OFFERS.newCommerce);
    const cancelled = await client.subscriptions.cancel(customerId, id);
    expect(cancelled.status).toBe('deleted');
    expect((await client.subscriptions.get(customerId, id)).status).toBe('deleted');
    expect((await client.subscriptions.cancel(customerId, cancelled)).status).toBe('deleted');
  });

  it('surfaces the refusal to cancel a licence-based subscription as a PartnerCenterError', async () => {
    const id = await buy(OFFERS.licence);
    const error = await client.subscriptions.cancel(customerId, id).catch((e: unknown) => e);
    expect(isPartnerCenterError(error) && error.statusCode === 400 && error.code === 3000).toBe(true);
    const suspended = await client.subscriptions.suspend(customerId, id);
    expect(suspended.status).toBe('suspended');
    expect((await client.subscriptions.reactivate(customerId, suspended)).status).toBe('active');
  });
});
