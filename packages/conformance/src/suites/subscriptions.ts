/**
 * @module Subscriptions: list (and `?order_id=`), get, provisioning status, and PATCH to suspend
 * or reactivate with the whole object sent back as the .NET SDK does, with the etag rules (2055),
 * the suspended (800091) and deleted (2011) states, and the sandbox quotas (800066, 800067).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { CollectionSchema, SubscriptionProvisioningStatusSchema, SubscriptionSchema } from '@partnerbox/contract';
import { OFFERS, orderBody } from '../fixtures.js';
import type { ApiResponse } from '../http.js';
import { schemaErrors } from '../schema.js';
import type { Suite } from '../suite.js';
import { appToken, buyProvisioned, createCustomer, expectError } from './helpers.js';

const pascal = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);

function pascalCase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pascalCase);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [pascal(k), pascalCase(v)]));
  return value;
}

/** A subscription as the .NET SDK sends it back: PascalCase, with the null properties it carries. */
function asDotNet(subscription: Record<string, unknown>, changes: Record<string, unknown>) {
  return {
    ParentSubscriptionId: null,
    PartnerId: null,
    RefundOptions: null,
    ...(pascalCase({ ...subscription, ...changes }) as Record<string, unknown>),
  };
}

export const subscriptionSuite: Suite = (ctx, capabilities) => {
  describe('subscriptions', () => {
    let token: string;
    beforeAll(async () => {
      if (capabilities.control) await ctx.api.control.reset();
      token = await appToken(ctx);
    });

    const base = (customerId: string) => `/v1/customers/${customerId}/subscriptions`;
    const get = (customerId: string, subscriptionId: string) =>
      ctx.api.request('GET', `${base(customerId)}/${subscriptionId}`, { token });
    const patch = (customerId: string, subscriptionId: string, body: unknown, headers: Record<string, string> = {}) =>
      ctx.api.request('PATCH', `${base(customerId)}/${subscriptionId}`, { token, body, headers });

    /** A customer with one licence subscription; returns both ids. */
    async function licenceSubscription(quantity = 2): Promise<{ customerId: string; subscriptionId: string }> {
      const customerId = await createCustomer(ctx, token);
      const order = await buyProvisioned(ctx, capabilities, token, customerId, OFFERS.licence, quantity);
      return { customerId, subscriptionId: order.lineItems[0].subscriptionId };
    }

    function expectSubscription(response: ApiResponse, status: string) {
      expect(response.status).toBe(200);
      expect(schemaErrors(SubscriptionSchema, response.body)).toEqual([]);
      expect(response.body.status).toBe(status);
    }

    it('lists the subscriptions of a customer, and those of one order with ?order_id=', async () => {
      const customerId = await createCustomer(ctx, token);
      const licence = await buyProvisioned(ctx, capabilities, token, customerId, OFFERS.licence, 2);
      const newCommerce = await buyProvisioned(ctx, capabilities, token, customerId, OFFERS.newCommerce, 3);
      const azure = await buyProvisioned(ctx, capabilities, token, customerId, OFFERS.azurePlan, 1);
      await buyProvisioned(ctx, capabilities, token, customerId, OFFERS.perpetualSoftware);
      const listed = await ctx.api.request('GET', base(customerId), { token });
      expect(listed.status).toBe(200);
      expect(schemaErrors(CollectionSchema(SubscriptionSchema, 'Subscriptions'), listed.body)).toEqual([]);
      expect(listed.body.totalCount).toBe(3);
      const byOrder = new Map(
        (listed.body.items as { orderId: string; id: string; quantity: number }[]).map((s) => [s.orderId, s]),
      );
      for (const order of [licence, newCommerce, azure])
        expect(byOrder.get(order.id)?.id).toBe(order.lineItems[0].subscriptionId);
      expect(byOrder.get(newCommerce.id)?.quantity).toBe(3);

      const filtered = await ctx.api.request('GET', `${base(customerId)}?order_id=${newCommerce.id}`, { token });
      expect(filtered.status).toBe(200);
      expect(schemaErrors(CollectionSchema(SubscriptionSchema, 'Subscriptions'), filtered.body)).toEqual([]);
      expect(filtered.body.items.map((s: { id: string }) => s.id)).toEqual([newCommerce.lineItems[0].subscriptionId]);
      const none = await ctx.api.request('GET', `${base(customerId)}?order_id=UKXASSO1dezh3HdxClHxSp5UEFXGbAnt1`, {
        token,
      });
      expect(none.body).toMatchObject({ totalCount: 0, items: [] });
    });

    it('gets a subscription by id in the documented shape, and its provisioning status', async () => {
      const customerId = await createCustomer(ctx, token);
      const order = await buyProvisioned(ctx, capabilities, token, customerId, OFFERS.licence, 4);
      const subscriptionId = order.lineItems[0].subscriptionId as string;
      const fetched = await get(customerId, subscriptionId);
      expectSubscription(fetched, 'active');
      expect(fetched.body).toMatchObject({
        id: subscriptionId,
        offerId: OFFERS.licence,
        orderId: order.id,
        quantity: 4,
        billingType: 'license',
        contractType: 'subscription',
        attributes: { objectType: 'Subscription' },
      });
      expect(fetched.body.attributes.etag).toEqual(expect.any(String));
      expect(fetched.body.links.self.uri).toMatch(
        new RegExp(`^(/v1)?/customers/${customerId}/subscriptions/${subscriptionId}$`, 'i'),
      );
      // Ids are GUIDs: compared case-insensitively.
      expect((await get(customerId, subscriptionId.toUpperCase())).body.id).toBe(subscriptionId);

      const azure = await buyProvisioned(ctx, capabilities, token, customerId, OFFERS.azurePlan);
      expect((await get(customerId, azure.lineItems[0].subscriptionId)).body.billingType).toBe('usage');

      const provisioning = await ctx.api.request('GET', `${base(customerId)}/${subscriptionId}/provisioningstatus`, {
        token,
      });
      expect(provisioning.status).toBe(200);
      expect(schemaErrors(SubscriptionProvisioningStatusSchema, provisioning.body)).toEqual([]);
      expect(provisioning.body.status).toBe('success');
      expect(provisioning.body.quantity).toBe(4);
    });

    it('suspends and reactivates with the whole object sent back like the .NET SDK (PascalCase, nulls, If-Match)', async () => {
      const { customerId, subscriptionId } = await licenceSubscription(3);
      const original = await get(customerId, subscriptionId);
      const suspended = await patch(customerId, subscriptionId, asDotNet(original.body, { status: 'suspended' }), {
        'If-Match': original.body.attributes.etag,
      });
      expectSubscription(suspended, 'suspended');
      expect(suspended.body.quantity).toBe(3);
      expect(suspended.body.attributes.etag).not.toBe(original.body.attributes.etag);
      expectSubscription(await get(customerId, subscriptionId), 'suspended');

      const current = await get(customerId, subscriptionId);
      const reactivated = await patch(
        customerId,
        subscriptionId,
        asDotNet(current.body, { status: 'active' }),
        // The quoted form of the docs' test-and-debug page.
        { 'If-Match': `"${current.body.attributes.etag}"` },
      );
      expectSubscription(reactivated, 'active');
      expectSubscription(await get(customerId, subscriptionId), 'active');

      // The suspend-a-subscription doc example body, with this subscription's id and etag.
      const fresh = await get(customerId, subscriptionId);
      const docsBody = {
        Id: subscriptionId,
        FriendlyName: fresh.body.friendlyName,
        Quantity: 3,
        UnitType: 'none',
        ParentSubscriptionId: null,
        CreationDate: '2015-11-25T06:41:12Z',
        EffectiveStartDate: '2015-11-24T08:00:00Z',
        CommitmentEndDate: '2016-12-12T08:00:00Z',
        Status: 'suspended',
        AutoRenewEnabled: fresh.body.autoRenewEnabled,
        BillingType: 'none',
        PartnerId: null,
        ContractType: 'subscription',
        OrderId: fresh.body.orderId,
        Attributes: { Etag: fresh.body.attributes.etag, ObjectType: 'Subscription' },
      };
      expectSubscription(await patch(customerId, subscriptionId, docsBody), 'suspended');
    });

    it('refuses a stale etag with 400 2055, in If-Match or attributes.etag, and changes nothing', async () => {
      const { customerId, subscriptionId } = await licenceSubscription();
      const original = await get(customerId, subscriptionId);
      const stale = original.body.attributes.etag as string;
      expectSubscription(await patch(customerId, subscriptionId, { status: 'suspended' }), 'suspended');

      const byHeader = await patch(customerId, subscriptionId, { status: 'active' }, { 'If-Match': stale });
      expectError(byHeader, 400, 2055);
      expect(byHeader.body.description).toBe('Etag is no longer valid');
      const byBody = await patch(
        customerId,
        subscriptionId,
        asDotNet(original.body, { status: 'active', attributes: { etag: stale, objectType: 'Subscription' } }),
      );
      expectError(byBody, 400, 2055);
      expectSubscription(await get(customerId, subscriptionId), 'suspended');
    });

    it('lets only one of two concurrent updates carrying the same etag through; the other gets 400 2055', async () => {
      const { customerId, subscriptionId } = await licenceSubscription(2);
      const etag = (await get(customerId, subscriptionId)).body.attributes.etag as string;
      const [a, b] = await Promise.all(
        [3, 4].map((quantity) => patch(customerId, subscriptionId, { quantity }, { 'If-Match': etag })),
      );
      const statuses = [a?.status, b?.status].sort();
      expect(statuses).toEqual([200, 400]);
      const [winner, loser] = a?.status === 200 ? [a, b] : [b, a];
      if (!winner || !loser) throw new Error('Two responses expected');
      expectError(loser, 400, 2055);
      const after = await get(customerId, subscriptionId);
      expect(after.body.quantity).toBe(winner.body.quantity);
      expect(after.body.attributes.etag).toBe(winner.body.attributes.etag);
    });

    it('refuses to update a suspended subscription with 400 800091, changing nothing', async () => {
      const { customerId, subscriptionId } = await licenceSubscription(2);
      expectSubscription(await patch(customerId, subscriptionId, { status: 'suspended' }), 'suspended');
      const quantity = await patch(customerId, subscriptionId, { quantity: 5 });
      expectError(quantity, 400, 800091);
      expect(quantity.body.description).toBe('Cannot update a subscription with suspended status');
      expectError(await patch(customerId, subscriptionId, { friendlyName: 'renamed' }), 400, 800091);
      const after = await get(customerId, subscriptionId);
      expectSubscription(after, 'suspended');
      expect(after.body.quantity).toBe(2);
      expect(after.body.friendlyName).not.toBe('renamed');
      // Sending the suspended object back unchanged is not an update.
      expectSubscription(await patch(customerId, subscriptionId, asDotNet(after.body, {})), 'suspended');
    });

    it('allows 25 seats: a quantity of 26 is 403 800067 and changes nothing', async () => {
      const { customerId, subscriptionId } = await licenceSubscription(2);
      const refused = await patch(customerId, subscriptionId, { quantity: 26 });
      expectError(refused, 403, 800067);
      expect((await get(customerId, subscriptionId)).body.quantity).toBe(2);
      const raised = await patch(customerId, subscriptionId, { quantity: 25 });
      expectSubscription(raised, 'active');
      expect(raised.body.quantity).toBe(25);
      expect((await get(customerId, subscriptionId)).body.quantity).toBe(25);
    });

    it('frees quota on suspension, and refuses to reactivate a sixth active subscription with 403 800066', async () => {
      const customerId = await createCustomer(ctx, token);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++)
        ids.push(
          (await buyProvisioned(ctx, capabilities, token, customerId, OFFERS.licence, i + 1)).lineItems[0]
            .subscriptionId,
        );
      const [first, second] = ids as [string, string];
      const refused = await ctx.api.request('POST', `/v1/customers/${customerId}/orders`, {
        token,
        body: { lineItems: [{ lineItemNumber: 0, offerId: OFFERS.newCommerce, quantity: 1 }] },
      });
      expectError(refused, 403, 800066);

      expectSubscription(await patch(customerId, first, { status: 'suspended' }), 'suspended');
      const sixth = await buyProvisioned(ctx, capabilities, token, customerId, OFFERS.newCommerce, 1);
      const reactivate = await patch(customerId, first, { status: 'active' });
      expectError(reactivate, 403, 800066);
      expectSubscription(await get(customerId, first), 'suspended');
      expectSubscription(await get(customerId, sixth.lineItems[0].subscriptionId), 'active');

      expectSubscription(await patch(customerId, second, { status: 'suspended' }), 'suspended');
      expectSubscription(await patch(customerId, first, { status: 'active' }), 'active');
    });

    it('answers 404 20003 for an unknown subscription and 400 900118 for an id that is not a GUID', async () => {
      const { customerId, subscriptionId } = await licenceSubscription();
      const unknownId = randomUUID();
      for (const response of [
        await get(customerId, unknownId),
        await patch(customerId, unknownId, { status: 'suspended' }),
        await ctx.api.request('GET', `${base(customerId)}/${unknownId}/provisioningstatus`, { token }),
      ]) {
        expectError(response, 404, 20003);
        expect(response.body.description).toBe(`Subscription with id ${unknownId} not found.`);
      }
      // Another customer's subscription is unknown here too.
      const other = await createCustomer(ctx, token);
      expectError(await get(other, subscriptionId), 404, 20003);
      expectError(await patch(other, subscriptionId, { status: 'suspended' }), 404, 20003);
      expectSubscription(await get(customerId, subscriptionId), 'active');

      for (const response of [
        await get(customerId, 'not-a-guid'),
        await patch(customerId, 'not-a-guid', { status: 'suspended' }),
      ]) {
        expectError(response, 400, 900118);
        expect(response.body.description).toBe('Invalid Subscription Id');
      }
    });

    it('refuses statuses other than active and suspended, changing nothing', async () => {
      const { customerId, subscriptionId } = await licenceSubscription();
      expectError(await patch(customerId, subscriptionId, { status: 'expired' }), 400, 3000);
      expectError(await patch(customerId, subscriptionId, { status: 'paused' }), 400, 900126);
      expectSubscription(await get(customerId, subscriptionId), 'active');
    });

    it('cancels a new-commerce subscription with status deleted: 200, then 2011 on any update, and its quota is freed', async () => {
      const customerId = await createCustomer(ctx, token);
      const orders = [];
      for (let i = 0; i < 5; i++)
        orders.push(await buyProvisioned(ctx, capabilities, token, customerId, OFFERS.newCommerce, 1));
      const subscriptionId = orders[0].lineItems[0].subscriptionId as string;
      const sixth = () =>
        ctx.api.request('POST', `/v1/customers/${customerId}/orders`, {
          token,
          body: orderBody(OFFERS.newCommerce, 1),
        });
      expectError(await sixth(), 403, 800066);
      const current = (await get(customerId, subscriptionId)).body;
      const cancelled = await patch(customerId, subscriptionId, asDotNet(current, { status: 'deleted' }), {
        'If-Match': `"${current.attributes.etag}"`,
      });
      expectSubscription(cancelled, 'deleted');
      expectSubscription(await get(customerId, subscriptionId), 'deleted');
      for (const body of [{ status: 'active' }, { status: 'deleted' }, { quantity: 2 }])
        expectError(await patch(customerId, subscriptionId, body), 400, 2011);
      // Its place among the five is free again.
      expect((await sixth()).status).toBe(201);
    });

    it('cancels an Azure plan subscription, but refuses to cancel licence-based ones (suspend them instead)', async () => {
      const customerId = await createCustomer(ctx, token);
      const plan = await buyProvisioned(ctx, capabilities, token, customerId, OFFERS.azurePlan, 1);
      expectSubscription(await patch(customerId, plan.lineItems[0].subscriptionId, { status: 'deleted' }), 'deleted');
      const licence = await buyProvisioned(ctx, capabilities, token, customerId, OFFERS.licence, 1);
      const licenceId = licence.lineItems[0].subscriptionId as string;
      expectError(await patch(customerId, licenceId, { status: 'deleted' }), 400, 3000);
      expectSubscription(await get(customerId, licenceId), 'active');
    });

    if (capabilities.control) {
      it('refuses to cancel a new-commerce subscription after its 7-day window with 400 900117', async () => {
        const customerId = await createCustomer(ctx, token);
        const order = await buyProvisioned(ctx, capabilities, token, customerId, OFFERS.newCommerce, 1);
        const subscriptionId = order.lineItems[0].subscriptionId as string;
        await ctx.api.control.advanceClock(8 * 86_400);
        const refused = await patch(customerId, subscriptionId, { status: 'deleted' });
        expectError(refused, 400, 900117);
        expect(refused.body.description).toContain('7-day cancellation window');
        expectSubscription(await get(customerId, subscriptionId), 'active');
      });

      /*
       * A subscription turns `deleted` only when the cancellation of its order line completes,
       * and every offer that makes a subscription (licence, new commerce, Azure) is refused
       * cancellation by PATCH order (800063 in the sandbox, 800019 in production): no /v1 call
       * reaches that state. The control plane's snapshot import does, so the 2011 rule is
       * exercised on a state the server can hold.
       */
      it('refuses to update a deleted subscription with 400 2011 (state imported by snapshot); it frees its quota', async () => {
        const { customerId, subscriptionId } = await licenceSubscription();
        const snapshot = await ctx.api.control.ok('GET', '/snapshot');
        const order = (
          snapshot.orders as {
            customerId: string;
            createdAt: number;
            lineItems: Record<string, unknown>[];
          }[]
        ).find((o) => o.customerId === customerId);
        const line = order?.lineItems[0];
        if (!order || !line) throw new Error('The snapshot lacks the order');
        line['cancelRequestedAt'] = order.createdAt;
        line['cancelCompletesAt'] = order.createdAt;
        expect((await ctx.api.control.call('PUT', '/snapshot', snapshot)).status).toBe(200);

        expectSubscription(await get(customerId, subscriptionId), 'deleted');
        for (const body of [{ status: 'suspended' }, { status: 'active' }, { quantity: 3 }]) {
          const refused = await patch(customerId, subscriptionId, body);
          expectError(refused, 400, 2011);
          expect(refused.body.description).toBe(
            `Subscription with id ${subscriptionId} and deleted status cannot be updated.`,
          );
        }
        expectSubscription(await get(customerId, subscriptionId), 'deleted');
        for (let i = 0; i < 5; i++) await buyProvisioned(ctx, capabilities, token, customerId, OFFERS.licence, 1);
      });
    }
  });
};
