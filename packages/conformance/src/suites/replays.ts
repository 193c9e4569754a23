/**
 * @module Every write replayed by `MS-RequestId` (the headers doc: retry a timed-out call with the
 * same id): a retry of the same call by the same partner (method, path in any spelling, body)
 * within 24 hours gets the first answer, status and body, and changes nothing more. Another
 * call reusing the id is a call of its own; a refusal is not kept (it changed nothing). See
 * docs/compatibility.md, "Replays".
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { OFFERS } from '../fixtures.js';
import type { ApiResponse } from '../http.js';
import type { Suite } from '../suite.js';
import {
  appToken,
  buy,
  buyProvisioned,
  cancelOrder,
  createCustomer,
  expectError,
  listedCustomerIds,
  untilOrderStatus,
  userToken,
} from './helpers.js';

const REMOVE_RELATIONSHIP = { relationshipToPartner: 'none', attributes: { objectType: 'Customer' } };
const REMOVE_DAP = { allowDelegatedAccess: false, attributes: { objectType: 'Customer' } };

/** What a client compares between an answer and its replay. */
const answerOf = (response: ApiResponse) => ({ status: response.status, text: response.text });

export const replaySuite: Suite = (ctx, capabilities) => {
  describe('replays of every write by MS-RequestId', () => {
    let token: string;
    let user: string;
    beforeAll(async () => {
      if (capabilities.control) await ctx.api.control.reset();
      token = await appToken(ctx);
      user = await userToken(ctx, capabilities);
    });

    const withId = (requestId: string, extra: Record<string, string> = {}) => ({
      'MS-RequestId': requestId,
      ...extra,
    });

    it('DELETE customer: a retry gets 204 again (in any path spelling) and deletes nothing more', async () => {
      const [id, other] = [await createCustomer(ctx, token), await createCustomer(ctx, token)];
      const headers = withId(randomUUID());
      const first = await ctx.api.request('DELETE', `/v1/customers/${id}`, { token, headers });
      expect(first.status).toBe(204);
      for (const path of [`/v1/customers/${id}`, `/v1/Customers/${id.toUpperCase()}/`]) {
        const retry = await ctx.api.request('DELETE', path, { token, headers });
        expect(answerOf(retry)).toEqual(answerOf(first));
        expect(retry.headers.get('ms-requestid')).toBe(headers['MS-RequestId']);
      }
      expectError(await ctx.api.request('DELETE', `/v1/customers/${id}`, { token }), 404, 20002);
      const listed = await listedCustomerIds(ctx, token);
      expect(listed).not.toContain(id);
      expect(listed).toContain(other);
    });

    it('PATCH customer (relationship removal): a retry gets the first 200 and its body', async () => {
      const id = await createCustomer(ctx, token);
      const headers = withId(randomUUID());
      const first = await ctx.api.request('PATCH', `/v1/customers/${id}`, {
        token: user,
        body: REMOVE_RELATIONSHIP,
        headers,
      });
      expect(first.status).toBe(200);
      expect(first.body.relationshipToPartner).toBe('none');
      const retry = await ctx.api.request('PATCH', `/V1/Customers/${id}`, {
        token: user,
        body: REMOVE_RELATIONSHIP,
        headers,
      });
      expect(answerOf(retry)).toEqual(answerOf(first));
      // Without the id, the removal is asked again of a customer the sandbox account deleted.
      const again = await ctx.api.request('PATCH', `/v1/customers/${id}`, { token: user, body: REMOVE_RELATIONSHIP });
      expectError(again, 404, 20002);
    });

    if (capabilities.production) {
      it('PATCH customer in a production account: a retry of the removal gets 200, not 3000 "does not exist"', async () => {
        const production = await appToken(ctx, 'production');
        const productionUser = await userToken(ctx, capabilities, 'production');
        const id = await createCustomer(ctx, production);
        const headers = withId(randomUUID());
        const send = (h?: Record<string, string>) =>
          ctx.api.request('PATCH', `/v1/customers/${id}`, {
            token: productionUser,
            body: REMOVE_RELATIONSHIP,
            ...(h ? { headers: h } : {}),
          });
        const first = await send(headers);
        expect(first.status).toBe(200);
        expect(answerOf(await send(headers))).toEqual(answerOf(first));
        expectError(await send(), 400, 3000);
        expectError(await ctx.api.request('GET', `/v1/customers/${id}`, { token: production }), 404, 20002);
      });
    }

    it('PATCH customer (DAP removal): a retry gets the first answer, and the relationship stays', async () => {
      const id = await createCustomer(ctx, token);
      const headers = withId(randomUUID());
      const first = await ctx.api.request('PATCH', `/v1/customers/${id}`, { token: user, body: REMOVE_DAP, headers });
      expect(first.status).toBe(200);
      const retry = await ctx.api.request('PATCH', `/v1/customers/${id}/`, { token: user, body: REMOVE_DAP, headers });
      expect(answerOf(retry)).toEqual(answerOf(first));
      const customer = await ctx.api.request('GET', `/v1/customers/${id}`, { token });
      expect(customer.body).toMatchObject({ relationshipToPartner: 'reseller', allowDelegatedAccess: false });
    });

    it('PATCH order (cancel): a retry after the cancellation completed gets the first answer, and cancels once', async () => {
      const id = await createCustomer(ctx, token);
      const order = await buy(ctx, token, id, OFFERS.perpetualSoftware);
      const headers = withId(randomUUID());
      const body = { id: order.id, status: 'cancelled' };
      const path = `/v1/customers/${id}/orders/${order.id}`;
      const first = await ctx.api.request('PATCH', path, { token, body, headers });
      expect(first.status).toBe(200);
      const cancelled = await untilOrderStatus(ctx, capabilities, token, id, order.id, 'cancelled');
      const retry = await ctx.api.request('PATCH', path, { token, body, headers });
      expect(answerOf(retry)).toEqual(answerOf(first));
      const after = await ctx.api.request('GET', path, { token });
      expect(after.text).toBe(cancelled.text);
    });

    it('PATCH subscription (suspend with If-Match): a retry gets the first answer, not 2055, and changes nothing more', async () => {
      const id = await createCustomer(ctx, token);
      const order = await buyProvisioned(ctx, capabilities, token, id, OFFERS.licence, 2);
      const path = `/v1/customers/${id}/subscriptions/${order.lineItems[0].subscriptionId}`;
      const etag = (await ctx.api.request('GET', path, { token })).body.attributes.etag as string;
      const headers = withId(randomUUID(), { 'If-Match': `"${etag}"` });
      const body = { status: 'suspended' };
      const first = await ctx.api.request('PATCH', path, { token, body, headers });
      expect(first.status).toBe(200);
      expect(first.body.status).toBe('suspended');
      const retry = await ctx.api.request('PATCH', path, { token, body, headers });
      expect(answerOf(retry)).toEqual(answerOf(first));
      const read = await ctx.api.request('GET', path, { token });
      expect(read.body.attributes.etag).toBe(first.body.attributes.etag);
      // The same call under a new id is a new call, and the etag it names is stale now.
      expectError(
        await ctx.api.request('PATCH', path, { token, body, headers: { 'If-Match': `"${etag}"` } }),
        400,
        2055,
      );
    });

    it('another call reusing an id runs as a call of its own: another customer, another body', async () => {
      const requestId = randomUUID();
      const [a, b] = [await createCustomer(ctx, token), await createCustomer(ctx, token)];
      expect(
        (await ctx.api.request('DELETE', `/v1/customers/${a}`, { token, headers: withId(requestId) })).status,
      ).toBe(204);
      expect(
        (await ctx.api.request('DELETE', `/v1/customers/${b}`, { token, headers: withId(requestId) })).status,
      ).toBe(204);
      expect(await listedCustomerIds(ctx, token)).not.toContain(b);

      // As Microsoft's SDKs do with a request context built on a fixed request id.
      const id = await createCustomer(ctx, token);
      const order = await buyProvisioned(ctx, capabilities, token, id, OFFERS.licence, 2);
      const path = `/v1/customers/${id}/subscriptions/${order.lineItems[0].subscriptionId}`;
      const fixed = withId(randomUUID());
      const suspended = await ctx.api.request('PATCH', path, { token, body: { status: 'suspended' }, headers: fixed });
      expect(suspended.body.status).toBe('suspended');
      const reactivated = await ctx.api.request('PATCH', path, { token, body: { status: 'active' }, headers: fixed });
      expect(reactivated.status).toBe(200);
      expect(reactivated.body.status).toBe('active');
      expect((await ctx.api.request('GET', path, { token })).body.status).toBe('active');
    });

    it('a refusal is not kept: once what blocked it is gone, the same id deletes', async () => {
      const id = await createCustomer(ctx, token);
      const order = await buy(ctx, token, id, OFFERS.perpetualSoftware);
      const headers = withId(randomUUID());
      expectError(await ctx.api.request('DELETE', `/v1/customers/${id}`, { token, headers }), 400, 3000);
      expect((await cancelOrder(ctx, token, id, order.id)).status).toBe(200);
      await untilOrderStatus(ctx, capabilities, token, id, order.id, 'cancelled');
      expect((await ctx.api.request('DELETE', `/v1/customers/${id}`, { token, headers })).status).toBe(204);
    });

    if (capabilities.control) {
      it('answers are replayed for 24 hours of sandbox time; after that the id names a new call', async () => {
        const id = await createCustomer(ctx, token);
        const headers = withId(randomUUID());
        expect((await ctx.api.request('DELETE', `/v1/customers/${id}`, { token, headers })).status).toBe(204);
        await ctx.api.control.advanceClock(24 * 3600 - 60);
        expect((await ctx.api.request('DELETE', `/v1/customers/${id}`, { token, headers })).status).toBe(204);
        await ctx.api.control.advanceClock(61);
        expectError(await ctx.api.request('DELETE', `/v1/customers/${id}`, { token, headers }), 404, 20002);
      });
    }
  });
};
