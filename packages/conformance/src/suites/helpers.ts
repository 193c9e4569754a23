/**
 * @module Helpers the lifecycle suites share: buying from the catalog, App+User tokens, letting
 * sandbox time pass (the control plane's clock when there is one, real time otherwise), and
 * asserting Partner Center error bodies.
 */
import { expect } from 'vitest';
import { ErrorBodySchema, OrderSchema } from '@partnerbox/contract';
import { customerBody, orderBody } from '../fixtures.js';
import type { ApiResponse } from '../http.js';
import { schemaErrors } from '../schema.js';
import type { Capabilities, SuiteContext } from '../suite.js';
import type { PartnerCredentials } from '../target.js';

export type PartnerName = 'sandbox' | 'production';

export function partnerOf(ctx: SuiteContext, partner: PartnerName): PartnerCredentials {
  const credentials = partner === 'sandbox' ? ctx.target.sandboxPartner : ctx.target.productionPartner;
  if (!credentials) throw new Error(`Target ${ctx.target.name} has no ${partner} partner`);
  return credentials;
}

/** An App-only token for a partner. */
export function appToken(ctx: SuiteContext, partner: PartnerName = 'sandbox'): Promise<string> {
  return ctx.api.token(partnerOf(ctx, partner));
}

/**
 * An App+User token: through the password grant when the target gives a user, else minted by
 * the control plane (`POST /_sandbox/tokens {partner, mode: 'user'}`).
 */
export async function userToken(
  ctx: SuiteContext,
  capabilities: Capabilities,
  partner: PartnerName = 'sandbox',
): Promise<string> {
  const credentials = partnerOf(ctx, partner);
  if (credentials.userName && credentials.password) return ctx.api.token(credentials, 'user');
  if (!capabilities.control) throw new Error(`Target ${ctx.target.name} has no user for App+User tokens`);
  return (await ctx.api.control.mintToken({ partner, mode: 'user' })).access_token;
}

/** Creates a customer and returns its id. */
export async function createCustomer(ctx: SuiteContext, token: string): Promise<string> {
  const created = await ctx.api.request('POST', '/v1/customers', { token, body: customerBody() });
  if (created.status !== 201) throw new Error(`POST /v1/customers → ${created.status} ${created.text}`);
  return created.body.id as string;
}

/** Buys one offer for a customer; the order must be created (201) in the documented shape. */
export async function buy(
  ctx: SuiteContext,
  token: string,
  customerId: string,
  offerId: string,
  quantity = 1,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- scenarios read bodies loosely; schemaErrors() checks their shape
): Promise<any> {
  const created = await ctx.api.request('POST', `/v1/customers/${customerId}/orders`, {
    token,
    body: orderBody(offerId, quantity),
  });
  if (created.status !== 201)
    throw new Error(`POST orders (${offerId} × ${quantity}) → ${created.status} ${created.text}`);
  expect(schemaErrors(OrderSchema, created.body)).toEqual([]);
  return created.body;
}

/** Buys one offer and waits until the order reads completed (its subscriptions are then active). */
export async function buyProvisioned(
  ctx: SuiteContext,
  capabilities: Capabilities,
  token: string,
  customerId: string,
  offerId: string,
  quantity = 1,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- scenarios read bodies loosely; schemaErrors() checks their shape
): Promise<any> {
  const order = await buy(ctx, token, customerId, offerId, quantity);
  const completed = await untilOrderStatus(ctx, capabilities, token, customerId, order.id, 'completed');
  expect(completed.body.status).toBe('completed');
  return order;
}

/** `PATCH …/orders/{id}` with `{id, status: "cancelled"}`, as the docs' sandbox example. */
export function cancelOrder(ctx: SuiteContext, token: string, customerId: string, orderId: string) {
  return ctx.api.request('PATCH', `/v1/customers/${customerId}/orders/${orderId}`, {
    token,
    body: { id: orderId, status: 'cancelled' },
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Lets `seconds` of sandbox time pass: the control plane's clock when there is one, else real time. */
export async function pass(ctx: SuiteContext, capabilities: Capabilities, seconds: number): Promise<void> {
  if (capabilities.control) await ctx.api.control.advanceClock(seconds);
  else await sleep(seconds * 1000);
}

/**
 * Reads until `done` holds, letting `stepSeconds` of sandbox time pass between reads; throws
 * after `maxSteps` (a bound, not a timing assertion).
 */
export async function until<T>(
  ctx: SuiteContext,
  capabilities: Capabilities,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { stepSeconds = 1, maxSteps = capabilities.control ? 120 : 300 } = {},
): Promise<T> {
  for (let step = 0; ; step++) {
    const value = await read();
    if (done(value)) return value;
    if (step >= maxSteps) throw new Error(`Condition not reached after ${maxSteps} steps: ${JSON.stringify(value)}`);
    await pass(ctx, capabilities, stepSeconds);
  }
}

const lower = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value);

/** Reads an order until its status is `status` (compared case-insensitively). */
export function untilOrderStatus(
  ctx: SuiteContext,
  capabilities: Capabilities,
  token: string,
  customerId: string,
  orderId: string,
  status: 'completed' | 'cancelled',
): Promise<ApiResponse> {
  return until(
    ctx,
    capabilities,
    () => ctx.api.request('GET', `/v1/customers/${customerId}/orders/${orderId}`, { token }),
    (r) => r.status !== 200 || lower(r.body.status) === status,
  );
}

/** Asserts a Partner Center error: HTTP status, numeric code, the documented body shape. */
export function expectError(response: ApiResponse, status: number, code: number): void {
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  expect(schemaErrors(ErrorBodySchema, response.body)).toEqual([]);
  expect(typeof response.body.code).toBe('number');
}

/** The ids of a collection's items. */
export function idsOf(response: ApiResponse): string[] {
  return (response.body.items as { id: string }[]).map((item) => item.id);
}

/** The ids of every customer the token's partner can list (one page of up to 500). */
export async function listedCustomerIds(ctx: SuiteContext, token: string): Promise<string[]> {
  const listed = await ctx.api.request('GET', '/v1/customers?size=500', { token });
  expect(listed.status).toBe(200);
  return idsOf(listed);
}
