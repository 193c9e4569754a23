/**
 * Optional throttling (`--throttle 5/min`): per tenant and per resource (customers, orders,
 * subscriptions), over budget 429 with the gateway's body and `Retry-After`. The window is a
 * fixed minute of real time, so `Date` is frozen at a known instant inside a window: the test
 * cannot straddle a window boundary, and Retry-After has one right value.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ThrottleBodySchema } from '@partnerbox/contract';
import {
  ApiClient,
  customerBody,
  OFFERS,
  orderBody,
  schemaErrors,
  startEmbeddedTarget,
  type Target,
} from '@partnerbox/conformance';

// A window starts on a whole minute; one second into it, the window has 59 seconds left.
const WINDOW_START = Date.UTC(2030, 0, 7, 9, 30, 0);

let target: Target;
let api: ApiClient;
let token: string;
let customerId: string;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: WINDOW_START + 1_000 });
  target = await startEmbeddedTarget({ throttle: '5/min' });
  api = new ApiClient(target);
  token = await api.token(target.sandboxPartner);
});
afterAll(async () => {
  await target.close();
  vi.useRealTimers();
});

/** The statuses of `count` identical requests, in order. */
async function statuses(count: number, method: string, path: string, options: { token: string; body?: unknown }) {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push((await api.request(method, path, options)).status);
  return out;
}

function expectThrottled(response: { status: number; headers: Headers; body: unknown }, seconds: number) {
  expect(response.status).toBe(429);
  expect(response.headers.get('retry-after')).toBe(String(seconds));
  expect(schemaErrors(ThrottleBodySchema, response.body)).toEqual([]);
  expect(response.body).toEqual({
    statusCode: 429,
    message: `Rate limit is exceeded. Try again in ${seconds} seconds.`,
  });
}

describe('throttling at 5 requests per minute', () => {
  it('answers the 6th customers request within the window with 429, Retry-After and the gateway body', async () => {
    const created = await api.request('POST', '/v1/customers', { token, body: customerBody() });
    expect(created.status).toBe(201);
    customerId = created.body.id;
    expect(await statuses(3, 'GET', '/v1/customers?size=1', { token })).toEqual([200, 200, 200]);
    expect((await api.request('GET', `/v1/customers/${customerId}`, { token })).status).toBe(200);
    expectThrottled(await api.request('GET', `/v1/customers/${customerId}`, { token }), 59);
    expectThrottled(await api.request('GET', '/v1/customers?size=1', { token }), 59);
    expectThrottled(await api.request('GET', `/v1/customers/${customerId}/entitlements`, { token }), 59);
  });

  it('counts orders and subscriptions separately from customers and from each other', async () => {
    const order = await api.request('POST', `/v1/customers/${customerId}/orders`, {
      token,
      body: orderBody(OFFERS.licence, 2),
    });
    expect(order.status).toBe(201);
    expect(await statuses(4, 'GET', `/v1/customers/${customerId}/orders`, { token })).toEqual([200, 200, 200, 200]);
    expectThrottled(await api.request('GET', `/v1/customers/${customerId}/orders/${order.body.id}`, { token }), 59);

    const subscriptionId = order.body.lineItems[0].subscriptionId as string;
    const path = `/v1/customers/${customerId}/subscriptions`;
    expect(await statuses(4, 'GET', path, { token })).toEqual([200, 200, 200, 200]);
    expect((await api.request('GET', `${path}/${subscriptionId}`, { token })).status).toBe(200);
    expectThrottled(await api.request('GET', `${path}/${subscriptionId}`, { token }), 59);

    // Customers are still over budget: nothing above spent theirs.
    expectThrottled(await api.request('GET', '/v1/customers?size=1', { token }), 59);
  });

  it('gives another tenant its own budget, and never throttles the token endpoint', async () => {
    const production = target.productionPartner;
    if (!production) throw new Error('No production partner');
    const other = await api.token(production);
    expect(await statuses(5, 'GET', '/v1/customers?size=1', { token: other })).toEqual([200, 200, 200, 200, 200]);
    expectThrottled(await api.request('GET', '/v1/customers?size=1', { token: other }), 59);
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: target.sandboxPartner.clientId,
      client_secret: target.sandboxPartner.clientSecret,
      scope: 'https://api.partnercenter.microsoft.com/.default',
    });
    for (let i = 0; i < 7; i++) {
      const response = await fetch(`${target.authority}/${target.sandboxPartner.tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      expect(response.status).toBe(200);
    }
  });

  it('restores the budget in the next window', async () => {
    vi.setSystemTime(WINDOW_START + 60_000 + 500);
    expect(await statuses(5, 'GET', '/v1/customers?size=1', { token })).toEqual([200, 200, 200, 200, 200]);
    // Half a second into the window, 59.5 seconds are left: Retry-After rounds up.
    expectThrottled(await api.request('GET', '/v1/customers?size=1', { token }), 60);
    expect((await api.request('GET', `/v1/customers/${customerId}/orders`, { token })).status).toBe(200);
  });
});
