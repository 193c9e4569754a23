/**
 * @module The documented delete-customer recipe as a client codes it (spec 1.1): list
 * entitlements → de-duplicated referenceOrder ids → PATCH each order to cancelled → poll until
 * each reads cancelled → DELETE. With a control plane the sandbox clock is advanced instead of
 * sleeping; against other targets the recipe polls in real time.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CollectionSchema, EntitlementSchema, OrderSchema } from '@partnerbox/contract';
import { OFFERS } from '../fixtures.js';
import { offboardCustomer } from '../offboarding.js';
import { schemaErrors } from '../schema.js';
import type { Suite } from '../suite.js';
import { appToken, buy, createCustomer, expectError, listedCustomerIds, pass } from './helpers.js';

export const recipeSuite: Suite = (ctx, capabilities) => {
  describe('the documented delete recipe', () => {
    let token: string;
    beforeAll(async () => {
      if (capabilities.control) await ctx.api.control.reset();
      token = await appToken(ctx);
    });

    const wait = () => pass(ctx, capabilities, capabilities.control ? 1 : 2);
    const recipe = (customerId: string) =>
      offboardCustomer({ api: ctx.api, token, customerId, wait, maxRounds: capabilities.control ? 60 : 150 });

    if (capabilities.control) {
      it('offboards a customer of the offboarding scenario: RI, perpetual software, software subscription and a licence subscription', async () => {
        const seeded = await ctx.api.control.scenario('offboarding', { count: 2 });
        const customer = seeded.customers[0];
        if (!customer) throw new Error('The scenario seeded no customer');
        const [riOrder, perpetualOrder, softwareOrder, licenceOrder] = customer.orderIds;
        const [licenceSubscription] = customer.subscriptionIds;

        const report = await recipe(customer.id);
        expect(report.entitlementCount).toBe(3);
        expect([...report.orderIds].sort()).toEqual([riOrder, perpetualOrder, softwareOrder].sort());
        expect(report.orderIds).not.toContain(licenceOrder);
        expect([...report.cancellations.keys()].sort()).toEqual([...report.orderIds].sort());
        for (const patched of report.cancellations.values()) {
          expect(patched.status).toBe(200);
          expect(schemaErrors(OrderSchema, patched.body)).toEqual([]);
          expect(patched.body.status).toBe('pending');
        }
        expect(report.rounds).toBeGreaterThan(0);
        expect(report.deleted.status).toBe(204);
        expect(report.deleted.text).toBe('');

        // Everything the customer owned is gone with it, the licence subscription included.
        expectError(await ctx.api.request('GET', `/v1/customers/${customer.id}`, { token }), 404, 20002);
        expectError(
          await ctx.api.request('GET', `/v1/customers/${customer.id}/subscriptions/${licenceSubscription}`, { token }),
          404,
          20002,
        );
        expect(await listedCustomerIds(ctx, token)).not.toContain(customer.id);
        // The other scenario customer is untouched.
        const other = seeded.customers[1];
        const untouched = await ctx.api.request('GET', `/v1/customers/${other?.id}/entitlements`, { token });
        expect(untouched.body.items).toHaveLength(3);
      });
    }

    it('offboards a customer who bought through the API, waiting for each cancellation', async () => {
      const id = await createCustomer(ctx, token);
      const ri = await buy(ctx, token, id, OFFERS.reservedInstance);
      const perpetual = await buy(ctx, token, id, OFFERS.perpetualSoftware, 2);
      const software = await buy(ctx, token, id, OFFERS.softwareSubscription);
      await buy(ctx, token, id, OFFERS.newCommerce, 2);

      const report = await recipe(id);
      expect(report.entitlementCount).toBe(3);
      expect([...report.orderIds].sort()).toEqual([ri.id, perpetual.id, software.id].sort());
      for (const patched of report.cancellations.values()) expect(patched.body.status).toBe('pending');
      expect(report.deleted.status).toBe(204);
      expectError(await ctx.api.request('GET', `/v1/customers/${id}`, { token }), 404, 20002);
    });

    it('PATCHes an order once when several entitlements share it', async () => {
      const id = await createCustomer(ctx, token);
      const created = await ctx.api.request('POST', `/v1/customers/${id}/orders`, {
        token,
        body: {
          lineItems: [
            { lineItemNumber: 0, offerId: OFFERS.softwareSubscription, quantity: 1 },
            { lineItemNumber: 1, offerId: 'DG7GMGF0DVT7:000C:DG7GMGF0FVZM', quantity: 1 },
          ],
        },
      });
      expect(created.status).toBe(201);
      const entitlements = await ctx.api.request('GET', `/v1/customers/${id}/entitlements`, { token });
      expect(entitlements.body.items).toHaveLength(2);
      expect(entitlements.body.items.map((e: { referenceOrder: { id: string } }) => e.referenceOrder.id)).toEqual([
        created.body.id,
        created.body.id,
      ]);

      const report = await recipe(id);
      expect(report.orderIds).toEqual([created.body.id]);
      expect(report.cancellations.size).toBe(1);
      expect(report.deleted.status).toBe(204);
    });

    it('deletes at once a customer with no entitlements', async () => {
      const id = await createCustomer(ctx, token);
      await buy(ctx, token, id, OFFERS.licence, 1);
      const report = await recipe(id);
      expect(report.orderIds).toEqual([]);
      expect(report.rounds).toBe(0);
      expect(report.deleted.status).toBe(204);
    });

    it('leaves no entitlement listed once the cancellation completes, and the cancelled line items read quantity 0', async () => {
      const id = await createCustomer(ctx, token);
      const ri = await buy(ctx, token, id, OFFERS.reservedInstance, 2);
      const software = await buy(ctx, token, id, OFFERS.softwareSubscription, 3);
      const before = await ctx.api.request('GET', `/v1/customers/${id}/entitlements`, { token });
      expect(before.body.items).toHaveLength(2);

      for (const order of [ri, software]) {
        const patched = await ctx.api.request('PATCH', `/v1/customers/${id}/orders/${order.id}`, {
          token,
          body: { id: order.id, status: 'cancelled' },
        });
        expect(patched.body.status).toBe('pending');
      }
      // While the cancellation is in progress the entitlements are still there, and the delete is refused.
      const during = await ctx.api.request('GET', `/v1/customers/${id}/entitlements`, { token });
      expect(during.body.items).toHaveLength(2);
      expectError(await ctx.api.request('DELETE', `/v1/customers/${id}`, { token }), 400, 3000);

      const pollUntilCancelled = async (orderId: string) => {
        for (let round = 0; round < 60; round++) {
          const order = await ctx.api.request('GET', `/v1/customers/${id}/orders/${orderId}`, { token });
          if (String(order.body.status).toLowerCase() === 'cancelled') return order;
          await wait();
        }
        throw new Error(`Order ${orderId} never read cancelled`);
      };
      const cancelledRi = await pollUntilCancelled(ri.id);
      const cancelledSoftware = await pollUntilCancelled(software.id);
      for (const order of [cancelledRi, cancelledSoftware]) {
        expect(schemaErrors(OrderSchema, order.body)).toEqual([]);
        expect(order.body.lineItems.map((li: { quantity: number }) => li.quantity)).toEqual([0]);
      }

      const after = await ctx.api.request('GET', `/v1/customers/${id}/entitlements`, { token });
      expect(after.status).toBe(200);
      expect(schemaErrors(CollectionSchema(EntitlementSchema, 'Entitlements'), after.body)).toEqual([]);
      expect(after.body.items).toEqual([]);
      expect(after.body.totalCount).toBe(0);
      for (const type of ['software', 'reservedInstance']) {
        const filtered = await ctx.api.request('GET', `/v1/customers/${id}/entitlements?entitlementType=${type}`, {
          token,
        });
        expect(filtered.body.items).toEqual([]);
      }
      const statuses = await ctx.api.request('GET', `/v1/customers/${id}/orders/${ri.id}/provisioningstatus`, {
        token,
      });
      expect(statuses.body.items.map((s: { status: string }) => s.status)).toEqual(['cancelled']);
      expect((await ctx.api.request('DELETE', `/v1/customers/${id}`, { token })).status).toBe(204);
    });
  });
};
