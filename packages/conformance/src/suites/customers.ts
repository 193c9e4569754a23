/** @module Customers: create (idempotent), get, list with seek paging and filters. */
import { beforeAll, describe, expect, it } from 'vitest';
import { CollectionSchema, CustomerSchema } from '@partnerbox/contract';
import { randomUUID } from 'node:crypto';
import { customerBody, uniqueLabel } from '../fixtures.js';
import { schemaErrors } from '../schema.js';
import type { Suite } from '../suite.js';

export const customerSuite: Suite = (ctx, capabilities) => {
  describe('customers', () => {
    let token: string;
    beforeAll(async () => {
      if (capabilities.control) await ctx.api.control.reset();
      token = await ctx.api.token(ctx.target.sandboxPartner);
    });

    it('creates a customer with 201, user credentials and the documented shape', async () => {
      const body = customerBody();
      const created = await ctx.api.request('POST', '/v1/customers', { token, body });
      expect(created.status).toBe(201);
      expect(schemaErrors(CustomerSchema, created.body)).toEqual([]);
      expect(created.body.companyProfile.domain).toBe(body.companyProfile.domain);
      expect(created.body.companyProfile.tenantId).toBe(created.body.id);
      expect(created.body.userCredentials.userName).toBeTruthy();
      expect(created.body.userCredentials.password.length).toBeGreaterThanOrEqual(8);
      expect(created.body.relationshipToPartner).toBe('reseller');
      expect(created.headers.get('content-type')).toMatch(/^application\/json; charset=utf-8/);

      const fetched = await ctx.api.request('GET', `/v1/customers/${created.body.id}`, { token });
      expect(fetched.status).toBe(200);
      expect(schemaErrors(CustomerSchema, fetched.body)).toEqual([]);
      expect(fetched.body.userCredentials).toBeUndefined();
      expect(fetched.body.billingProfile.email).toBe(body.billingProfile.email);
    });

    it('echoes MS-RequestId and MS-CorrelationId, and generates them when absent', async () => {
      const requestId = randomUUID();
      const correlationId = randomUUID();
      const echoed = await ctx.api.request('GET', '/v1/customers?size=1', {
        token,
        headers: { 'MS-RequestId': requestId, 'MS-CorrelationId': correlationId },
      });
      expect(echoed.headers.get('ms-requestid')).toBe(requestId);
      expect(echoed.headers.get('ms-correlationid')).toBe(correlationId);
      const generated = await ctx.api.request('GET', '/v1/customers?size=1', { token });
      expect(generated.headers.get('ms-requestid')).toMatch(/^[0-9a-f-]{36}$/);
      expect(generated.headers.get('ms-correlationid')).toMatch(/^[0-9a-f-]{36}$/);
      expect(generated.headers.get('ms-cv')).toBeTruthy();
      // Digits, as in every example of the docs (`MS-ServerId: 202010223`).
      expect(generated.headers.get('ms-serverid')).toMatch(/^\d+$/);
    });

    it('is idempotent by MS-RequestId: the same request id creates one customer', async () => {
      const body = customerBody();
      const requestId = randomUUID();
      const headers = { 'MS-RequestId': requestId };
      const first = await ctx.api.request('POST', '/v1/customers', { token, body, headers });
      const second = await ctx.api.request('POST', '/v1/customers', { token, body, headers });
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body.id).toBe(first.body.id);
      expect(second.body.userCredentials.password).toBe(first.body.userCredentials.password);
      const filter = encodeURIComponent(
        JSON.stringify({ Field: 'Domain', Value: body.companyProfile.domain, Operator: 'starts_with' }),
      );
      const listed = await ctx.api.request('GET', `/v1/customers?size=10&filter=${filter}`, { token });
      expect(listed.body.items).toHaveLength(1);
    });

    it('refuses a domain already in use with 409 600013 and creates nothing', async () => {
      const body = customerBody();
      expect((await ctx.api.request('POST', '/v1/customers', { token, body })).status).toBe(201);
      const again = await ctx.api.request('POST', '/v1/customers', {
        token,
        body: customerBody({ domain: body.companyProfile.domain }),
      });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe(600013);
    });

    it('pages with size and links.next, replaying the MS-ContinuationToken header, without gaps or repeats', async () => {
      const prefix = uniqueLabel('page');
      const ids = new Set<string>();
      for (let i = 0; i < 7; i++) {
        const created = await ctx.api.request('POST', '/v1/customers', {
          token,
          body: customerBody({ companyName: `${prefix} ${i}` }),
        });
        ids.add(created.body.id);
      }
      const filter = encodeURIComponent(
        JSON.stringify({ Field: 'CompanyName', Value: prefix, Operator: 'starts_with' }),
      );
      let page = await ctx.api.request('GET', `/v1/customers?size=3&filter=${filter}`, { token });
      const seen: string[] = [];
      let pages = 0;
      for (;;) {
        expect(page.status).toBe(200);
        expect(schemaErrors(CollectionSchema(CustomerSchema, 'Customers'), page.body)).toEqual([]);
        expect(page.body.totalCount).toBe(page.body.items.length);
        seen.push(...page.body.items.map((c: { id: string }) => c.id));
        pages++;
        const next = page.body.links?.next;
        if (!next) break;
        const headers = Object.fromEntries(next.headers.map((h: { key: string; value: string }) => [h.key, h.value]));
        const uri = next.uri.startsWith('/v1') ? next.uri : `/v1${next.uri}`;
        page = await ctx.api.request('GET', uri, { token, headers });
      }
      expect(pages).toBe(3);
      expect(seen).toHaveLength(7);
      expect(new Set(seen)).toEqual(ids);
    });

    it('keeps a continuation stable while customers are added and removed', async () => {
      const prefix = uniqueLabel('stable');
      const created: string[] = [];
      for (let i = 0; i < 4; i++) {
        const c = await ctx.api.request('POST', '/v1/customers', {
          token,
          body: customerBody({ companyName: `${prefix} ${i}` }),
        });
        created.push(c.body.id);
      }
      const filter = encodeURIComponent(
        JSON.stringify({ Field: 'CompanyName', Value: prefix, Operator: 'starts_with' }),
      );
      const first = await ctx.api.request('GET', `/v1/customers?size=2&filter=${filter}`, { token });
      expect(first.body.items.map((c: { id: string }) => c.id)).toEqual(created.slice(0, 2));
      // Remove one already seen and one not yet seen, add a new one, then continue.
      await ctx.api.request('DELETE', `/v1/customers/${created[0]}`, { token });
      await ctx.api.request('DELETE', `/v1/customers/${created[2]}`, { token });
      const added = await ctx.api.request('POST', '/v1/customers', {
        token,
        body: customerBody({ companyName: `${prefix} new` }),
      });
      const next = first.body.links.next;
      const rest = await ctx.api.request('GET', `/v1${next.uri}`, {
        token,
        headers: { [next.headers[0].key]: next.headers[0].value },
      });
      const restIds = rest.body.items.map((c: { id: string }) => c.id);
      expect(restIds).toEqual([created[3], added.body.id]);
    });

    it('filters by company name and domain prefix, case-insensitively', async () => {
      const label = uniqueLabel('filt');
      const c = await ctx.api.request('POST', '/v1/customers', {
        token,
        body: customerBody({ companyName: `${label.toUpperCase()} Inc`, domain: `${label}corp.onmicrosoft.com` }),
      });
      const byName = encodeURIComponent(
        JSON.stringify({ Field: 'CompanyName', Value: label, Operator: 'starts_with' }),
      );
      const byDomain = encodeURIComponent(
        JSON.stringify({ field: 'domain', value: label.toUpperCase(), operator: 'STARTS_WITH' }),
      );
      const a = await ctx.api.request('GET', `/v1/customers?size=0&filter=${byName}`, { token });
      const b = await ctx.api.request('GET', `/v1/customers?filter=${byDomain}`, { token });
      expect(a.body.items.map((x: { id: string }) => x.id)).toEqual([c.body.id]);
      expect(b.body.items.map((x: { id: string }) => x.id)).toEqual([c.body.id]);
    });
  });
};
