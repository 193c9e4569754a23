/** @module Ids in the path: customer and subscription ids that are not GUIDs, order ids with odd characters. */
import { describe, expect, it } from 'vitest';
import { ErrorBodySchema } from '@partnerbox/contract';
import { OFFERS, orderBody } from '../../fixtures.js';
import { schemaErrors } from '../../schema.js';
import { expectError } from '../helpers.js';
import { json, type BadInputTheme, type Call } from './bad-input-context.js';

export const pathIds: BadInputTheme = (context) => {
  describe('ids in the path', () => {
    const badCustomerIds = ['not-a-guid', '12345', '0f3c5b1e-2d4a-4c6b-9e8f-7a6b5c4d3e2z', '%C3%A9t%C3%A9'];

    /** Every customer route, under a customer id, for the fixture's order and subscription. */
    const customerRoutes = (customerBase: string): Call[] => {
      const { softwareOrderId, subscriptionId } = context.fixture;
      return [
        { method: 'GET', path: customerBase },
        { method: 'PATCH', path: customerBase, options: json({ allowDelegatedAccess: false }) },
        { method: 'DELETE', path: customerBase },
        { method: 'GET', path: `${customerBase}/entitlements` },
        { method: 'GET', path: `${customerBase}/orders` },
        { method: 'POST', path: `${customerBase}/orders`, options: json(orderBody(OFFERS.perpetualSoftware)) },
        { method: 'GET', path: `${customerBase}/orders/${softwareOrderId}` },
        { method: 'GET', path: `${customerBase}/subscriptions` },
        { method: 'GET', path: `${customerBase}/subscriptions/${subscriptionId}` },
        {
          method: 'PATCH',
          path: `${customerBase}/subscriptions/${subscriptionId}`,
          options: json({ status: 'suspended' }),
        },
      ];
    };

    it('a customer id that is not a GUID gets 400 900118 on every customer route', async () => {
      for (const customerId of badCustomerIds)
        for (const call of customerRoutes(`/v1/customers/${customerId}`)) {
          const response = await context.send(call);
          expect(`${call.method} ${call.path} → ${response.status} ${response.body?.code}`).toBe(
            `${call.method} ${call.path} → 400 900118`,
          );
          expect(schemaErrors(ErrorBodySchema, response.body)).toEqual([]);
        }
    });

    it('a subscription id that is not a GUID gets 400 900118 "Invalid Subscription Id"', async () => {
      for (const subscriptionId of ['not-a-guid', '42', 'A356AC8C-E310-44F4-BF85-C7F29044AF9']) {
        const path = `${context.customerPath()}/subscriptions/${subscriptionId}`;
        for (const call of [
          { method: 'GET', path },
          { method: 'PATCH', path, options: json({ status: 'suspended' }) },
          { method: 'GET', path: `${path}/provisioningstatus` },
        ]) {
          const response = await context.send(call);
          expectError(response, 400, 900118);
          expect(response.body.description).toBe('Invalid Subscription Id');
        }
      }
    });

    it('an order id with odd characters, or one that does not exist, gets 404 20000', async () => {
      for (const orderId of [
        'ab$cd',
        'a%20b',
        '%E2%9C%93',
        'a.b',
        'x'.repeat(65),
        'NoSuchOrder0000000000000000000001',
      ]) {
        const path = `${context.customerPath()}/orders/${orderId}`;
        for (const call of [
          { method: 'GET', path },
          { method: 'PATCH', path, options: json({ id: orderId, status: 'cancelled' }) },
          { method: 'GET', path: `${path}/provisioningstatus` },
        ]) {
          const response = await context.send(call);
          expectError(response, 404, 20000);
        }
      }
    });
  });
};
