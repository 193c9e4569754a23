/**
 * @module Path matching as ASP.NET (which Partner Center runs on) does it: static segments
 * ignore case and a trailing slash is ignored, on every `/v1` route of the app's route table,
 * so `DELETE /v1/Customers/{id}` (the form Microsoft's sandbox page shows) and `/V1/customers/{id}/`
 * reach the same operation as the lower-case form. Unknown routes stay 404 in every spelling.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { OFFERS } from '../fixtures.js';
import type { ApiResponse } from '../http.js';
import type { Suite } from '../suite.js';
import { sweptOperations } from './bad-input/route-table.js';
import { buy, createCustomer, expectError, userToken } from './helpers.js';

/** Each static segment with its first letter upper case: `/V1/Customers/{customerId}/Orders`. */
const pascal = (segment: string) => segment.charAt(0).toUpperCase() + segment.slice(1);

/** The spellings of one path template, each with what it does to the static segments. */
const SPELLINGS: readonly { name: string; segment: (s: string) => string; trailingSlash: boolean }[] = [
  { name: 'PascalCase', segment: pascal, trailingSlash: false },
  { name: 'upper case', segment: (s) => s.toUpperCase(), trailingSlash: false },
  { name: '/V1 with a trailing slash', segment: (s) => (s === 'v1' ? 'V1' : s), trailingSlash: true },
  { name: 'PascalCase with a trailing slash', segment: pascal, trailingSlash: true },
];

function spell(template: string, ids: Record<string, string>, segment: (s: string) => string, slash = false) {
  const path = template
    .split('/')
    .map((part) => {
      const param = /^\{(\w+)\}$/.exec(part)?.[1];
      if (param === undefined) return segment(part);
      const id = ids[param];
      if (id === undefined) throw new Error(`No value for {${param}} in ${template}`);
      return id;
    })
    .join('/');
  return slash ? `${path}/` : path;
}

/** Partner Center's answer to a path no route has: 404 3000 "Resource not found". */
const isUnrouted = (response: ApiResponse) => response.status === 404 && response.body?.code === 3000;

/** What an answer says, for comparing two spellings of one call (ids and timestamps aside). */
const outcomeOf = (response: ApiResponse) => `${response.status} ${response.body?.code ?? ''}`;

export const routingSuite: Suite = (ctx, capabilities) => {
  describe('path matching: case-insensitive segments, trailing slashes', () => {
    let token: string;
    let ids: Record<string, string>;
    beforeAll(async () => {
      if (capabilities.control) await ctx.api.control.reset();
      // App+User reaches every operation (relationship requests and PATCH customer need it).
      token = await userToken(ctx, capabilities);
      const customerId = await createCustomer(ctx, token);
      const licence = await buy(ctx, token, customerId, OFFERS.licence, 2);
      ids = { customerId, orderId: licence.id, subscriptionId: licence.lineItems[0].subscriptionId };
    });

    it('routes every GET of the route table in every spelling to the same answer', async () => {
      const gets = (await sweptOperations(ctx)).filter((operation) => operation.method === 'GET');
      expect(gets.length).toBeGreaterThan(8);
      const mismatches: string[] = [];
      for (const { path: template } of gets) {
        const canonical = await ctx.api.request(
          'GET',
          spell(template, ids, (s) => s),
          { token },
        );
        expect(`${template} → ${canonical.status}`).toBe(`${template} → 200`);
        for (const { name, segment, trailingSlash } of SPELLINGS) {
          const path = spell(template, ids, segment, trailingSlash);
          const answer = await ctx.api.request('GET', path, { token });
          if (answer.status !== 200 || answer.body?.attributes?.objectType !== canonical.body?.attributes?.objectType)
            mismatches.push(`${name}: GET ${path} → ${answer.status} ${answer.text.slice(0, 120)}`);
        }
      }
      expect(mismatches).toEqual([]);
    });

    it('routes every write of the route table in every spelling (an unknown customer: the same refusal)', async () => {
      const writes = (await sweptOperations(ctx)).filter((operation) => operation.method !== 'GET');
      expect(writes.map((operation) => operation.method).sort()).toEqual([
        'DELETE',
        'PATCH',
        'PATCH',
        'PATCH',
        'POST',
        'POST',
      ]);
      // Another customer id than the fixture's: nothing real is written, whatever the body.
      const unknown = { customerId: randomUUID(), orderId: ids.orderId ?? '', subscriptionId: randomUUID() };
      const mismatches: string[] = [];
      for (const { method, path: template } of writes) {
        const send = (path: string) => ctx.api.request(method, path, { token, body: {} });
        const canonical = await send(spell(template, unknown, (s) => s));
        expect(isUnrouted(canonical)).toBe(false);
        for (const { name, segment, trailingSlash } of SPELLINGS) {
          const path = spell(template, unknown, segment, trailingSlash);
          const answer = await send(path);
          if (isUnrouted(answer) || outcomeOf(answer) !== outcomeOf(canonical))
            mismatches.push(`${name}: ${method} ${path} → ${outcomeOf(answer)}, not ${outcomeOf(canonical)}`);
        }
      }
      expect(mismatches).toEqual([]);
    });

    it('keeps the case of ids: an upper-case customer id in a PascalCase path finds the customer', async () => {
      const customerId = ids.customerId ?? '';
      const answer = await ctx.api.request('GET', `/V1/Customers/${customerId.toUpperCase()}/`, { token });
      expect(answer.status).toBe(200);
      expect(answer.body.id).toBe(customerId);
    });

    it('answers unknown routes and methods 404 3000 in every spelling', async () => {
      const customerId = ids.customerId ?? '';
      for (const call of [
        { method: 'GET', path: '/V1/Nothing/' },
        { method: 'GET', path: '/V1/CUSTOMER' },
        { method: 'GET', path: `/v1/Customers/${customerId}/Invoices/` },
        { method: 'PUT', path: `/V1/Customers/${customerId}/` },
        { method: 'DELETE', path: `/v1/Customers/${customerId}/Orders/` },
        { method: 'GET', path: '/V2/Customers/' },
      ]) {
        const response = await ctx.api.request(call.method, call.path, { token });
        expectError(response, 404, 3000);
      }
      expect((await ctx.api.request('GET', `/v1/customers/${customerId}`, { token })).status).toBe(200);
    });
  });
};
