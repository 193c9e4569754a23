/**
 * @module Bodies: malformed JSON, wrong types, missing fields, unknown enum values, oversized,
 * deeply nested or non-object bodies, __proto__ keys, over-long strings and NUL characters.
 */
import { describe, expect, it } from 'vitest';
import { ErrorBodySchema } from '@partnerbox/contract';
import { customerBody, OFFERS, orderBody } from '../../fixtures.js';
import { schemaErrors } from '../../schema.js';
import { expectError } from '../helpers.js';
import { expectInvalidInput, json, raw, type BadInputTheme, type Call } from './bad-input-context.js';

export const requestBodies: BadInputTheme = (context) => {
  const { customerPath, orderPath, subscriptionPath } = context;
  describe('bodies', () => {
    it('malformed JSON gets 400 800002 naming the body', async () => {
      const malformedBodies = [
        '{',
        '{"companyProfile":',
        "{'lineItems': []}",
        '{"a":1}}',
        'nope',
        '{"a":1,,}',
        '{"a" 1}',
      ];
      const bodyRoutes = () => [
        { method: 'POST', path: '/v1/customers' },
        { method: 'PATCH', path: customerPath() },
        { method: 'POST', path: `${customerPath()}/orders` },
        { method: 'PATCH', path: orderPath() },
        { method: 'PATCH', path: subscriptionPath() },
      ];
      for (const body of malformedBodies)
        for (const route of bodyRoutes())
          expectInvalidInput(await context.send({ ...route, options: raw(body) }), 'body');
    });

    it('wrong types get 400 800002 with the offending field path in data', async () => {
      const validCustomer = customerBody();
      const cases: [Call, string][] = [
        [
          {
            method: 'POST',
            path: `${customerPath()}/orders`,
            options: json(orderBody(OFFERS.perpetualSoftware, 'abc' as unknown as number)),
          },
          'lineItems[0].quantity',
        ],
        [
          { method: 'POST', path: `${customerPath()}/orders`, options: json({ lineItems: { offerId: 'x' } }) },
          'lineItems',
        ],
        [
          {
            method: 'POST',
            path: `${customerPath()}/orders`,
            options: json({
              lineItems: [
                { lineItemNumber: 0, offerId: OFFERS.perpetualSoftware, quantity: 1 },
                { lineItemNumber: 'one', offerId: OFFERS.licence, quantity: 1 },
              ],
            }),
          },
          'lineItems[1].lineItemNumber',
        ],
        [
          { method: 'POST', path: '/v1/customers', options: json({ ...validCustomer, billingProfile: 'billing' }) },
          'billingProfile',
        ],
        [
          {
            method: 'POST',
            path: '/v1/customers',
            options: json({ ...validCustomer, companyProfile: { ...validCustomer.companyProfile, domain: 12345 } }),
          },
          'companyProfile.domain',
        ],
        [
          {
            method: 'POST',
            path: '/v1/customers',
            options: json({
              ...validCustomer,
              billingProfile: {
                ...validCustomer.billingProfile,
                defaultAddress: { ...validCustomer.billingProfile.defaultAddress, country: 'USA' },
              },
            }),
          },
          'billingProfile.defaultAddress.country',
        ],
        [
          { method: 'PATCH', path: customerPath(), options: json({ allowDelegatedAccess: 'nope' }) },
          'allowDelegatedAccess',
        ],
        [{ method: 'PATCH', path: subscriptionPath(), options: json({ quantity: 'many' }) }, 'quantity'],
        [{ method: 'PATCH', path: subscriptionPath(), options: json({ autoRenewEnabled: [] }) }, 'autoRenewEnabled'],
        [{ method: 'PATCH', path: orderPath(), options: json({ status: 'cancelled', lineItems: 'all' }) }, 'lineItems'],
      ];
      for (const [call, field] of cases) expectInvalidInput(await context.send(call), field);
    });

    it('missing required fields get 400 800002 naming the field (null counts as missing)', async () => {
      const withBilling = (change: Record<string, unknown>) => {
        const body = customerBody();
        return { ...body, billingProfile: { ...body.billingProfile, ...change } };
      };
      const withoutAddressCountry = () => {
        const body = customerBody();
        const { country: _country, ...address } = body.billingProfile.defaultAddress;
        return { ...body, billingProfile: { ...body.billingProfile, defaultAddress: address } };
      };
      const cases: [Call, string][] = [
        [
          { method: 'POST', path: '/v1/customers', options: json({ billingProfile: customerBody().billingProfile }) },
          'companyProfile',
        ],
        [
          { method: 'POST', path: '/v1/customers', options: json({ ...customerBody(), companyProfile: {} }) },
          'companyProfile.domain',
        ],
        [
          { method: 'POST', path: '/v1/customers', options: json(withBilling({ email: undefined })) },
          'billingProfile.email',
        ],
        [
          { method: 'POST', path: '/v1/customers', options: json(withBilling({ email: null })) },
          'billingProfile.email',
        ],
        [
          {
            method: 'POST',
            path: '/v1/customers',
            options: json(withBilling({ Culture: null, culture: undefined })),
          },
          'billingProfile.culture',
        ],
        [
          { method: 'POST', path: '/v1/customers', options: json(withoutAddressCountry()) },
          'billingProfile.defaultAddress.country',
        ],
        [
          { method: 'POST', path: `${customerPath()}/orders`, options: json({ billingCycle: 'one_time' }) },
          'lineItems',
        ],
        [
          {
            method: 'POST',
            path: `${customerPath()}/orders`,
            options: json({ lineItems: [{ lineItemNumber: 0, quantity: 1 }] }),
          },
          'lineItems[0].offerId',
        ],
        [{ method: 'PATCH', path: orderPath(), options: json({ id: context.fixture.softwareOrderId }) }, 'status'],
        [
          { method: 'PATCH', path: orderPath(), options: json({ id: context.fixture.softwareOrderId, status: null }) },
          'status',
        ],
      ];
      for (const [call, field] of cases) expectInvalidInput(await context.send(call), field);
    });

    it('unknown enum values get 400 900126 naming the value', async () => {
      const cases: [Call, string][] = [
        [{ method: 'PATCH', path: customerPath(), options: json({ relationshipToPartner: 'bogus' }) }, 'bogus'],
        [
          {
            method: 'POST',
            path: `${customerPath()}/orders`,
            options: json({ billingCycle: 'weekly', ...orderBody(OFFERS.perpetualSoftware) }),
          },
          'weekly',
        ],
        [
          {
            method: 'PATCH',
            path: orderPath(),
            options: json({ id: context.fixture.softwareOrderId, status: 'frozen' }),
          },
          'frozen',
        ],
        [{ method: 'PATCH', path: subscriptionPath(), options: json({ status: 'paused' }) }, 'paused'],
        [{ method: 'GET', path: `${customerPath()}/entitlements?entitlementType=hardware` }, 'hardware'],
      ];
      for (const [call, value] of cases) {
        const response = await context.send(call);
        expectError(response, 400, 900126);
        expect(response.body.description).toContain(value);
      }
    });

    it('a body over 1 MB gets 413 with the Partner Center body', async () => {
      const huge = JSON.stringify({ ...customerBody(), padding: 'x'.repeat(1_200_000) });
      for (const call of [
        { method: 'POST', path: '/v1/customers', options: raw(huge) },
        { method: 'POST', path: `${customerPath()}/orders`, options: raw(huge) },
        { method: 'PATCH', path: subscriptionPath(), options: raw(huge) },
      ]) {
        const response = await context.send(call);
        expect(response.status).toBe(413);
        expect(schemaErrors(ErrorBodySchema, response.body)).toEqual([]);
      }
    });

    it('a JSON array, string, number, boolean or null as the body gets 400 800002', async () => {
      for (const body of ['[]', JSON.stringify([customerBody()]), '"hello"', '42', 'true', 'null'])
        for (const call of [
          { method: 'POST', path: '/v1/customers', options: raw(body) },
          { method: 'POST', path: `${customerPath()}/orders`, options: raw(body) },
          { method: 'PATCH', path: orderPath(), options: raw(body) },
        ])
          expectError(await context.send(call), 400, 800002);
    });

    it('deeply nested JSON gets 400, never a 500', async () => {
      const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      const nestedArrays = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
      const companyProfile = JSON.stringify(customerBody().companyProfile);
      const inKnownField = `{"companyProfile":${companyProfile},"billingProfile":${nested(5000)}}`;
      for (const body of [nestedArrays, nested(100_000)]) {
        const response = await context.send({ method: 'POST', path: '/v1/customers', options: raw(body) });
        expectError(response, 400, 800002);
        // A deliberate answer, not the runtime's own words.
        expect(response.text).not.toContain('call stack');
      }
      expectInvalidInput(
        await context.send({ method: 'POST', path: '/v1/customers', options: raw(inKnownField) }),
        'billingProfile.email',
      );
    });

    it('__proto__ keys cannot stand in for required fields', async () => {
      expectInvalidInput(
        await context.send({
          method: 'POST',
          path: '/v1/customers',
          options: raw(`{"__proto__":${JSON.stringify(customerBody())}}`),
        }),
        'companyProfile',
      );
      expectInvalidInput(
        await context.send({
          method: 'PATCH',
          path: orderPath(),
          options: raw('{"__proto__":{"status":"cancelled"}}'),
        }),
        'status',
      );
    });

    it('strings over their length limit get 400 800002 naming the field', async () => {
      const validCustomer = customerBody();
      const tooLong = 'x'.repeat(500_000);
      const cases: [Call, string][] = [
        [
          {
            method: 'POST',
            path: '/v1/customers',
            options: json({
              ...validCustomer,
              companyProfile: { ...validCustomer.companyProfile, companyName: tooLong },
            }),
          },
          'companyProfile.companyName',
        ],
        [
          { method: 'POST', path: `${customerPath()}/orders`, options: json(orderBody(tooLong)) },
          'lineItems[0].offerId',
        ],
        [{ method: 'PATCH', path: subscriptionPath(), options: json({ friendlyName: tooLong }) }, 'friendlyName'],
      ];
      for (const [call, field] of cases) expectInvalidInput(await context.send(call), field);
    });

    it('a NUL character in a string gets 400 800002 naming the field', async () => {
      const validCustomer = customerBody();
      const cases: [Call, string][] = [
        [
          {
            method: 'POST',
            path: '/v1/customers',
            options: json({
              ...validCustomer,
              companyProfile: { ...validCustomer.companyProfile, companyName: 'Nul\u0000Corp' },
            }),
          },
          'companyProfile.companyName',
        ],
        [{ method: 'PATCH', path: subscriptionPath(), options: json({ friendlyName: 'a\u0000b' }) }, 'friendlyName'],
        [{ method: 'GET', path: `${customerPath()}/subscriptions?order_id=a%00b` }, 'order_id'],
      ];
      for (const [call, field] of cases) expectInvalidInput(await context.send(call), field);
    });
  });
};
