/**
 * @module The two seed operations end to end (spec sections 1 and 9): deleting a customer from
 * the integration sandbox, and removing the reseller relationship (and its DAP-only variant),
 * with every precondition, error and the re-establishment through an invitation.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { CollectionSchema, CustomerSchema, RelationshipRequestSchema } from '@partnerbox/contract';
import { customerBody, OFFERS } from '../fixtures.js';
import { schemaErrors } from '../schema.js';
import type { Suite } from '../suite.js';
import {
  appToken,
  buy,
  buyProvisioned,
  cancelOrder,
  createCustomer,
  expectError,
  listedCustomerIds,
  partnerOf,
  untilOrderStatus,
  userToken,
} from './helpers.js';

const REMOVE_RELATIONSHIP = { relationshipToPartner: 'none', attributes: { objectType: 'Customer' } };
const REMOVE_DAP = { allowDelegatedAccess: false, attributes: { objectType: 'Customer' } };
const sorted = (values: readonly string[]) => [...values].sort();

export const seedOperationsSuite: Suite = (ctx, capabilities) => {
  describe('seed operation: delete a customer from the integration sandbox', () => {
    let token: string;
    beforeAll(async () => {
      if (capabilities.control) await ctx.api.control.reset();
      token = await appToken(ctx);
    });

    it('deletes a customer with no purchases: 204 with an empty body, then the id is unknown', async () => {
      const id = await createCustomer(ctx, token);
      const requestId = randomUUID();
      const correlationId = randomUUID();
      const deleted = await ctx.api.request('DELETE', `/v1/customers/${id}`, {
        token,
        headers: { 'MS-RequestId': requestId, 'MS-CorrelationId': correlationId, 'Content-Length': '0' },
      });
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
      expect(deleted.headers.get('ms-requestid')).toBe(requestId);
      expect(deleted.headers.get('ms-correlationid')).toBe(correlationId);

      expectError(await ctx.api.request('GET', `/v1/customers/${id}`, { token }), 404, 20002);
      expectError(await ctx.api.request('GET', `/v1/customers/${id}/orders`, { token }), 404, 20002);
      expectError(await ctx.api.request('GET', `/v1/customers/${id}/entitlements`, { token }), 404, 20002);
      expectError(await ctx.api.request('DELETE', `/v1/customers/${id}`, { token }), 404, 20002);
      expect(await listedCustomerIds(ctx, token)).not.toContain(id);
    });

    it('accepts an App+User token as well as an App-only one', async () => {
      const id = await createCustomer(ctx, token);
      const user = await userToken(ctx, capabilities);
      const deleted = await ctx.api.request('DELETE', `/v1/customers/${id}`, { token: user });
      expect(deleted.status).toBe(204);
      expectError(await ctx.api.request('GET', `/v1/customers/${id}`, { token }), 404, 20002);
    });

    it('refuses while a reserved-instance order is not cancelled: 400 3000 naming the order, and deletes nothing', async () => {
      const id = await createCustomer(ctx, token);
      const ri = await buy(ctx, token, id, OFFERS.reservedInstance);
      const refused = await ctx.api.request('DELETE', `/v1/customers/${id}`, { token });
      expectError(refused, 400, 3000);
      expect(refused.body.data).toEqual([ri.id]);
      expect(refused.body.description).toContain(
        'Customer relationship cannot be removed due to active Azure reserved instances',
      );
      expect(refused.body.description).toContain(ri.id);

      const customer = await ctx.api.request('GET', `/v1/customers/${id}`, { token });
      expect(customer.status).toBe(200);
      expect(customer.body.relationshipToPartner).toBe('reseller');
      const order = await ctx.api.request('GET', `/v1/customers/${id}/orders/${ri.id}`, { token });
      expect(order.status).toBe(200);
      expect(order.body.status).not.toBe('cancelled');
      const entitlements = await ctx.api.request('GET', `/v1/customers/${id}/entitlements`, { token });
      expect(entitlements.body.items).toHaveLength(1);
    });

    it('names every reserved-instance and software order not cancelled, and no licence order', async () => {
      const id = await createCustomer(ctx, token);
      const ri = await buy(ctx, token, id, OFFERS.reservedInstance);
      const perpetual = await buy(ctx, token, id, OFFERS.perpetualSoftware);
      const software = await buy(ctx, token, id, OFFERS.softwareSubscription);
      const licence = await buy(ctx, token, id, OFFERS.licence, 2);
      const refused = await ctx.api.request('DELETE', `/v1/customers/${id}`, { token });
      expectError(refused, 400, 3000);
      expect(sorted(refused.body.data)).toEqual(sorted([ri.id, perpetual.id, software.id]));
      expect(refused.body.data).not.toContain(licence.id);
      for (const orderId of [ri.id, perpetual.id, software.id]) expect(refused.body.description).toContain(orderId);
      const orders = await ctx.api.request('GET', `/v1/customers/${id}/orders`, { token });
      expect(orders.body.items).toHaveLength(4);
    });

    it('refuses while a cancellation is still in progress, names only the orders left, and deletes once all are cancelled', async () => {
      const id = await createCustomer(ctx, token);
      const ri = await buy(ctx, token, id, OFFERS.reservedInstance);
      const software = await buy(ctx, token, id, OFFERS.perpetualSoftware);

      const cancelling = await cancelOrder(ctx, token, id, ri.id);
      expect(cancelling.status).toBe(200);
      expect(cancelling.body.status).toBe('pending');
      const whileCancelling = await ctx.api.request('DELETE', `/v1/customers/${id}`, { token });
      expectError(whileCancelling, 400, 3000);
      expect(sorted(whileCancelling.body.data)).toEqual(sorted([ri.id, software.id]));

      await untilOrderStatus(ctx, capabilities, token, id, ri.id, 'cancelled');
      const oneLeft = await ctx.api.request('DELETE', `/v1/customers/${id}`, { token });
      expectError(oneLeft, 400, 3000);
      expect(oneLeft.body.data).toEqual([software.id]);

      expect((await cancelOrder(ctx, token, id, software.id)).status).toBe(200);
      const stillCancelling = await ctx.api.request('DELETE', `/v1/customers/${id}`, { token });
      expectError(stillCancelling, 400, 3000);
      expect(stillCancelling.body.data).toEqual([software.id]);
      expect((await ctx.api.request('GET', `/v1/customers/${id}`, { token })).status).toBe(200);

      await untilOrderStatus(ctx, capabilities, token, id, software.id, 'cancelled');
      const deleted = await ctx.api.request('DELETE', `/v1/customers/${id}`, { token });
      expect(deleted.status).toBe(204);
      expectError(await ctx.api.request('GET', `/v1/customers/${id}/orders/${ri.id}`, { token }), 404, 20002);
    });

    // Partner-Center-PowerShell issue 215 (docs/compatibility.md, "Which orders block DELETE").
    it('refuses while an Azure plan is active: 400 3000 naming its order and the plan, and deletes nothing', async () => {
      const id = await createCustomer(ctx, token);
      const plan = await buyProvisioned(ctx, capabilities, token, id, OFFERS.azurePlan);
      const refused = await ctx.api.request('DELETE', `/v1/customers/${id}`, { token });
      expectError(refused, 400, 3000);
      expect(refused.body.data).toEqual([plan.id]);
      expect(refused.body.description).toBe(
        `Customer relationship cannot be removed due to an active Azure plan. Please suspend the Azure plan of the following orders: ${plan.id}`,
      );
      expect((await ctx.api.request('GET', `/v1/customers/${id}`, { token })).status).toBe(200);
      const subscriptionId = plan.lineItems[0].subscriptionId as string;
      const subscription = await ctx.api.request('GET', `/v1/customers/${id}/subscriptions/${subscriptionId}`, {
        token,
      });
      expect(subscription.body.status).toBe('active');
    });

    it('deletes a customer with an Azure plan once the plan is suspended (the workaround in issue 215)', async () => {
      const id = await createCustomer(ctx, token);
      const plan = await buyProvisioned(ctx, capabilities, token, id, OFFERS.azurePlan);
      const ri = await buy(ctx, token, id, OFFERS.reservedInstance);
      const both = await ctx.api.request('DELETE', `/v1/customers/${id}`, { token });
      expectError(both, 400, 3000);
      expect(both.body.description).toBe(
        `Customer relationship cannot be removed due to active Azure reserved instances and an active Azure plan. Please cancel the following orders: ${ri.id}; then suspend the Azure plan of the following orders: ${plan.id}`,
      );
      expect(both.body.data).toEqual([plan.id, ri.id]);

      const subscriptionId = plan.lineItems[0].subscriptionId as string;
      const suspended = await ctx.api.request('PATCH', `/v1/customers/${id}/subscriptions/${subscriptionId}`, {
        token,
        body: { status: 'suspended' },
      });
      expect(suspended.status).toBe(200);
      expect(suspended.body.status).toBe('suspended');
      const riOnly = await ctx.api.request('DELETE', `/v1/customers/${id}`, { token });
      expectError(riOnly, 400, 3000);
      expect(riOnly.body.data).toEqual([ri.id]);

      expect((await cancelOrder(ctx, token, id, ri.id)).status).toBe(200);
      await untilOrderStatus(ctx, capabilities, token, id, ri.id, 'cancelled');
      expect((await ctx.api.request('DELETE', `/v1/customers/${id}`, { token })).status).toBe(204);
      expectError(await ctx.api.request('GET', `/v1/customers/${id}`, { token }), 404, 20002);
    });

    it('answers 404 20002 for an unknown customer and 400 900118 for an id that is not a GUID', async () => {
      const unknown = await ctx.api.request('DELETE', `/v1/customers/${randomUUID()}`, { token });
      expectError(unknown, 404, 20002);
      expect(unknown.body.description).toBe('No relationship between caller and account.');
      const notGuid = await ctx.api.request('DELETE', '/v1/customers/not-a-guid', { token });
      expectError(notGuid, 400, 900118);
    });

    if (capabilities.production) {
      it('is not supported for a production account: 400 900127, and the customer stays', async () => {
        const production = await appToken(ctx, 'production');
        const id = await createCustomer(ctx, production);
        for (const t of [production, await userToken(ctx, capabilities, 'production')]) {
          const refused = await ctx.api.request('DELETE', `/v1/customers/${id}`, { token: t });
          expectError(refused, 400, 900127);
          expect(refused.body.description).toBe('This operation is not supported in this environment');
        }
        const customer = await ctx.api.request('GET', `/v1/customers/${id}`, { token: production });
        expect(customer.status).toBe(200);
        expect(await listedCustomerIds(ctx, production)).toContain(id);
      });

      it("never deletes another partner's customer: 404 20002, and the customer stays", async () => {
        const production = await appToken(ctx, 'production');
        const id = await createCustomer(ctx, production);
        expectError(await ctx.api.request('DELETE', `/v1/customers/${id}`, { token }), 404, 20002);
        expect((await ctx.api.request('GET', `/v1/customers/${id}`, { token: production })).status).toBe(200);
      });
    }
  });

  if (capabilities.control) {
    describe('seed operation: deleting regains sandbox quota', () => {
      let token: string;
      beforeAll(async () => {
        await ctx.api.control.reset();
        token = await appToken(ctx);
      });

      it('fills to 75 customers, refuses the 76th with 400 800018, and creates again after a delete or a removal', async () => {
        const seeded = await ctx.api.control.scenario('customers-only', { count: 75 });
        expect(seeded.customers).toHaveLength(75);
        const listed = await ctx.api.request('GET', '/v1/customers?size=100', { token });
        expect(schemaErrors(CollectionSchema(CustomerSchema, 'Customers'), listed.body)).toEqual([]);
        expect(listed.body.totalCount).toBe(75);

        const body = customerBody();
        const refused = await ctx.api.request('POST', '/v1/customers', { token, body });
        expectError(refused, 400, 800018);
        expect(refused.body.description).toBe('The sandbox limit has been met');
        const filter = encodeURIComponent(
          JSON.stringify({ Field: 'Domain', Value: body.companyProfile.domain, Operator: 'starts_with' }),
        );
        expect((await ctx.api.request('GET', `/v1/customers?filter=${filter}`, { token })).body.items).toEqual([]);
        expect(await listedCustomerIds(ctx, token)).toHaveLength(75);

        const [first, second] = seeded.customers;
        expect((await ctx.api.request('DELETE', `/v1/customers/${first?.id}`, { token })).status).toBe(204);
        expect((await ctx.api.request('POST', '/v1/customers', { token, body })).status).toBe(201);
        expectError(await ctx.api.request('POST', '/v1/customers', { token, body: customerBody() }), 400, 800018);

        // Removing the relationship in a sandbox account deletes the customer: a slot comes back too.
        const user = await userToken(ctx, capabilities);
        const removed = await ctx.api.request('PATCH', `/v1/customers/${second?.id}`, {
          token: user,
          body: REMOVE_RELATIONSHIP,
        });
        expect(removed.status).toBe(200);
        expect((await ctx.api.request('POST', '/v1/customers', { token, body: customerBody() })).status).toBe(201);
        expectError(await ctx.api.request('POST', '/v1/customers', { token, body: customerBody() }), 400, 800018);
        expect(await listedCustomerIds(ctx, token)).toHaveLength(75);
      });
    });
  }

  describe('seed operation: remove the reseller relationship (integration sandbox account)', () => {
    let token: string;
    let user: string;
    beforeAll(async () => {
      if (capabilities.control) await ctx.api.control.reset();
      token = await appToken(ctx);
      user = await userToken(ctx, capabilities);
    });

    const patch = (id: string, t: string, body: unknown) =>
      ctx.api.request('PATCH', `/v1/customers/${id}`, { token: t, body });

    async function expectUnchanged(id: string) {
      const customer = await ctx.api.request('GET', `/v1/customers/${id}`, { token });
      expect(customer.status).toBe(200);
      expect(customer.body.relationshipToPartner).toBe('reseller');
      expect(customer.body.allowDelegatedAccess).toBe(true);
    }

    it('needs an App+User token: App-only gets 403 900150 and nothing changes', async () => {
      const id = await createCustomer(ctx, token);
      const refused = await patch(id, token, REMOVE_RELATIONSHIP);
      expectError(refused, 403, 900150);
      expect(refused.body.description).toBe(
        'The supplied role does not have the rights to perform the requested operation',
      );
      await expectUnchanged(id);
    });

    it('refuses while subscriptions are active: 400 3000 naming them, and nothing changes', async () => {
      const id = await createCustomer(ctx, token);
      const licence = await buyProvisioned(ctx, capabilities, token, id, OFFERS.licence, 3);
      const newCommerce = await buyProvisioned(ctx, capabilities, token, id, OFFERS.newCommerce, 2);
      const subscriptionIds = [licence.lineItems[0].subscriptionId, newCommerce.lineItems[0].subscriptionId];
      const refused = await patch(id, user, REMOVE_RELATIONSHIP);
      expectError(refused, 400, 3000);
      expect(sorted(refused.body.data)).toEqual(sorted(subscriptionIds));
      for (const subscriptionId of subscriptionIds) expect(refused.body.description).toContain(subscriptionId);
      await expectUnchanged(id);
      const subscriptions = await ctx.api.request('GET', `/v1/customers/${id}/subscriptions`, { token });
      expect(subscriptions.body.items.map((s: { status: string }) => s.status)).toEqual(['active', 'active']);
    });

    it('refuses while a reserved-instance (or, in a sandbox account, software) order is not cancelled: 400 3000 naming the orders', async () => {
      const id = await createCustomer(ctx, token);
      const ri = await buy(ctx, token, id, OFFERS.reservedInstance);
      const refused = await patch(id, user, REMOVE_RELATIONSHIP);
      expectError(refused, 400, 3000);
      expect(refused.body.data).toEqual([ri.id]);
      expect(refused.body.description).toContain(ri.id);
      await expectUnchanged(id);

      // In a sandbox account the removal runs the delete operation, whose preconditions include software.
      const software = await buy(ctx, token, id, OFFERS.perpetualSoftware);
      expect((await cancelOrder(ctx, token, id, ri.id)).status).toBe(200);
      const whileCancelling = await patch(id, user, REMOVE_RELATIONSHIP);
      expectError(whileCancelling, 400, 3000);
      expect(sorted(whileCancelling.body.data)).toEqual(sorted([ri.id, software.id]));
      await untilOrderStatus(ctx, capabilities, token, id, ri.id, 'cancelled');
      const softwareLeft = await patch(id, user, REMOVE_RELATIONSHIP);
      expectError(softwareLeft, 400, 3000);
      expect(softwareLeft.body.data).toEqual([software.id]);
      await expectUnchanged(id);
    });

    it('removes the relationship with the documented body: 200 and relationshipToPartner none; the sandbox customer is deleted', async () => {
      const id = await createCustomer(ctx, token);
      const removed = await ctx.api.request('PATCH', `/v1/customers/${id}`, {
        token: user,
        rawBody:
          '{\n    "relationshipToPartner":"none",\n    "attributes":{\n        "objectType":"Customer"\n    }\n}',
        headers: { 'Content-Type': 'application/json; charset=utf-8', 'MS-RequestId': randomUUID() },
      });
      expect(removed.status).toBe(200);
      expect(schemaErrors(CustomerSchema, removed.body)).toEqual([]);
      expect(removed.body.id).toBe(id);
      expect(removed.body.relationshipToPartner).toBe('none');
      expect(removed.body.attributes.objectType).toBe('Customer');

      expectError(await ctx.api.request('GET', `/v1/customers/${id}`, { token }), 404, 20002);
      expect(await listedCustomerIds(ctx, token)).not.toContain(id);
      // The customer no longer exists in the sandbox account, so a second removal finds no customer.
      expectError(await patch(id, user, REMOVE_RELATIONSHIP), 404, 20002);
      expectError(await ctx.api.request('DELETE', `/v1/customers/${id}`, { token }), 404, 20002);
    });

    it('lets the removal through once the subscriptions are suspended', async () => {
      const id = await createCustomer(ctx, token);
      const licence = await buyProvisioned(ctx, capabilities, token, id, OFFERS.licence, 1);
      const azure = await buyProvisioned(ctx, capabilities, token, id, OFFERS.azurePlan, 1);
      expectError(await patch(id, user, REMOVE_RELATIONSHIP), 400, 3000);
      for (const order of [licence, azure]) {
        const subscriptionId = order.lineItems[0].subscriptionId;
        const suspended = await ctx.api.request('PATCH', `/v1/customers/${id}/subscriptions/${subscriptionId}`, {
          token,
          body: { status: 'suspended' },
        });
        expect(suspended.body.status).toBe('suspended');
      }
      const removed = await patch(id, user, REMOVE_RELATIONSHIP);
      expect(removed.status).toBe(200);
      expect(removed.body.relationshipToPartner).toBe('none');
      expectError(await ctx.api.request('GET', `/v1/customers/${id}`, { token }), 404, 20002);
      expectError(
        await ctx.api.request('GET', `/v1/customers/${id}/subscriptions/${licence.lineItems[0].subscriptionId}`, {
          token,
        }),
        404,
        20002,
      );
    });

    it('accepts the PascalCase body and enum values in any case', async () => {
      const id = await createCustomer(ctx, token);
      const removed = await patch(id, user, {
        Id: null,
        RelationshipToPartner: 'None',
        AllowDelegatedAccess: null,
        Attributes: { ObjectType: 'Customer' },
      });
      expect(removed.status).toBe(200);
      expect(removed.body.relationshipToPartner).toBe('none');
    });

    it('refuses any other relationship value (400 3000, or 900126 for an unknown one) and changes nothing', async () => {
      const id = await createCustomer(ctx, token);
      const reseller = await patch(id, user, { relationshipToPartner: 'reseller' });
      expectError(reseller, 400, 3000);
      const unknown = await patch(id, user, { relationshipToPartner: 'divorced' });
      expectError(unknown, 400, 900126);
      expect(unknown.body.data).toContain('divorced');
      await expectUnchanged(id);
    });

    it('answers 404 20002 for an unknown customer and 400 900118 for an id that is not a GUID', async () => {
      expectError(await patch(randomUUID(), user, REMOVE_RELATIONSHIP), 404, 20002);
      expectError(await patch('12345', user, REMOVE_RELATIONSHIP), 400, 900118);
    });
  });

  if (capabilities.production) {
    describe('seed operation: remove the reseller relationship (production account)', () => {
      let token: string;
      let user: string;
      beforeAll(async () => {
        if (capabilities.control) await ctx.api.control.reset();
        token = await appToken(ctx, 'production');
        user = await userToken(ctx, capabilities, 'production');
      });

      const patch = (id: string, body: unknown) =>
        ctx.api.request('PATCH', `/v1/customers/${id}`, { token: user, body });

      it('refuses while a reserved-instance order is not cancelled (production cannot cancel it by PATCH)', async () => {
        const id = await createCustomer(ctx, token);
        const ri = await buy(ctx, token, id, OFFERS.reservedInstance);
        const refused = await patch(id, REMOVE_RELATIONSHIP);
        expectError(refused, 400, 3000);
        expect(refused.body.data).toEqual([ri.id]);
        expectError(await cancelOrder(ctx, token, id, ri.id), 403, 800019);
        const customer = await ctx.api.request('GET', `/v1/customers/${id}`, { token });
        expect(customer.body.relationshipToPartner).toBe('reseller');
      });

      describe('a customer whose relationship is removed', () => {
        let id: string;
        let subscriptionIds: string[];
        beforeAll(async () => {
          id = await createCustomer(ctx, token);
          const licence = await buyProvisioned(ctx, capabilities, token, id, OFFERS.licence, 4);
          const newCommerce = await buyProvisioned(ctx, capabilities, token, id, OFFERS.newCommerce, 1);
          await buy(ctx, token, id, OFFERS.perpetualSoftware);
          subscriptionIds = [licence.lineItems[0].subscriptionId, newCommerce.lineItems[0].subscriptionId];
        });

        it('is refused while subscriptions are active (software does not block in production), naming them', async () => {
          const refused = await patch(id, REMOVE_RELATIONSHIP);
          expectError(refused, 400, 3000);
          expect(sorted(refused.body.data)).toEqual(sorted(subscriptionIds));
          expect((await ctx.api.request('GET', `/v1/customers/${id}`, { token })).body.relationshipToPartner).toBe(
            'reseller',
          );
        });

        it('is removed once they are suspended: 200, relationshipToPartner none', async () => {
          for (const subscriptionId of subscriptionIds) {
            const suspended = await ctx.api.request('PATCH', `/v1/customers/${id}/subscriptions/${subscriptionId}`, {
              token,
              body: { status: 'suspended' },
            });
            expect(suspended.status).toBe(200);
          }
          const removed = await patch(id, REMOVE_RELATIONSHIP);
          expect(removed.status).toBe(200);
          expect(schemaErrors(CustomerSchema, removed.body)).toEqual([]);
          expect(removed.body.relationshipToPartner).toBe('none');
          expect(removed.body.allowDelegatedAccess).toBe(false);
        });

        it('is hidden afterwards: 404 20002 on every read, absent from the list', async () => {
          expectError(await ctx.api.request('GET', `/v1/customers/${id}`, { token }), 404, 20002);
          expectError(await ctx.api.request('GET', `/v1/customers/${id}/subscriptions`, { token }), 404, 20002);
          expectError(await ctx.api.request('GET', `/v1/customers/${id}/orders`, { token }), 404, 20002);
          expectError(
            await ctx.api.request('POST', `/v1/customers/${id}/orders`, {
              token,
              body: { lineItems: [{ lineItemNumber: 0, offerId: OFFERS.licence, quantity: 1 }] },
            }),
            404,
            20002,
          );
          expect(await listedCustomerIds(ctx, token)).not.toContain(id);
        });

        it('cannot be removed twice: 400 3000 "The relationship between the partner and customer does not exist"', async () => {
          const again = await patch(id, REMOVE_RELATIONSHIP);
          expectError(again, 400, 3000);
          expect(again.body.description).toBe('The relationship between the partner and customer does not exist');
          expectError(await ctx.api.request('GET', `/v1/customers/${id}`, { token }), 404, 20002);
        });

        if (capabilities.control) {
          it('comes back when the customer accepts the invitation from GET relationshiprequests', async () => {
            const request = await ctx.api.request('GET', '/v1/customers/relationshiprequests', { token: user });
            expect(request.status).toBe(200);
            expect(schemaErrors(RelationshipRequestSchema, request.body)).toEqual([]);
            expect(request.body.url).toContain(`partnerId=${partnerOf(ctx, 'production').tenantId}`);

            const accepted = await ctx.api.control.call('POST', '/invitations/accept', {
              url: request.body.url,
              customerTenantId: id,
            });
            expect(accepted.status).toBeLessThan(300);

            const customer = await ctx.api.request('GET', `/v1/customers/${id}`, { token });
            expect(customer.status).toBe(200);
            expect(schemaErrors(CustomerSchema, customer.body)).toEqual([]);
            expect(customer.body.relationshipToPartner).toBe('reseller');
            expect(await listedCustomerIds(ctx, token)).toContain(id);
            const subscriptions = await ctx.api.request('GET', `/v1/customers/${id}/subscriptions`, { token });
            expect(sorted(subscriptions.body.items.map((s: { id: string }) => s.id))).toEqual(sorted(subscriptionIds));

            // Accepting again while the relationship exists is refused.
            const twice = await ctx.api.control.call('POST', '/invitations/accept', {
              url: request.body.url,
              customerTenantId: id,
            });
            expect(twice.status).toBe(400);
          });
        }
      });
    });
  }

  describe('seed operation variant: remove delegated admin access (DAP) only', () => {
    let token: string;
    let user: string;
    beforeAll(async () => {
      if (capabilities.control) await ctx.api.control.reset();
      token = await appToken(ctx);
      user = await userToken(ctx, capabilities);
    });

    it('sets allowDelegatedAccess false and keeps the relationship, even with active subscriptions', async () => {
      const id = await createCustomer(ctx, token);
      await buy(ctx, token, id, OFFERS.licence, 1);
      const removed = await ctx.api.request('PATCH', `/v1/customers/${id}`, { token: user, body: REMOVE_DAP });
      expect(removed.status).toBe(200);
      expect(schemaErrors(CustomerSchema, removed.body)).toEqual([]);
      expect(removed.body.allowDelegatedAccess).toBe(false);
      expect(removed.body.relationshipToPartner).toBe('reseller');

      const customer = await ctx.api.request('GET', `/v1/customers/${id}`, { token });
      expect(customer.body.allowDelegatedAccess).toBe(false);
      expect(customer.body.relationshipToPartner).toBe('reseller');
      expect(await listedCustomerIds(ctx, token)).toContain(id);

      // Again, in the docs' PascalCase form: still 200, still removed.
      const again = await ctx.api.request('PATCH', `/v1/customers/${id}`, {
        token: user,
        body: { AllowDelegatedAccess: false, attributes: { objectType: 'Customer' } },
      });
      expect(again.status).toBe(200);
      expect(again.body.allowDelegatedAccess).toBe(false);
    });

    it('needs an App+User token: App-only gets 403 900150 and DAP stays', async () => {
      const id = await createCustomer(ctx, token);
      expectError(await ctx.api.request('PATCH', `/v1/customers/${id}`, { token, body: REMOVE_DAP }), 403, 900150);
      expect((await ctx.api.request('GET', `/v1/customers/${id}`, { token })).body.allowDelegatedAccess).toBe(true);
    });

    it('cannot grant DAP back by PATCH (400 3000): only an accepted invitation does', async () => {
      const id = await createCustomer(ctx, token);
      expect((await ctx.api.request('PATCH', `/v1/customers/${id}`, { token: user, body: REMOVE_DAP })).status).toBe(
        200,
      );
      const grant = await ctx.api.request('PATCH', `/v1/customers/${id}`, {
        token: user,
        body: { allowDelegatedAccess: true },
      });
      expectError(grant, 400, 3000);
      expect((await ctx.api.request('GET', `/v1/customers/${id}`, { token })).body.allowDelegatedAccess).toBe(false);
    });
  });

  describe('seed operation: the relationship request URL', () => {
    it('gives an App+User caller the invitation URL naming the partner', async () => {
      const user = await userToken(ctx, capabilities);
      const response = await ctx.api.request('GET', '/v1/customers/relationshiprequests', { token: user });
      expect(response.status).toBe(200);
      expect(schemaErrors(RelationshipRequestSchema, response.body)).toEqual([]);
      expect(response.body.attributes.objectType).toBe('RelationshipRequest');
      expect(response.body.url).toMatch(/^https:\/\//);
      expect(response.body.url).toContain(`partnerId=${ctx.target.sandboxPartner.tenantId}`);
    });

    it('refuses an App-only token with 403 900150', async () => {
      const token = await appToken(ctx);
      expectError(await ctx.api.request('GET', '/v1/customers/relationshiprequests', { token }), 403, 900150);
    });
  });
};
