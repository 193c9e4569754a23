/**
 * @module What the bad-input scenarios aim at: a customer of the caller's with orders and a
 * subscription (and, with a production partner, one of the production partner's), and the
 * state that bad requests must leave exactly as it was.
 */
import { OFFERS } from '../../fixtures.js';
import type { Capabilities, SuiteContext } from '../../suite.js';
import { appToken, buy, createCustomer } from '../helpers.js';

export interface ProductionCustomer {
  token: string;
  customerId: string;
  orderId: string;
  subscriptionId: string;
}

export interface BadInputFixture {
  /** The sandbox partner's App-only token. */
  token: string;
  customerId: string;
  /** A perpetual-software order, never cancelled: it keeps the customer from being deleted. */
  softwareOrderId: string;
  licenceOrderId: string;
  subscriptionId: string;
  production?: ProductionCustomer;
}

export async function setUpFixture(ctx: SuiteContext, capabilities: Capabilities): Promise<BadInputFixture> {
  const token = await appToken(ctx);
  const customerId = await createCustomer(ctx, token);
  const software = await buy(ctx, token, customerId, OFFERS.perpetualSoftware);
  const licence = await buy(ctx, token, customerId, OFFERS.licence, 2);
  const fixture: BadInputFixture = {
    token,
    customerId,
    softwareOrderId: software.id,
    licenceOrderId: licence.id,
    subscriptionId: licence.lineItems[0].subscriptionId,
  };
  if (capabilities.production) fixture.production = await setUpProductionCustomer(ctx);
  return fixture;
}

async function setUpProductionCustomer(ctx: SuiteContext): Promise<ProductionCustomer> {
  const token = await appToken(ctx, 'production');
  const customerId = await createCustomer(ctx, token);
  const order = await buy(ctx, token, customerId, OFFERS.licence, 2);
  return { token, customerId, orderId: order.id, subscriptionId: order.lineItems[0].subscriptionId };
}

interface ListedOrder {
  id: string;
  lineItems: { quantity: number }[];
}

interface ListedSubscription {
  id: string;
  quantity: number;
  friendlyName: string;
  autoRenewEnabled: boolean;
}

/**
 * The state bad requests must leave alone: with a control plane, the customers, orders and
 * subscriptions of the exported snapshot; otherwise what the API shows of the suite's customers.
 */
export async function stateOf(
  ctx: SuiteContext,
  capabilities: Capabilities,
  fixture: BadInputFixture,
): Promise<unknown> {
  if (capabilities.control) {
    const snapshot = await ctx.api.control.ok('GET', '/snapshot');
    return { customers: snapshot.customers, orders: snapshot.orders, subscriptions: snapshot.subscriptions };
  }
  const owned: [token: string, customerId: string][] = [[fixture.token, fixture.customerId]];
  if (fixture.production) owned.push([fixture.production.token, fixture.production.customerId]);
  const state = [];
  for (const [token, customerId] of owned) state.push(await customerStateOf(ctx, token, customerId));
  return state;
}

async function customerStateOf(ctx: SuiteContext, token: string, customerId: string): Promise<unknown> {
  const customer = await ctx.api.request('GET', `/v1/customers/${customerId}`, { token });
  const orders = await ctx.api.request('GET', `/v1/customers/${customerId}/orders`, { token });
  const subscriptions = await ctx.api.request('GET', `/v1/customers/${customerId}/subscriptions`, { token });
  return {
    customer: customer.body,
    orders: (orders.body.items as ListedOrder[]).map((order) => ({
      id: order.id,
      quantities: order.lineItems.map((lineItem) => lineItem.quantity),
    })),
    subscriptions: (subscriptions.body.items as ListedSubscription[]).map((subscription) => ({
      id: subscription.id,
      quantity: subscription.quantity,
      friendlyName: subscription.friendlyName,
      auto: subscription.autoRenewEnabled,
    })),
  };
}
