/** @module Unknown routes: 404 with the Partner Center body, as JSON. */
import { describe, expect, it } from 'vitest';
import { ErrorBodySchema } from '@partnerbox/contract';
import { schemaErrors } from '../../schema.js';
import { json, type BadInputTheme } from './bad-input-context.js';

export const unknownRoutes: BadInputTheme = (context) => {
  const { customerPath, orderPath, subscriptionPath } = context;
  describe('unknown routes', () => {
    it('get 404 with the Partner Center body', async () => {
      for (const call of [
        { method: 'GET', path: '/v1/nothing' },
        { method: 'GET', path: '/v1/customer' },
        { method: 'GET', path: `${customerPath()}/invoices` },
        { method: 'POST', path: `${customerPath()}/users`, options: json({}) },
        { method: 'GET', path: `${orderPath()}/lineitems` },
        { method: 'GET', path: `${subscriptionPath()}/addons` },
        { method: 'GET', path: '/v2/customers' },
      ]) {
        const response = await context.send(call);
        expect(`${call.method} ${call.path} → ${response.status}`).toBe(`${call.method} ${call.path} → 404`);
        expect(schemaErrors(ErrorBodySchema, response.body)).toEqual([]);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      }
    });
  });
};
