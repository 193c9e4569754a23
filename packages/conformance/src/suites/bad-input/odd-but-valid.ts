/** @module Odd but valid input: __proto__ keys, huge unknown properties and unicode are taken as they should be. */
import { describe, expect, it } from 'vitest';
import { CustomerSchema, ErrorBodySchema } from '@partnerbox/contract';
import { customerBody, uniqueLabel } from '../../fixtures.js';
import { schemaErrors } from '../../schema.js';
import { json, raw, type BadInputTheme } from './bad-input-context.js';

export const oddButValidInput: BadInputTheme = (context) => {
  describe('odd but valid input', () => {
    it('__proto__ keys are ignored: the customer is created and nothing leaks into it', async () => {
      const body = customerBody();
      const text = JSON.stringify(body).replace(
        '{"companyProfile":{',
        '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"companyProfile":{"__proto__":{"x":1},',
      );
      const created = await context.send({ method: 'POST', path: '/v1/customers', options: raw(text) });
      expect(created.status).toBe(201);
      expect(schemaErrors(CustomerSchema, created.body)).toEqual([]);
      expect(created.body.polluted).toBeUndefined();
      expect(created.body.companyProfile.domain).toBe(body.companyProfile.domain);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });

    it('a huge unknown property within the size limit is ignored', async () => {
      const body = customerBody();
      const created = await context.send({
        method: 'POST',
        path: '/v1/customers',
        options: json({ ...body, notes: 'n'.repeat(900_000) }),
      });
      expect(created.status).toBe(201);
      expect(created.text.length).toBeLessThan(10_000);
    });

    it('unicode round-trips exactly and can be filtered on', async () => {
      const name = `Ünïcødé ${uniqueLabel()} 日本語 Ελληνικά 🎉`;
      const created = await context.send({
        method: 'POST',
        path: '/v1/customers',
        options: json(customerBody({ companyName: name })),
      });
      expect(created.status).toBe(201);
      const fetched = await context.send({ method: 'GET', path: `/v1/customers/${created.body.id}` });
      expect(fetched.body.companyProfile.companyName).toBe(name);
      expect(fetched.body.billingProfile.companyName).toBe(name);
      // A prefix with characters outside the BMP (an emoji is two UTF-16 units but one character).
      const label = uniqueLabel();
      const party = await context.send({
        method: 'POST',
        path: '/v1/customers',
        options: json(customerBody({ companyName: `🎉 Fête ${label} 🎉 Ltd` })),
      });
      expect(party.status).toBe(201);
      for (const [prefix, id] of [
        [name.slice(0, 18), created.body.id],
        [`🎉 fÊte ${label} 🎉`, party.body.id],
      ]) {
        const filter = encodeURIComponent(
          JSON.stringify({ Field: 'CompanyName', Value: prefix, Operator: 'starts_with' }),
        );
        const listed = await context.send({ method: 'GET', path: `/v1/customers?filter=${filter}` });
        expect(listed.status).toBe(200);
        expect(listed.body.items.map((customer: { id: string }) => customer.id)).toEqual([id]);
      }
      const internationalDomain = await context.send({
        method: 'POST',
        path: '/v1/customers',
        options: json(customerBody({ domain: `bücher${uniqueLabel()}.onmicrosoft.com` })),
      });
      expect(internationalDomain.status).toBe(400);
      expect(schemaErrors(ErrorBodySchema, internationalDomain.body)).toEqual([]);
    });
  });
};
