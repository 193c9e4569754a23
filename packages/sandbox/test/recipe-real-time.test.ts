/**
 * The documented delete recipe against a sandbox whose provisioning and cancellation take one
 * real second each: no clock is advanced, the client polls every 250 ms under a generous
 * deadline. Assertions are on states, never on how long anything took.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiClient,
  customerBody,
  OFFERS,
  offboardCustomer,
  orderBody,
  startEmbeddedTarget,
  type ApiResponse,
  type Target,
} from '@partnerbox/conformance';

const POLL_MS = 250;
const DEADLINE_MS = 20_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('the delete recipe with real one-second delays', () => {
  let target: Target | undefined;
  let api: ApiClient;
  let token: string;

  beforeAll(async () => {
    target = await startEmbeddedTarget({ provisioningDelaySeconds: 1, cancellationDelaySeconds: 1 });
    api = new ApiClient(target);
    token = await api.token(target.sandboxPartner);
  });
  afterAll(async () => {
    await target?.close();
  });

  /** Polls every 250 ms until `done`, failing after the deadline. */
  async function poll(read: () => Promise<ApiResponse>, done: (r: ApiResponse) => boolean): Promise<ApiResponse> {
    const deadline = Date.now() + DEADLINE_MS;
    for (;;) {
      const response = await read();
      if (done(response)) return response;
      if (Date.now() > deadline) throw new Error(`Still not there after ${DEADLINE_MS} ms: ${response.text}`);
      await sleep(POLL_MS);
    }
  }

  it('provisions, cancels every entitlement order, polls until cancelled, and deletes the customer', async () => {
    const customer = await api.request('POST', '/v1/customers', { token, body: customerBody() });
    expect(customer.status).toBe(201);
    const customerId = customer.body.id as string;
    const base = `/v1/customers/${customerId}`;

    const orderIds: string[] = [];
    for (const offerId of [OFFERS.reservedInstance, OFFERS.perpetualSoftware, OFFERS.softwareSubscription]) {
      const created = await api.request('POST', `${base}/orders`, { token, body: orderBody(offerId) });
      expect(created.status).toBe(201);
      // Provisioning takes a second: a new order is pending when created.
      expect(created.body.status).toBe('pending');
      orderIds.push(created.body.id);
    }
    const licence = await api.request('POST', `${base}/orders`, { token, body: orderBody(OFFERS.licence, 2) });
    expect(licence.body.status).toBe('pending');

    for (const orderId of [...orderIds, licence.body.id as string]) {
      const completed = await poll(
        () => api.request('GET', `${base}/orders/${orderId}`, { token }),
        (r) => r.body.status === 'completed',
      );
      expect(completed.body.status).toBe('completed');
    }
    const subscription = await api.request('GET', `${base}/subscriptions/${licence.body.lineItems[0].subscriptionId}`, {
      token,
    });
    expect(subscription.body.status).toBe('active');

    const report = await offboardCustomer({
      api,
      token,
      customerId,
      wait: () => sleep(POLL_MS),
      maxRounds: DEADLINE_MS / POLL_MS,
      deadline: Date.now() + DEADLINE_MS,
    });
    expect(report.entitlementCount).toBe(3);
    expect([...report.orderIds].sort()).toEqual([...orderIds].sort());
    expect(report.cancellations.size).toBe(3);
    for (const patched of report.cancellations.values()) {
      expect(patched.status).toBe(200);
      expect(patched.body.status).toBe('pending');
    }
    expect(report.deleted.status).toBe(204);
    expect(report.deleted.text).toBe('');

    const gone = await api.request('GET', base, { token });
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe(20002);
  });

  it('refuses the delete while a cancellation is in flight, and accepts it once the second has passed', async () => {
    const customer = await api.request('POST', '/v1/customers', { token, body: customerBody() });
    const base = `/v1/customers/${customer.body.id}`;
    const order = await api.request('POST', `${base}/orders`, { token, body: orderBody(OFFERS.reservedInstance) });
    await poll(
      () => api.request('GET', `${base}/orders/${order.body.id}`, { token }),
      (r) => r.body.status === 'completed',
    );
    const patched = await api.request('PATCH', `${base}/orders/${order.body.id}`, {
      token,
      body: { id: order.body.id, status: 'cancelled' },
    });
    expect(patched.body.status).toBe('pending');

    // Until the order reads cancelled, every delete attempt is refused naming it; then it succeeds.
    const deleted = await poll(
      async () => {
        const current = await api.request('GET', `${base}/orders/${order.body.id}`, { token });
        const attempt = await api.request('DELETE', base, { token });
        if (current.body.status !== 'cancelled' && attempt.status !== 204) {
          expect(attempt.status).toBe(400);
          expect(attempt.body.code).toBe(3000);
          expect(attempt.body.data).toEqual([order.body.id]);
        }
        return attempt;
      },
      (r) => r.status === 204,
    );
    expect(deleted.status).toBe(204);
    expect((await api.request('GET', base, { token })).status).toBe(404);
  });
});
