/** @module Another partner's customer: every route answers as for an id nobody has, so existence never leaks. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OFFERS, orderBody } from '../../fixtures.js';
import { expectError, userToken } from '../helpers.js';
import { json, type BadInputTheme, type Call } from './bad-input-context.js';
import type { ProductionCustomer } from './fixture.js';

export const foreignCustomers: BadInputTheme = (context) => {
  const { customerPath } = context;
  if (context.capabilities.production)
    describe("another partner's customer", () => {
      /** Every customer route, for a customer, one of its orders and one of its subscriptions. */
      const customerRoutes = (customerId: string, orderId: string, subscriptionId: string): Call[] => {
        const customerBase = `/v1/customers/${customerId}`;
        return [
          { method: 'GET', path: customerBase },
          { method: 'DELETE', path: customerBase },
          { method: 'GET', path: `${customerBase}/entitlements` },
          { method: 'GET', path: `${customerBase}/orders` },
          { method: 'POST', path: `${customerBase}/orders`, options: json(orderBody(OFFERS.perpetualSoftware)) },
          { method: 'GET', path: `${customerBase}/orders/${orderId}` },
          {
            method: 'PATCH',
            path: `${customerBase}/orders/${orderId}`,
            options: json({ id: orderId, status: 'cancelled' }),
          },
          { method: 'GET', path: `${customerBase}/orders/${orderId}/provisioningstatus` },
          { method: 'GET', path: `${customerBase}/subscriptions` },
          { method: 'GET', path: `${customerBase}/subscriptions?order_id=${orderId}` },
          { method: 'GET', path: `${customerBase}/subscriptions/${subscriptionId}` },
          {
            method: 'PATCH',
            path: `${customerBase}/subscriptions/${subscriptionId}`,
            options: json({ status: 'suspended' }),
          },
        ];
      };

      /** The answers for `foreign` are exactly those for an id nobody has: existence never leaks. */
      async function expectSameAsUnknown(token: string, foreign: Call[], unknown: Call[]) {
        for (const [index, call] of foreign.entries()) {
          const foreignResponse = await context.send(call, token);
          const unknownResponse = await context.send(unknown[index] as Call, token);
          const label = `${call.method} ${call.path}`;
          expect({ call: label, status: foreignResponse.status, body: foreignResponse.body }).toEqual({
            call: label,
            status: unknownResponse.status,
            body: unknownResponse.body,
          });
        }
      }

      it("the sandbox partner's token on a production customer gets 404 20002 everywhere", async () => {
        const production = context.fixture.production as ProductionCustomer;
        const foreign = customerRoutes(production.customerId, production.orderId, production.subscriptionId);
        for (const call of foreign) expectError(await context.send(call), 404, 20002);
        await expectSameAsUnknown(
          context.fixture.token,
          foreign,
          customerRoutes(randomUUID(), production.orderId, production.subscriptionId),
        );
        const patch = await context.suite.api.request('PATCH', `/v1/customers/${production.customerId}`, {
          token: await userToken(context.suite, context.capabilities, 'sandbox'),
          body: { allowDelegatedAccess: false },
        });
        expectError(patch, 404, 20002);
      });

      it("the production partner's token on a sandbox customer gets what an unknown id gets", async () => {
        const { fixture } = context;
        const production = context.fixture.production as ProductionCustomer;
        const foreign = customerRoutes(fixture.customerId, fixture.softwareOrderId, fixture.subscriptionId);
        for (const call of foreign.filter((call) => call.method !== 'DELETE'))
          expectError(await context.send(call, production.token), 404, 20002);
        // A production account cannot delete at all: the same 900127 whoever the customer is.
        expectError(await context.send({ method: 'DELETE', path: customerPath() }, production.token), 400, 900127);
        await expectSameAsUnknown(
          production.token,
          foreign,
          customerRoutes(randomUUID(), fixture.softwareOrderId, fixture.subscriptionId),
        );
        const user = await userToken(context.suite, context.capabilities, 'production');
        for (const body of [{ allowDelegatedAccess: false }, { relationshipToPartner: 'none' }])
          expectError(await context.suite.api.request('PATCH', customerPath(), { token: user, body }), 404, 20002);
      });
    });
};
