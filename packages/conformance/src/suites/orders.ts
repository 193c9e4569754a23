/**
 * @module Orders: create from the catalog (201 pending → completed, the docs' PascalCase RI
 * body, idempotency by MS-RequestId), list, get, provisioning status, the integration
 * sandbox's quotas, and its cancellation rules (800063, 800019, 900117, line items, retries).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CollectionSchema,
  EntitlementSchema,
  OrderLineItemProvisioningStatusSchema,
  OrderSchema,
} from '@partnerbox/contract';
import { OFFERS, orderBody } from '../fixtures.js';
import { schemaErrors } from '../schema.js';
import type { Suite } from '../suite.js';
import {
  appToken,
  buy,
  cancelOrder,
  createCustomer,
  expectError,
  idsOf,
  pass,
  until,
  untilOrderStatus,
} from './helpers.js';
import { CREATE_RI_ORDER_EXAMPLE } from './doc-examples.js';

/** A second software subscription, the docs' line item 1 of the cancel-software-purchases example. */
const WINDOWS_SERVER_CAL = 'DG7GMGF0DVT7:000C:DG7GMGF0FVZM';
/** A Partnerbox catalog offer whose minimum (30 seats) exceeds the sandbox's 25. */
const THIRTY_SEAT_MINIMUM = '5C1E9B2A-0F3D-4B6E-8A7C-2D9F4E1B3A60';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const orderSuite: Suite = (ctx, capabilities) => {
  const ordersOf = (token: string, customerId: string) =>
    ctx.api.request('GET', `/v1/customers/${customerId}/orders`, { token });
  const subscriptionsOf = (token: string, customerId: string) =>
    ctx.api.request('GET', `/v1/customers/${customerId}/subscriptions`, { token });

  describe('orders: create, list, get, provisioning status', () => {
    let token: string;
    beforeAll(async () => {
      if (capabilities.control) await ctx.api.control.reset();
      token = await appToken(ctx);
    });

    it('creates an order from the catalog: 201 pending (or already completed), then completed, in the documented shape', async () => {
      const id = await createCustomer(ctx, token);
      const created = await ctx.api.request('POST', `/v1/customers/${id}/orders`, {
        token,
        body: orderBody(OFFERS.licence, 3),
      });
      expect(created.status).toBe(201);
      expect(schemaErrors(OrderSchema, created.body)).toEqual([]);
      const order = created.body;
      expect(['pending', 'completed']).toContain(order.status);
      expect(order.referenceCustomerId).toBe(id);
      expect(order.attributes.objectType).toBe('Order');
      expect(order.billingCycle).toBe('monthly');
      expect(order.currencyCode).toBe('USD');
      expect(Number.isNaN(Date.parse(order.creationDate))).toBe(false);
      expect(order.lineItems).toHaveLength(1);
      expect(order.lineItems[0]).toMatchObject({ lineItemNumber: 0, offerId: OFFERS.licence, quantity: 3 });
      expect(order.lineItems[0].subscriptionId).toMatch(GUID);
      expect(order.links.self.uri).toMatch(new RegExp(`^(/v1)?/customers/${id}/orders/${order.id}$`));
      expect(order.links.provisioningStatus.uri).toMatch(
        new RegExp(`^(/v1)?/customers/${id}/orders/${order.id}/provisioningstatus$`),
      );

      const completed = await untilOrderStatus(ctx, capabilities, token, id, order.id, 'completed');
      expect(completed.status).toBe(200);
      expect(schemaErrors(OrderSchema, completed.body)).toEqual([]);
      expect(completed.body.status).toBe('completed');
      const subscription = await ctx.api.request(
        'GET',
        `/v1/customers/${id}/subscriptions/${order.lineItems[0].subscriptionId}`,
        { token },
      );
      expect(subscription.status).toBe(200);
      expect(subscription.body.orderId).toBe(order.id);
      expect(subscription.body.quantity).toBe(3);
    });

    it("accepts the docs' Azure RI example body in PascalCase with ProvisioningContext", async () => {
      const id = await createCustomer(ctx, token);
      const created = await ctx.api.request('POST', `/v1/customers/${id}/orders`, {
        token,
        rawBody: CREATE_RI_ORDER_EXAMPLE,
        headers: { 'Content-Type': 'application/json' },
      });
      expect(created.status).toBe(201);
      expect(schemaErrors(OrderSchema, created.body)).toEqual([]);
      expect(['pending', 'completed']).toContain(created.body.status);
      expect(created.body.billingCycle).toBe('one_time');
      expect(created.body.currencyCode).toBe('USD');
      expect(created.body.lineItems[0]).toMatchObject({
        lineItemNumber: 0,
        offerId: 'DZH318Z0BQ4B:0047:DZH318Z0DSM8',
        friendlyName: 'A_sample_Azure_RI',
        quantity: 1,
        provisioningContext: {
          subscriptionId: '3D5ECED6-1151-44C7-AEE6-70A4BB725666',
          scope: 'shared',
          duration: '1Year',
        },
      });
      expect(created.body.lineItems[0].subscriptionId).toBeUndefined();

      // The legacy GUID offer id of the docs' response names the same offer.
      const legacy = await buy(ctx, token, id, '84A03D81-6B37-4D66-8D4A-FAEA24541538');
      expect(legacy.lineItems[0].offerId.toUpperCase()).toBe('84A03D81-6B37-4D66-8D4A-FAEA24541538');
      const entitlements = await ctx.api.request('GET', `/v1/customers/${id}/entitlements`, { token });
      expect(schemaErrors(CollectionSchema(EntitlementSchema, 'Entitlements'), entitlements.body)).toEqual([]);
      expect(entitlements.body.items.map((e: { referenceOrder: { id: string } }) => e.referenceOrder.id)).toEqual([
        created.body.id,
        legacy.id,
      ]);
    });

    it("lists a customer's orders and gets each by id", async () => {
      const id = await createCustomer(ctx, token);
      const a = await buy(ctx, token, id, OFFERS.perpetualSoftware, 2);
      const b = await buy(ctx, token, id, OFFERS.newCommerce, 4);
      await untilOrderStatus(ctx, capabilities, token, id, b.id, 'completed');
      const listed = await ordersOf(token, id);
      expect(listed.status).toBe(200);
      expect(schemaErrors(CollectionSchema(OrderSchema, 'Orders'), listed.body)).toEqual([]);
      expect(listed.body.totalCount).toBe(2);
      expect(listed.body.attributes.objectType).toBe('Collection');
      expect(idsOf(listed).sort()).toEqual([a.id, b.id].sort());
      for (const item of listed.body.items) {
        const fetched = await ctx.api.request('GET', `/v1/customers/${id}/orders/${item.id}`, { token });
        expect(fetched.status).toBe(200);
        expect(schemaErrors(OrderSchema, fetched.body)).toEqual([]);
        expect(fetched.body.id).toBe(item.id);
        expect(fetched.body.lineItems).toEqual(item.lineItems);
      }
      const empty = await ordersOf(token, await createCustomer(ctx, token));
      expect(empty.body).toMatchObject({ totalCount: 0, items: [] });
    });

    it("reports each line item's provisioning status", async () => {
      const id = await createCustomer(ctx, token);
      const created = await ctx.api.request('POST', `/v1/customers/${id}/orders`, {
        token,
        body: {
          lineItems: [
            { lineItemNumber: 0, offerId: OFFERS.perpetualSoftware, quantity: 2 },
            { lineItemNumber: 1, offerId: OFFERS.softwareSubscription, quantity: 1 },
          ],
        },
      });
      expect(created.status).toBe(201);
      await untilOrderStatus(ctx, capabilities, token, id, created.body.id, 'completed');
      const status = await ctx.api.request('GET', `/v1/customers/${id}/orders/${created.body.id}/provisioningstatus`, {
        token,
      });
      expect(status.status).toBe(200);
      expect(
        schemaErrors(CollectionSchema(OrderLineItemProvisioningStatusSchema, 'ProvisioningStatuses'), status.body),
      ).toEqual([]);
      expect(
        status.body.items.map((s: { lineItemNumber: number; status: string }) => [s.lineItemNumber, s.status]),
      ).toEqual([
        [0, 'fulfilled'],
        [1, 'fulfilled'],
      ]);
      expect(status.body.items[0].quantityProvisioningInformation[0].quantity).toBe(2);
    });

    it('is idempotent by MS-RequestId: a retried create returns the same order and buys once', async () => {
      const id = await createCustomer(ctx, token);
      const headers = { 'MS-RequestId': randomUUID() };
      const body = orderBody(OFFERS.licence, 2);
      const first = await ctx.api.request('POST', `/v1/customers/${id}/orders`, { token, body, headers });
      const second = await ctx.api.request('POST', `/v1/customers/${id}/orders`, { token, body, headers });
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body.id).toBe(first.body.id);
      expect(second.body.lineItems[0].subscriptionId).toBe(first.body.lineItems[0].subscriptionId);
      expect(second.headers.get('ms-requestid')).toBe(headers['MS-RequestId']);
      expect(idsOf(await ordersOf(token, id))).toEqual([first.body.id]);
      expect((await subscriptionsOf(token, id)).body.items).toHaveLength(1);

      const third = await ctx.api.request('POST', `/v1/customers/${id}/orders`, {
        token,
        body,
        headers: { 'MS-RequestId': randomUUID() },
      });
      expect(third.status).toBe(201);
      expect(third.body.id).not.toBe(first.body.id);
      expect((await ordersOf(token, id)).body.items).toHaveLength(2);

      // Retries racing each other still buy once.
      const raced = { 'MS-RequestId': randomUUID() };
      const racing = await Promise.all(
        [0, 1, 2].map(() => ctx.api.request('POST', `/v1/customers/${id}/orders`, { token, body, headers: raced })),
      );
      expect(racing.map((r) => r.status)).toEqual([201, 201, 201]);
      expect(new Set(racing.map((r) => r.body.id)).size).toBe(1);
      expect((await ordersOf(token, id)).body.items).toHaveLength(3);

      // The same request id on another customer's orders is another call, not a replay.
      const other = await createCustomer(ctx, token);
      const elsewhere = await ctx.api.request('POST', `/v1/customers/${other}/orders`, { token, body, headers });
      expect(elsewhere.status).toBe(201);
      expect(elsewhere.body.referenceCustomerId).toBe(other);
      expect(idsOf(await ordersOf(token, other))).toEqual([elsewhere.body.id]);
      expect((await ordersOf(token, id)).body.items).toHaveLength(3);
    });

    it('refuses an unknown offer with 400 600039 and bad bodies with 800002, and buys nothing', async () => {
      const id = await createCustomer(ctx, token);
      const unknown = await ctx.api.request('POST', `/v1/customers/${id}/orders`, {
        token,
        body: orderBody('NOPE00000000:0001:NOPE00000001'),
      });
      expectError(unknown, 400, 600039);
      expect(unknown.body.data).toContain('NOPE00000000:0001:NOPE00000001');
      const noQuantity = await ctx.api.request('POST', `/v1/customers/${id}/orders`, {
        token,
        body: { lineItems: [{ lineItemNumber: 0, offerId: OFFERS.licence }] },
      });
      expectError(noQuantity, 400, 800002);
      const noLines = await ctx.api.request('POST', `/v1/customers/${id}/orders`, { token, body: { lineItems: [] } });
      expectError(noLines, 400, 800002);
      const otherCustomer = await ctx.api.request('POST', `/v1/customers/${id}/orders`, {
        token,
        body: { referenceCustomerId: randomUUID(), ...orderBody(OFFERS.licence) },
      });
      expectError(otherCustomer, 400, 3000);
      expect((await ordersOf(token, id)).body.items).toEqual([]);
      expect((await subscriptionsOf(token, id)).body.items).toEqual([]);
    });

    it('answers 404 20002 for an unknown customer, 400 900118 for a non-GUID one, 404 20000 for an unknown order', async () => {
      expectError(
        await ctx.api.request('POST', `/v1/customers/${randomUUID()}/orders`, {
          token,
          body: orderBody(OFFERS.licence),
        }),
        404,
        20002,
      );
      expectError(await ctx.api.request('GET', '/v1/customers/contoso/orders', { token }), 400, 900118);
      const id = await createCustomer(ctx, token);
      const missing = 'UKXASSO1dezh3HdxClHxSp5UEFXGbAnt1';
      for (const [method, path] of [
        ['GET', `/v1/customers/${id}/orders/${missing}`],
        ['GET', `/v1/customers/${id}/orders/${missing}/provisioningstatus`],
        ['PATCH', `/v1/customers/${id}/orders/${missing}`],
      ] as const) {
        const response = await ctx.api.request(method, path, {
          token,
          ...(method === 'PATCH' ? { body: { id: missing, status: 'cancelled' } } : {}),
        });
        expectError(response, 404, 20000);
        expect(response.body.description).toBe('Order Id not found');
      }
      // An order is found only under its own customer.
      const order = await buy(ctx, token, id, OFFERS.perpetualSoftware);
      await untilOrderStatus(ctx, capabilities, token, id, order.id, 'completed');
      const other = await createCustomer(ctx, token);
      expectError(await ctx.api.request('GET', `/v1/customers/${other}/orders/${order.id}`, { token }), 404, 20000);
      expectError(await cancelOrder(ctx, token, other, order.id), 404, 20000);
      expect((await ctx.api.request('GET', `/v1/customers/${id}/orders/${order.id}`, { token })).body.status).toBe(
        'completed',
      );
    });
  });

  describe('orders: integration sandbox quotas', () => {
    let token: string;
    beforeAll(async () => {
      if (capabilities.control) await ctx.api.control.reset();
      token = await appToken(ctx);
    });

    it('allows 5 subscriptions per customer: the 6th is 403 800066 and buys nothing; RI and software are not subscriptions', async () => {
      const id = await createCustomer(ctx, token);
      await buy(ctx, token, id, OFFERS.licence, 1);
      await buy(ctx, token, id, OFFERS.licence, 2);
      await buy(ctx, token, id, OFFERS.newCommerce, 3);
      await buy(ctx, token, id, OFFERS.azurePlan, 1);
      await buy(ctx, token, id, '0CCA44D6-68E9-4762-94EE-31ECE98783B9', 4);
      for (const offerId of [OFFERS.licence, OFFERS.newCommerce, OFFERS.azurePlan]) {
        const refused = await ctx.api.request('POST', `/v1/customers/${id}/orders`, {
          token,
          body: orderBody(offerId, 1),
        });
        expectError(refused, 403, 800066);
      }
      expect((await ordersOf(token, id)).body.items).toHaveLength(5);
      expect((await subscriptionsOf(token, id)).body.items).toHaveLength(5);
      await buy(ctx, token, id, OFFERS.perpetualSoftware);
      await buy(ctx, token, id, OFFERS.reservedInstance);
      expect((await subscriptionsOf(token, id)).body.items).toHaveLength(5);
    });

    it('allows 25 seats per subscription: 26 is 403 800067 and buys nothing', async () => {
      const id = await createCustomer(ctx, token);
      for (const offerId of [OFFERS.licence, OFFERS.newCommerce]) {
        const refused = await ctx.api.request('POST', `/v1/customers/${id}/orders`, {
          token,
          body: orderBody(offerId, 26),
        });
        expectError(refused, 403, 800067);
        expect(refused.body.data).toContain(offerId);
      }
      expect((await ordersOf(token, id)).body.items).toEqual([]);
      const full = await buy(ctx, token, id, OFFERS.licence, 25);
      expect(full.lineItems[0].quantity).toBe(25);
    });

    if (capabilities.control) {
      it('cannot sell an offer whose minimum exceeds 25 seats, at any quantity (403 800067)', async () => {
        const id = await createCustomer(ctx, token);
        for (const quantity of [30, 1]) {
          const refused = await ctx.api.request('POST', `/v1/customers/${id}/orders`, {
            token,
            body: orderBody(THIRTY_SEAT_MINIMUM, quantity),
          });
          expectError(refused, 403, 800067);
        }
        expect((await ordersOf(token, id)).body.items).toEqual([]);
      });
    }

    it('allows at most 2 reserved VM instances per customer, and a cancelled one frees its place', async () => {
      const id = await createCustomer(ctx, token);
      const tooMany = await ctx.api.request('POST', `/v1/customers/${id}/orders`, {
        token,
        body: orderBody(OFFERS.reservedInstance, 3),
      });
      expectError(tooMany, 403, 800066);
      const first = await buy(ctx, token, id, OFFERS.reservedInstance, 1);
      await buy(ctx, token, id, 'DZH318Z0BQ4Z:002L:DZH318Z0CMNP', 1);
      const third = await ctx.api.request('POST', `/v1/customers/${id}/orders`, {
        token,
        body: orderBody('DZH318Z0BQ4B:000Z:DZH318Z0DSPL', 1),
      });
      expectError(third, 403, 800066);
      expect((await ordersOf(token, id)).body.items).toHaveLength(2);

      expect((await cancelOrder(ctx, token, id, first.id)).status).toBe(200);
      // Still held while the cancellation is in progress.
      expectError(
        await ctx.api.request('POST', `/v1/customers/${id}/orders`, {
          token,
          body: orderBody(OFFERS.reservedInstance),
        }),
        403,
        800066,
      );
      await untilOrderStatus(ctx, capabilities, token, id, first.id, 'cancelled');
      await buy(ctx, token, id, OFFERS.reservedInstance, 1);
    });
  });

  describe('orders: cancellation in the integration sandbox', () => {
    let token: string;
    beforeAll(async () => {
      if (capabilities.control) await ctx.api.control.reset();
      token = await appToken(ctx);
    });

    it('cancels an RI order: 200 pending, then cancelled', async () => {
      const id = await createCustomer(ctx, token);
      const ri = await buy(ctx, token, id, OFFERS.reservedInstance);
      const patched = await cancelOrder(ctx, token, id, ri.id);
      expect(patched.status).toBe(200);
      expect(schemaErrors(OrderSchema, patched.body)).toEqual([]);
      expect(patched.body.id).toBe(ri.id);
      expect(patched.body.status).toBe('pending');
      const cancelled = await untilOrderStatus(ctx, capabilities, token, id, ri.id, 'cancelled');
      expect(cancelled.body.status).toBe('cancelled');
    });

    it('refuses licence, new-commerce and Azure orders with 400 800063 pointing at PATCH subscription, and changes nothing', async () => {
      const id = await createCustomer(ctx, token);
      for (const offerId of [OFFERS.licence, OFFERS.newCommerce, OFFERS.azurePlan]) {
        const order = await buy(ctx, token, id, offerId);
        await untilOrderStatus(ctx, capabilities, token, id, order.id, 'completed');
        const refused = await cancelOrder(ctx, token, id, order.id);
        expectError(refused, 400, 800063);
        expect(refused.body.data).toEqual([order.id]);
        expect(refused.body.description).toBe(
          `This order ${order.id} cannot be cancelled. Use PATCH /customers/${id}/subscriptions/<subscriptionId> to suspend subscriptions`,
        );
        const after = await ctx.api.request('GET', `/v1/customers/${id}/orders/${order.id}`, { token });
        expect(after.body.status).toBe('completed');
        expect(after.body.lineItems[0].quantity).toBe(order.lineItems[0].quantity);
        const subscription = await ctx.api.request(
          'GET',
          `/v1/customers/${id}/subscriptions/${order.lineItems[0].subscriptionId}`,
          { token },
        );
        expect(subscription.body.status).toBe('active');
      }
    });

    it("accepts the docs' cancel body with its trailing comma", async () => {
      const id = await createCustomer(ctx, token);
      const order = await buy(ctx, token, id, OFFERS.perpetualSoftware);
      const patched = await ctx.api.request('PATCH', `/v1/customers/${id}/orders/${order.id}`, {
        token,
        rawBody: `{\n    "id": "${order.id}",\n    "status": "cancelled",\n}`,
        headers: { 'Content-Type': 'application/json' },
      });
      expect(patched.status).toBe(200);
      expect(patched.body.status).toBe('pending');
    });

    it('refuses other statuses (400 3000), unknown ones (900126) and a mismatched id (3000), changing nothing', async () => {
      const id = await createCustomer(ctx, token);
      const order = await buy(ctx, token, id, OFFERS.perpetualSoftware);
      await untilOrderStatus(ctx, capabilities, token, id, order.id, 'completed');
      const path = `/v1/customers/${id}/orders/${order.id}`;
      expectError(await ctx.api.request('PATCH', path, { token, body: { status: 'completed' } }), 400, 3000);
      expectError(await ctx.api.request('PATCH', path, { token, body: { status: 'annulled' } }), 400, 900126);
      expectError(
        await ctx.api.request('PATCH', path, {
          token,
          body: { id: 'Zz_otherOrderId000000000000000001', status: 'cancelled' },
        }),
        400,
        3000,
      );
      expectError(
        await ctx.api.request('PATCH', path, {
          token,
          body: { status: 'cancelled', lineItems: [{ lineItemNumber: 7 }] },
        }),
        400,
        3000,
      );
      const after = await ctx.api.request('GET', path, { token });
      expect(after.body.status).toBe('completed');
      expect((await ctx.api.request('GET', `/v1/customers/${id}/entitlements`, { token })).body.items).toHaveLength(1);
    });

    it('cancels just the line items named in lineItems', async () => {
      const id = await createCustomer(ctx, token);
      const created = await ctx.api.request('POST', `/v1/customers/${id}/orders`, {
        token,
        body: {
          lineItems: [
            { lineItemNumber: 0, offerId: OFFERS.softwareSubscription, quantity: 1 },
            { lineItemNumber: 1, offerId: WINDOWS_SERVER_CAL, quantity: 1 },
          ],
        },
      });
      expect(created.status).toBe(201);
      const orderId = created.body.id as string;
      const path = `/v1/customers/${id}/orders/${orderId}`;
      await untilOrderStatus(ctx, capabilities, token, id, orderId, 'completed');

      const patched = await ctx.api.request('PATCH', path, {
        token,
        body: {
          id: orderId,
          status: 'cancelled',
          lineItems: [{ lineItemNumber: 0, offerId: OFFERS.softwareSubscription }],
        },
      });
      expect(patched.status).toBe(200);
      expect(schemaErrors(OrderSchema, patched.body)).toEqual([]);
      expect(patched.body.status).toBe('pending');

      const done = await until(
        ctx,
        capabilities,
        () => ctx.api.request('GET', path, { token }),
        (r) => r.body.lineItems[0].quantity === 0,
      );
      expect(done.body.lineItems.map((li: { quantity: number }) => li.quantity)).toEqual([0, 1]);
      expect(done.body.status).toBe('completed');
      const entitlements = await ctx.api.request('GET', `/v1/customers/${id}/entitlements`, { token });
      expect(
        entitlements.body.items.map((e: { productId: string; referenceOrder: { lineItemId: string } }) => [
          e.productId,
          e.referenceOrder.lineItemId,
        ]),
      ).toEqual([['DG7GMGF0DVT7', '1']]);
      const statuses = await ctx.api.request('GET', `${path}/provisioningstatus`, { token });
      expect(statuses.body.items.map((s: { status: string }) => s.status)).toEqual(['cancelled', 'fulfilled']);
      // One line still stands, so the customer cannot be deleted yet.
      const refused = await ctx.api.request('DELETE', `/v1/customers/${id}`, { token });
      expectError(refused, 400, 3000);
      expect(refused.body.data).toEqual([orderId]);

      expect((await cancelOrder(ctx, token, id, orderId)).status).toBe(200);
      const cancelled = await untilOrderStatus(ctx, capabilities, token, id, orderId, 'cancelled');
      expect(cancelled.body.lineItems.map((li: { quantity: number }) => li.quantity)).toEqual([0, 0]);
      expect((await ctx.api.request('DELETE', `/v1/customers/${id}`, { token })).status).toBe(204);
    });

    if (capabilities.control) {
      it('is idempotent: cancelling again answers 200 and does not restart the cancellation', async () => {
        const id = await createCustomer(ctx, token);
        const retried = await buy(ctx, token, id, OFFERS.perpetualSoftware);
        const control = await buy(ctx, token, id, OFFERS.softwareSubscription);
        expect((await cancelOrder(ctx, token, id, retried.id)).body.status).toBe('pending');
        expect((await cancelOrder(ctx, token, id, control.id)).body.status).toBe('pending');
        await pass(ctx, capabilities, 2);
        const again = await cancelOrder(ctx, token, id, retried.id);
        expect(again.status).toBe(200);
        expect(again.body.status).toBe('pending');
        // Both were asked at the same moment, so both complete at the same moment.
        await until(
          ctx,
          capabilities,
          () => ctx.api.request('GET', `/v1/customers/${id}/orders/${control.id}`, { token }),
          (r) => r.body.status === 'cancelled',
          { stepSeconds: 0.5 },
        );
        const retriedNow = await ctx.api.request('GET', `/v1/customers/${id}/orders/${retried.id}`, { token });
        expect(retriedNow.body.status).toBe('cancelled');
        const afterDone = await cancelOrder(ctx, token, id, retried.id);
        expect(afterDone.status).toBe(200);
        expect(afterDone.body.status).toBe('cancelled');
      });
    }

    if (capabilities.production) {
      it('lets a production partner cancel software (200) but not reserved instances or licences (403 800019)', async () => {
        const production = await appToken(ctx, 'production');
        const id = await createCustomer(ctx, production);
        const ri = await buy(ctx, production, id, OFFERS.reservedInstance);
        const licence = await buy(ctx, production, id, OFFERS.licence, 30);
        for (const order of [ri, licence]) {
          const refused = await cancelOrder(ctx, production, id, order.id);
          expectError(refused, 403, 800019);
          expect(refused.body.description).toBe(
            'Non-Sandbox tenants are not allowed to cancel purchases other than software subscriptions and perpetual software',
          );
          const after = await ctx.api.request('GET', `/v1/customers/${id}/orders/${order.id}`, { token: production });
          expect(after.body.status).not.toBe('cancelled');
          expect(after.body.lineItems[0].quantity).toBe(order.lineItems[0].quantity);
        }
        for (const offerId of [OFFERS.perpetualSoftware, OFFERS.softwareSubscription]) {
          const order = await buy(ctx, production, id, offerId);
          const patched = await cancelOrder(ctx, production, id, order.id);
          expect(patched.status).toBe(200);
          expect(patched.body.status).toBe('pending');
          await untilOrderStatus(ctx, capabilities, production, id, order.id, 'cancelled');
        }
        const entitlements = await ctx.api.request('GET', `/v1/customers/${id}/entitlements`, { token: production });
        expect(entitlements.body.items.map((e: { entitlementType: string }) => e.entitlementType)).toEqual([
          'reservedinstance',
        ]);
      });
    }
  });

  if (capabilities.control) {
    describe('orders: the 60-day cancellation window', () => {
      let token: string;
      beforeAll(async () => {
        await ctx.api.control.reset();
        token = await appToken(ctx);
      });

      it('cancels within 60 days and refuses after with 400 900117, changing nothing', async () => {
        const id = await createCustomer(ctx, token);
        const early = await buy(ctx, token, id, OFFERS.reservedInstance);
        const late = await buy(ctx, token, id, OFFERS.perpetualSoftware);
        await pass(ctx, capabilities, 59 * 86_400);
        expect((await cancelOrder(ctx, token, id, early.id)).status).toBe(200);
        await pass(ctx, capabilities, 2 * 86_400);
        const refused = await cancelOrder(ctx, token, id, late.id);
        expectError(refused, 400, 900117);
        expect(refused.body.description).toBe(
          'You have passed your 60-day cancellation window. We are unable to cancel your purchase',
        );
        expect(refused.body.data).toEqual([late.id]);
        const after = await ctx.api.request('GET', `/v1/customers/${id}/orders/${late.id}`, { token });
        expect(after.body.status).toBe('completed');
        const entitlements = await ctx.api.request('GET', `/v1/customers/${id}/entitlements`, { token });
        expect(entitlements.body.items.map((e: { referenceOrder: { id: string } }) => e.referenceOrder.id)).toEqual([
          late.id,
        ]);
        // The order that can never be cancelled keeps the customer from being deleted.
        const blocked = await ctx.api.request('DELETE', `/v1/customers/${id}`, { token });
        expectError(blocked, 400, 3000);
        expect(blocked.body.data).toEqual([late.id]);
      });
    });
  }
};
