/**
 * @module Bad input: ids that are not GUIDs, malformed JSON, wrong types, missing fields,
 * unknown enum values, oversized bodies, missing, expired or forged tokens, the wrong role,
 * another partner's customer, unknown routes and odd query strings. Each gets the documented
 * status and Partner Center error body, never a 500, and none of them changes anything.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { CustomerSchema, ErrorBodySchema } from '@partnerbox/contract';
import { customerBody, OFFERS, orderBody, uniqueLabel } from '../fixtures.js';
import type { ApiResponse, RequestOptions } from '../http.js';
import { schemaErrors } from '../schema.js';
import type { Capabilities, Suite, SuiteContext } from '../suite.js';
import { appToken, buy, createCustomer, expectError, partnerOf, userToken } from './helpers.js';
import { signWithForeignKey, decodeJwt, withAlgNone, withTamperedPayload } from './jwt.js';

/** A request a scenario sends: method, path and options for `ApiClient.request`. */
interface Call {
  method: string;
  path: string;
  options?: RequestOptions;
}

const json = (body: unknown): RequestOptions => ({ body });
const raw = (text: string): RequestOptions => ({ rawBody: text, headers: { 'Content-Type': 'application/json' } });

/** 400 800002 with the offending field first in `data`. */
function expectInvalidInput(response: ApiResponse, field: string): void {
  expectError(response, 400, 800002);
  expect(response.body.data[0]).toBe(field);
}

/** 401 800001 with `WWW-Authenticate: Bearer`. */
function expectUnauthorized(response: ApiResponse): void {
  expectError(response, 401, 800001);
  expect(response.headers.get('www-authenticate') ?? '').toMatch(/^Bearer\b/i);
}

interface Fixture {
  token: string;
  customerId: string;
  /** A perpetual-software order, never cancelled: it keeps the customer from being deleted. */
  softwareOrderId: string;
  licenceOrderId: string;
  subscriptionId: string;
  production?: { token: string; customerId: string; orderId: string; subscriptionId: string };
}

async function setUp(ctx: SuiteContext, capabilities: Capabilities): Promise<Fixture> {
  const token = await appToken(ctx);
  const customerId = await createCustomer(ctx, token);
  const software = await buy(ctx, token, customerId, OFFERS.perpetualSoftware);
  const licence = await buy(ctx, token, customerId, OFFERS.licence, 2);
  const fixture: Fixture = {
    token,
    customerId,
    softwareOrderId: software.id,
    licenceOrderId: licence.id,
    subscriptionId: licence.lineItems[0].subscriptionId,
  };
  if (capabilities.production) {
    const prodToken = await appToken(ctx, 'production');
    const prodCustomerId = await createCustomer(ctx, prodToken);
    const prodOrder = await buy(ctx, prodToken, prodCustomerId, OFFERS.licence, 2);
    fixture.production = {
      token: prodToken,
      customerId: prodCustomerId,
      orderId: prodOrder.id,
      subscriptionId: prodOrder.lineItems[0].subscriptionId,
    };
  }
  return fixture;
}

/**
 * The state bad requests must leave alone: with a control plane, the customers, orders and
 * subscriptions of the exported snapshot; otherwise what the API shows of the suite's customers.
 */
async function stateOf(ctx: SuiteContext, capabilities: Capabilities, f: Fixture): Promise<unknown> {
  if (capabilities.control) {
    const snapshot = await ctx.api.control.ok('GET', '/snapshot');
    return { customers: snapshot.customers, orders: snapshot.orders, subscriptions: snapshot.subscriptions };
  }
  const owned: [string, string][] = [[f.token, f.customerId]];
  if (f.production) owned.push([f.production.token, f.production.customerId]);
  const state = [];
  for (const [token, id] of owned) {
    const customer = await ctx.api.request('GET', `/v1/customers/${id}`, { token });
    const orders = await ctx.api.request('GET', `/v1/customers/${id}/orders`, { token });
    const subscriptions = await ctx.api.request('GET', `/v1/customers/${id}/subscriptions`, { token });
    state.push({
      customer: customer.body,
      orders: (orders.body.items as { id: string; lineItems: { quantity: number }[] }[]).map((o) => ({
        id: o.id,
        quantities: o.lineItems.map((li) => li.quantity),
      })),
      subscriptions: (
        subscriptions.body.items as { id: string; quantity: number; friendlyName: string; autoRenewEnabled: boolean }[]
      ).map((s) => ({ id: s.id, quantity: s.quantity, friendlyName: s.friendlyName, auto: s.autoRenewEnabled })),
    });
  }
  return state;
}

export const badInputSuite: Suite = (ctx, capabilities) => {
  describe('bad input', () => {
    let f: Fixture;
    let before: unknown;
    const customer = () => `/v1/customers/${f.customerId}`;
    const order = () => `${customer()}/orders/${f.softwareOrderId}`;
    const subscription = () => `${customer()}/subscriptions/${f.subscriptionId}`;

    beforeAll(async () => {
      if (capabilities.control) await ctx.api.control.reset();
      f = await setUp(ctx, capabilities);
      before = await stateOf(ctx, capabilities, f);
    });

    const send = (call: Call, token = f.token) => ctx.api.request(call.method, call.path, { token, ...call.options });

    describe('ids in the path', () => {
      const badCustomerIds = ['not-a-guid', '12345', '0f3c5b1e-2d4a-4c6b-9e8f-7a6b5c4d3e2z', '%C3%A9t%C3%A9'];

      it('a customer id that is not a GUID gets 400 900118 on every customer route', async () => {
        for (const id of badCustomerIds) {
          const base = `/v1/customers/${id}`;
          const calls: Call[] = [
            { method: 'GET', path: base },
            { method: 'PATCH', path: base, options: json({ allowDelegatedAccess: false }) },
            { method: 'DELETE', path: base },
            { method: 'GET', path: `${base}/entitlements` },
            { method: 'GET', path: `${base}/orders` },
            { method: 'POST', path: `${base}/orders`, options: json(orderBody(OFFERS.perpetualSoftware)) },
            { method: 'GET', path: `${base}/orders/${f.softwareOrderId}` },
            { method: 'GET', path: `${base}/subscriptions` },
            { method: 'GET', path: `${base}/subscriptions/${f.subscriptionId}` },
            {
              method: 'PATCH',
              path: `${base}/subscriptions/${f.subscriptionId}`,
              options: json({ status: 'suspended' }),
            },
          ];
          for (const call of calls) {
            const response = await send(call);
            expect(`${call.method} ${call.path} → ${response.status} ${response.body?.code}`).toBe(
              `${call.method} ${call.path} → 400 900118`,
            );
            expect(schemaErrors(ErrorBodySchema, response.body)).toEqual([]);
          }
        }
      });

      it('a subscription id that is not a GUID gets 400 900118 "Invalid Subscription Id"', async () => {
        for (const id of ['not-a-guid', '42', 'A356AC8C-E310-44F4-BF85-C7F29044AF9']) {
          const path = `${customer()}/subscriptions/${id}`;
          for (const call of [
            { method: 'GET', path },
            { method: 'PATCH', path, options: json({ status: 'suspended' }) },
            { method: 'GET', path: `${path}/provisioningstatus` },
          ]) {
            const response = await send(call);
            expectError(response, 400, 900118);
            expect(response.body.description).toBe('Invalid Subscription Id');
          }
        }
      });

      it('an order id with odd characters, or one that does not exist, gets 404 20000', async () => {
        for (const id of ['ab$cd', 'a%20b', '%E2%9C%93', 'a.b', 'x'.repeat(65), 'NoSuchOrder0000000000000000000001']) {
          const path = `${customer()}/orders/${id}`;
          for (const call of [
            { method: 'GET', path },
            { method: 'PATCH', path, options: json({ id, status: 'cancelled' }) },
            { method: 'GET', path: `${path}/provisioningstatus` },
          ]) {
            const response = await send(call);
            expectError(response, 404, 20000);
          }
        }
      });
    });

    describe('bodies', () => {
      it('malformed JSON gets 400 800002 naming the body', async () => {
        const bodies = ['{', '{"companyProfile":', "{'lineItems': []}", '{"a":1}}', 'nope', '{"a":1,,}', '{"a" 1}'];
        const targets = () => [
          { method: 'POST', path: '/v1/customers' },
          { method: 'PATCH', path: customer() },
          { method: 'POST', path: `${customer()}/orders` },
          { method: 'PATCH', path: order() },
          { method: 'PATCH', path: subscription() },
        ];
        for (const body of bodies)
          for (const target of targets()) expectInvalidInput(await send({ ...target, options: raw(body) }), 'body');
      });

      it('wrong types get 400 800002 with the offending field path in data', async () => {
        const good = customerBody();
        const cases: [Call, string][] = [
          [
            {
              method: 'POST',
              path: `${customer()}/orders`,
              options: json(orderBody(OFFERS.perpetualSoftware, 'abc' as unknown as number)),
            },
            'lineItems[0].quantity',
          ],
          [
            { method: 'POST', path: `${customer()}/orders`, options: json({ lineItems: { offerId: 'x' } }) },
            'lineItems',
          ],
          [
            {
              method: 'POST',
              path: `${customer()}/orders`,
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
            { method: 'POST', path: '/v1/customers', options: json({ ...good, billingProfile: 'billing' }) },
            'billingProfile',
          ],
          [
            {
              method: 'POST',
              path: '/v1/customers',
              options: json({ ...good, companyProfile: { ...good.companyProfile, domain: 12345 } }),
            },
            'companyProfile.domain',
          ],
          [
            {
              method: 'POST',
              path: '/v1/customers',
              options: json({
                ...good,
                billingProfile: {
                  ...good.billingProfile,
                  defaultAddress: { ...good.billingProfile.defaultAddress, country: 'USA' },
                },
              }),
            },
            'billingProfile.defaultAddress.country',
          ],
          [
            { method: 'PATCH', path: customer(), options: json({ allowDelegatedAccess: 'nope' }) },
            'allowDelegatedAccess',
          ],
          [{ method: 'PATCH', path: subscription(), options: json({ quantity: 'many' }) }, 'quantity'],
          [{ method: 'PATCH', path: subscription(), options: json({ autoRenewEnabled: [] }) }, 'autoRenewEnabled'],
          [{ method: 'PATCH', path: order(), options: json({ status: 'cancelled', lineItems: 'all' }) }, 'lineItems'],
        ];
        for (const [call, field] of cases) expectInvalidInput(await send(call), field);
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
          [{ method: 'POST', path: `${customer()}/orders`, options: json({ billingCycle: 'one_time' }) }, 'lineItems'],
          [
            {
              method: 'POST',
              path: `${customer()}/orders`,
              options: json({ lineItems: [{ lineItemNumber: 0, quantity: 1 }] }),
            },
            'lineItems[0].offerId',
          ],
          [{ method: 'PATCH', path: order(), options: json({ id: f.softwareOrderId }) }, 'status'],
          [{ method: 'PATCH', path: order(), options: json({ id: f.softwareOrderId, status: null }) }, 'status'],
        ];
        for (const [call, field] of cases) expectInvalidInput(await send(call), field);
      });

      it('unknown enum values get 400 900126 naming the value', async () => {
        const cases: [Call, string][] = [
          [{ method: 'PATCH', path: customer(), options: json({ relationshipToPartner: 'bogus' }) }, 'bogus'],
          [
            {
              method: 'POST',
              path: `${customer()}/orders`,
              options: json({ billingCycle: 'weekly', ...orderBody(OFFERS.perpetualSoftware) }),
            },
            'weekly',
          ],
          [{ method: 'PATCH', path: order(), options: json({ id: f.softwareOrderId, status: 'frozen' }) }, 'frozen'],
          [{ method: 'PATCH', path: subscription(), options: json({ status: 'paused' }) }, 'paused'],
          [{ method: 'GET', path: `${customer()}/entitlements?entitlementType=hardware` }, 'hardware'],
        ];
        for (const [call, value] of cases) {
          const response = await send(call);
          expectError(response, 400, 900126);
          expect(response.body.description).toContain(value);
        }
      });

      it('a body over 1 MB gets 413 with the Partner Center body', async () => {
        const huge = JSON.stringify({ ...customerBody(), padding: 'x'.repeat(1_200_000) });
        for (const call of [
          { method: 'POST', path: '/v1/customers', options: raw(huge) },
          { method: 'POST', path: `${customer()}/orders`, options: raw(huge) },
          { method: 'PATCH', path: subscription(), options: raw(huge) },
        ]) {
          const response = await send(call);
          expect(response.status).toBe(413);
          expect(schemaErrors(ErrorBodySchema, response.body)).toEqual([]);
        }
      });

      it('a JSON array, string, number, boolean or null as the body gets 400 800002', async () => {
        for (const body of ['[]', JSON.stringify([customerBody()]), '"hello"', '42', 'true', 'null'])
          for (const call of [
            { method: 'POST', path: '/v1/customers', options: raw(body) },
            { method: 'POST', path: `${customer()}/orders`, options: raw(body) },
            { method: 'PATCH', path: order(), options: raw(body) },
          ])
            expectError(await send(call), 400, 800002);
      });

      it('deeply nested JSON gets 400, never a 500', async () => {
        const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
        const arrays = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
        const companyProfile = JSON.stringify(customerBody().companyProfile);
        const inKnownField = `{"companyProfile":${companyProfile},"billingProfile":${nested(5000)}}`;
        for (const body of [arrays, nested(100_000)]) {
          const response = await send({ method: 'POST', path: '/v1/customers', options: raw(body) });
          expectError(response, 400, 800002);
          // A deliberate answer, not the runtime's own words.
          expect(response.text).not.toContain('call stack');
        }
        expectInvalidInput(
          await send({ method: 'POST', path: '/v1/customers', options: raw(inKnownField) }),
          'billingProfile.email',
        );
      });

      it('__proto__ keys cannot stand in for required fields', async () => {
        expectInvalidInput(
          await send({
            method: 'POST',
            path: '/v1/customers',
            options: raw(`{"__proto__":${JSON.stringify(customerBody())}}`),
          }),
          'companyProfile',
        );
        expectInvalidInput(
          await send({ method: 'PATCH', path: order(), options: raw('{"__proto__":{"status":"cancelled"}}') }),
          'status',
        );
      });

      it('strings over their length limit get 400 800002 naming the field', async () => {
        const good = customerBody();
        const long = 'x'.repeat(500_000);
        const cases: [Call, string][] = [
          [
            {
              method: 'POST',
              path: '/v1/customers',
              options: json({ ...good, companyProfile: { ...good.companyProfile, companyName: long } }),
            },
            'companyProfile.companyName',
          ],
          [{ method: 'POST', path: `${customer()}/orders`, options: json(orderBody(long)) }, 'lineItems[0].offerId'],
          [{ method: 'PATCH', path: subscription(), options: json({ friendlyName: long }) }, 'friendlyName'],
        ];
        for (const [call, field] of cases) expectInvalidInput(await send(call), field);
      });

      it('a NUL character in a string gets 400 800002 naming the field', async () => {
        const good = customerBody();
        const cases: [Call, string][] = [
          [
            {
              method: 'POST',
              path: '/v1/customers',
              options: json({ ...good, companyProfile: { ...good.companyProfile, companyName: 'Nul\u0000Corp' } }),
            },
            'companyProfile.companyName',
          ],
          [{ method: 'PATCH', path: subscription(), options: json({ friendlyName: 'a\u0000b' }) }, 'friendlyName'],
          [{ method: 'GET', path: `${customer()}/subscriptions?order_id=a%00b` }, 'order_id'],
        ];
        for (const [call, field] of cases) expectInvalidInput(await send(call), field);
      });
    });

    describe('query strings', () => {
      it('size that is negative, not a number or not an integer gets 400 800002 naming size', async () => {
        for (const size of ['-1', 'abc', '1.5', '1e3', ''])
          expectInvalidInput(await send({ method: 'GET', path: `/v1/customers?size=${size}` }), 'size');
      });

      it('a filter that is not the documented JSON gets 400 800002; an unknown field 900126', async () => {
        const enc = encodeURIComponent;
        for (const filter of ['notjson', enc('{"Field":'), enc('[1]'), enc('"Domain"')])
          expectError(await send({ method: 'GET', path: `/v1/customers?filter=${filter}` }), 400, 800002);
        expectError(
          await send({
            method: 'GET',
            path: `/v1/customers?filter=${enc('{"Field":"Domain","Operator":"starts_with"}')}`,
          }),
          400,
          800002,
        );
        expectError(
          await send({
            method: 'GET',
            path: `/v1/customers?filter=${enc('{"Field":"Email","Value":"a","Operator":"starts_with"}')}`,
          }),
          400,
          900126,
        );
      });

      it('seekOperation=Next without a continuation token, or with a garbage one, gets 400 800002', async () => {
        const forged = (cursor: unknown) => Buffer.from(JSON.stringify(cursor)).toString('base64url');
        const path = '/v1/customers?size=2&seekOperation=Next';
        expectError(await send({ method: 'GET', path }), 400, 800002);
        for (const token of [
          'garbage!!',
          'x'.repeat(4000),
          forged({ afterSeq: 1e300, size: 10 }),
          forged({ afterSeq: 0, size: 1.5 }),
          forged({ afterSeq: -1, size: 10 }),
          forged({ afterSeq: 0, size: 10, filter: { field: 'password', prefix: 'a' } }),
          forged(null),
        ]) {
          const response = await send({ method: 'GET', path, options: { headers: { 'MS-ContinuationToken': token } } });
          expectInvalidInput(response, 'ms-continuationtoken');
        }
      });

      it('entitlement query values that are not booleans get 400 800002 naming the parameter', async () => {
        expectInvalidInput(
          await send({ method: 'GET', path: `${customer()}/entitlements?showExpiry=maybe` }),
          'showExpiry',
        );
      });
    });

    describe('authentication', () => {
      const routes = (): Call[] => [
        { method: 'GET', path: '/v1/customers' },
        { method: 'POST', path: '/v1/customers', options: json(customerBody()) },
        { method: 'GET', path: customer() },
        { method: 'DELETE', path: customer() },
        { method: 'PATCH', path: order(), options: json({ id: f.softwareOrderId, status: 'cancelled' }) },
        { method: 'PATCH', path: subscription(), options: json({ status: 'suspended' }) },
      ];

      it('a missing token, or another scheme, gets 401 800001 with WWW-Authenticate: Bearer', async () => {
        for (const call of routes()) {
          expectUnauthorized(await ctx.api.request(call.method, call.path, { ...call.options }));
          for (const authorization of ['Basic YWRtaW46YWRtaW4=', 'Bearer', 'Bearer ', `Token ${f.token}`])
            expectUnauthorized(
              await ctx.api.request(call.method, call.path, {
                ...call.options,
                headers: { ...call.options?.headers, Authorization: authorization },
              }),
            );
        }
      });

      if (capabilities.control)
        it('an expired token gets 401 800001', async () => {
          const expired = await ctx.api.control.mintToken({ partner: 'sandbox', expiresInSeconds: -120 });
          for (const call of routes()) expectUnauthorized(await send(call, expired.access_token));
        });

      it('forged tokens (another key, a tampered payload, alg none, garbage) get 401 800001', async () => {
        const { header, payload } = decodeJwt(f.token);
        const forged = [
          signWithForeignKey(header, payload),
          signWithForeignKey({ ...header, kid: 'partnerbox-forged' }, payload),
          withTamperedPayload(f.token, { tid: randomUUID() }),
          withTamperedPayload(f.token, { exp: Math.floor(Date.now() / 1000) + 86_400 * 365 }),
          withTamperedPayload(f.token, { scp: 'user_impersonation', idtyp: 'user' }),
          withAlgNone(f.token),
          f.token.split('.').slice(0, 2).join('.'),
          `${f.token}x`,
          'not-a-jwt',
        ];
        for (const token of forged) for (const call of routes()) expectUnauthorized(await send(call, token));
      });

      it('a token for another audience (a refresh token) gets 401 800001', async () => {
        const partner = partnerOf(ctx, 'sandbox');
        if (!partner.userName || !partner.password) throw new Error('The sandbox partner needs a user for this test');
        const form = new URLSearchParams({
          grant_type: 'password',
          client_id: partner.clientId,
          client_secret: partner.clientSecret,
          username: partner.userName,
          password: partner.password,
          scope: 'https://api.partnercenter.microsoft.com/user_impersonation offline_access',
        });
        const response = await fetch(`${ctx.target.authority}/${partner.tenantId}/oauth2/v2.0/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
        });
        const tokens = (await response.json()) as { refresh_token?: string };
        expect(tokens.refresh_token).toBeTruthy();
        const refresh = tokens.refresh_token as string;
        for (const call of routes()) expectUnauthorized(await send(call, refresh));
      });
    });

    describe('roles', () => {
      it('an App-only token on App+User operations gets 403 900150 and changes nothing', async () => {
        const calls: Call[] = [
          {
            method: 'PATCH',
            path: customer(),
            options: json({ relationshipToPartner: 'none', attributes: { objectType: 'Customer' } }),
          },
          {
            method: 'PATCH',
            path: customer(),
            options: json({ allowDelegatedAccess: false, attributes: { objectType: 'Customer' } }),
          },
          { method: 'GET', path: '/v1/customers/relationshiprequests' },
        ];
        for (const call of calls) expectError(await send(call), 403, 900150);
        const after = await send({ method: 'GET', path: customer() });
        expect(after.status).toBe(200);
        expect(after.body.relationshipToPartner).toBe('reseller');
        expect(after.body.allowDelegatedAccess).toBe(true);
      });
    });

    if (capabilities.production)
      describe("another partner's customer", () => {
        /** Every customer route, for a customer, one of its orders and one of its subscriptions. */
        const calls = (customerId: string, orderId: string, subscriptionId: string): Call[] => {
          const base = `/v1/customers/${customerId}`;
          return [
            { method: 'GET', path: base },
            { method: 'DELETE', path: base },
            { method: 'GET', path: `${base}/entitlements` },
            { method: 'GET', path: `${base}/orders` },
            { method: 'POST', path: `${base}/orders`, options: json(orderBody(OFFERS.perpetualSoftware)) },
            { method: 'GET', path: `${base}/orders/${orderId}` },
            { method: 'PATCH', path: `${base}/orders/${orderId}`, options: json({ id: orderId, status: 'cancelled' }) },
            { method: 'GET', path: `${base}/orders/${orderId}/provisioningstatus` },
            { method: 'GET', path: `${base}/subscriptions` },
            { method: 'GET', path: `${base}/subscriptions?order_id=${orderId}` },
            { method: 'GET', path: `${base}/subscriptions/${subscriptionId}` },
            {
              method: 'PATCH',
              path: `${base}/subscriptions/${subscriptionId}`,
              options: json({ status: 'suspended' }),
            },
          ];
        };

        /** The answers for `foreign` are exactly those for an id nobody has: existence never leaks. */
        async function expectSameAsUnknown(token: string, foreign: Call[], unknown: Call[]) {
          for (const [i, call] of foreign.entries()) {
            const a = await send(call, token);
            const b = await send(unknown[i] as Call, token);
            expect({ call: `${call.method} ${call.path}`, status: a.status, body: a.body }).toEqual({
              call: `${call.method} ${call.path}`,
              status: b.status,
              body: b.body,
            });
          }
        }

        it("the sandbox partner's token on a production customer gets 404 20002 everywhere", async () => {
          const prod = f.production as NonNullable<Fixture['production']>;
          const foreign = calls(prod.customerId, prod.orderId, prod.subscriptionId);
          for (const call of foreign) expectError(await send(call), 404, 20002);
          await expectSameAsUnknown(f.token, foreign, calls(randomUUID(), prod.orderId, prod.subscriptionId));
          const patch = await ctx.api.request('PATCH', `/v1/customers/${prod.customerId}`, {
            token: await userToken(ctx, capabilities, 'sandbox'),
            body: { allowDelegatedAccess: false },
          });
          expectError(patch, 404, 20002);
        });

        it("the production partner's token on a sandbox customer gets what an unknown id gets", async () => {
          const prod = f.production as NonNullable<Fixture['production']>;
          const foreign = calls(f.customerId, f.softwareOrderId, f.subscriptionId);
          for (const call of foreign.filter((c) => c.method !== 'DELETE'))
            expectError(await send(call, prod.token), 404, 20002);
          // A production account cannot delete at all: the same 900127 whoever the customer is.
          expectError(await send({ method: 'DELETE', path: customer() }, prod.token), 400, 900127);
          await expectSameAsUnknown(prod.token, foreign, calls(randomUUID(), f.softwareOrderId, f.subscriptionId));
          const user = await userToken(ctx, capabilities, 'production');
          for (const body of [{ allowDelegatedAccess: false }, { relationshipToPartner: 'none' }])
            expectError(await ctx.api.request('PATCH', customer(), { token: user, body }), 404, 20002);
        });
      });

    describe('unknown routes', () => {
      it('get 404 with the Partner Center body', async () => {
        for (const call of [
          { method: 'GET', path: '/v1/nothing' },
          { method: 'GET', path: '/v1/customer' },
          { method: 'GET', path: `${customer()}/invoices` },
          { method: 'POST', path: `${customer()}/users`, options: json({}) },
          { method: 'GET', path: `${order()}/lineitems` },
          { method: 'GET', path: `${subscription()}/addons` },
          { method: 'GET', path: '/v2/customers' },
        ]) {
          const response = await send(call);
          expect(`${call.method} ${call.path} → ${response.status}`).toBe(`${call.method} ${call.path} → 404`);
          expect(schemaErrors(ErrorBodySchema, response.body)).toEqual([]);
          expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        }
      });
    });

    describe('no 500, whatever the input', () => {
      it('a sweep of malformed ids, bodies, queries and headers over every /v1 route stays below 500', async () => {
        const c = f.customerId;
        const o = f.softwareOrderId;
        const s = f.subscriptionId;
        const routes: [string, string][] = [
          ['GET', '/v1/customers'],
          ['POST', '/v1/customers'],
          ['GET', '/v1/customers/relationshiprequests'],
          ['GET', '/v1/customers/{c}'],
          ['PATCH', '/v1/customers/{c}'],
          ['DELETE', '/v1/customers/{c}'],
          ['PUT', '/v1/customers/{c}'],
          ['HEAD', '/v1/customers/{c}'],
          ['OPTIONS', '/v1/customers/{c}'],
          ['GET', '/v1/customers/{c}/entitlements'],
          ['GET', '/v1/customers/{c}/orders'],
          ['POST', '/v1/customers/{c}/orders'],
          ['GET', '/v1/customers/{c}/orders/{o}'],
          ['PATCH', '/v1/customers/{c}/orders/{o}'],
          ['DELETE', '/v1/customers/{c}/orders/{o}'],
          ['GET', '/v1/customers/{c}/orders/{o}/provisioningstatus'],
          ['GET', '/v1/customers/{c}/subscriptions'],
          ['POST', '/v1/customers/{c}/subscriptions'],
          ['GET', '/v1/customers/{c}/subscriptions/{s}'],
          ['PATCH', '/v1/customers/{c}/subscriptions/{s}'],
          ['GET', '/v1/customers/{c}/subscriptions/{s}/provisioningstatus'],
        ];
        const ids: Record<'{c}' | '{o}' | '{s}', string[]> = {
          '{c}': [
            c,
            '3e5e0c5c-8d2f-4b7a-9c1d-000000000001',
            'not-a-guid',
            '%00',
            '%C3%A9',
            '%ZZ',
            `{${c}}`,
            'a'.repeat(600),
          ],
          '{o}': [o, 'NoSuchOrder', 'odd$chars', '%00', '%25', '%ZZ', 'x'.repeat(600)],
          '{s}': [s, '3e5e0c5c-8d2f-4b7a-9c1d-000000000002', 'nope', '%00', '%ZZ'],
        };
        const valid: Record<string, string> = { '{c}': c, '{o}': o, '{s}': s };
        const fill = (template: string, key?: string, value?: string) =>
          template.replace(/\{[cos]\}/g, (k) => (k === key ? (value as string) : (valid[k] as string)));
        const bodies = [
          '',
          ' ',
          '{',
          '[]',
          '"x"',
          'null',
          '0',
          'true',
          '{}',
          '{"a":',
          '{"lineItems":[{}]}',
          '{"lineItems":[null]}',
          '{"lineItems":"x","status":7,"relationshipToPartner":[],"quantity":"many","companyProfile":1}',
          '{"__proto__":{"status":"cancelled"},"constructor":{"prototype":{"status":"cancelled"}}}',
          `${'['.repeat(5000)}${']'.repeat(5000)}`,
          '{"status":"cancelled\\u0000"}',
          '{"friendlyName":"\\u0000"}',
          '\uFEFF{"status":1,}',
          '{"status":"\\ud800"}',
        ];
        const calls: Call[] = [];
        for (const [method, template] of routes) {
          calls.push({ method, path: fill(template) });
          for (const key of Object.keys(ids) as (keyof typeof ids)[])
            if (template.includes(key))
              for (const value of ids[key].slice(1)) calls.push({ method, path: fill(template, key, value) });
          if (method === 'POST' || method === 'PATCH' || method === 'PUT')
            for (const body of bodies) calls.push({ method, path: fill(template), options: raw(body) });
        }
        for (const query of [
          'size=-1',
          'size=abc',
          'size=1e400',
          `size=${'9'.repeat(400)}`,
          'size=1&size=2&size=x',
          'filter=%7B',
          `filter=${encodeURIComponent('{"Field":1,"Value":[],"Operator":{}}')}`,
          'filter=%00',
          'seekOperation=Next',
          'seekOperation=Previous',
          '%ZZ=1',
        ])
          calls.push({ method: 'GET', path: `/v1/customers?${query}` });
        for (const query of ['entitlementType=%00', 'showExpiry=2', 'entitlementType=SOFTWARE&showExpiry=TRUE'])
          calls.push({ method: 'GET', path: `/v1/customers/${c}/entitlements?${query}` });
        for (const query of ['order_id=%00', `order_id=${'x'.repeat(2000)}`, 'order_id[]=a'])
          calls.push({ method: 'GET', path: `/v1/customers/${c}/subscriptions?${query}` });
        const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
        for (const token of [
          'garbage',
          cursor({ afterSeq: 1e300, size: 10 }),
          cursor({ afterSeq: 0, size: 0.5 }),
          cursor([]),
        ])
          calls.push({
            method: 'GET',
            path: '/v1/customers?seekOperation=Next',
            options: { headers: { 'MS-ContinuationToken': token } },
          });
        for (const headers of [
          { 'MS-RequestId': 'not-a-guid' },
          { 'MS-RequestId': 'x'.repeat(4000) },
          { 'MS-CorrelationId': '' },
          { 'X-Locale': 'xx-INVALID-LOCALE' },
          { 'If-Match': '"stale"' },
          { Accept: 'application/xml' },
        ])
          calls.push({
            method: 'PATCH',
            path: `/v1/customers/${c}/subscriptions/${s}`,
            options: { ...raw('{}'), headers },
          });

        const failures: string[] = [];
        for (const call of calls) {
          const label = `${call.method} ${call.path.slice(0, 120)} ${String(call.options?.rawBody ?? '').slice(0, 60)}`;
          let response: ApiResponse;
          try {
            response = await send(call);
          } catch (error) {
            failures.push(`${label} → ${(error as Error).message}`);
            continue;
          }
          if (response.status >= 500) failures.push(`${label} → ${response.status} ${response.text.slice(0, 200)}`);
          else if (
            response.status >= 400 &&
            call.method !== 'HEAD' &&
            schemaErrors(ErrorBodySchema, response.body).length
          )
            failures.push(
              `${label} → ${response.status} without the Partner Center error body: ${response.text.slice(0, 200)}`,
            );
        }
        expect(calls.length).toBeGreaterThan(250);
        expect(failures).toEqual([]);
      });
    });

    describe('changes nothing', () => {
      it('a batch of bad requests leaves customers, orders and subscriptions exactly as they were', async () => {
        const body = customerBody();
        const expired = capabilities.control
          ? (await ctx.api.control.mintToken({ partner: 'sandbox', expiresInSeconds: -120 })).access_token
          : 'expired';
        const forged = signWithForeignKey(decodeJwt(f.token).header, decodeJwt(f.token).payload);
        const current = await send({ method: 'GET', path: subscription() });
        const batch: [Call, string | undefined][] = [
          [{ method: 'POST', path: '/v1/customers', options: raw('{"companyProfile":') }, undefined],
          [{ method: 'POST', path: '/v1/customers', options: json({ ...body, billingProfile: 'x' }) }, undefined],
          [{ method: 'POST', path: '/v1/customers', options: raw(`[${JSON.stringify(body)}]`) }, undefined],
          [{ method: 'POST', path: '/v1/customers', options: raw(`{"__proto__":${JSON.stringify(body)}}`) }, undefined],
          [
            {
              method: 'POST',
              path: '/v1/customers',
              options: raw(JSON.stringify({ ...body, pad: 'x'.repeat(1_100_000) })),
            },
            undefined,
          ],
          [{ method: 'POST', path: '/v1/customers', options: json(body) }, forged],
          [{ method: 'POST', path: '/v1/customers', options: json(body) }, expired],
          [
            {
              method: 'POST',
              path: `${customer()}/orders`,
              options: json(orderBody(OFFERS.licence, 'abc' as unknown as number)),
            },
            undefined,
          ],
          [
            {
              method: 'POST',
              path: `${customer()}/orders`,
              options: json({ billingCycle: 'weekly', ...orderBody(OFFERS.licence) }),
            },
            undefined,
          ],
          [{ method: 'POST', path: `${customer()}/orders`, options: json(orderBody('NO-SUCH-OFFER')) }, undefined],
          [{ method: 'POST', path: `${customer()}/orders`, options: json(orderBody(OFFERS.licence)) }, forged],
          [{ method: 'PATCH', path: customer(), options: json({ relationshipToPartner: 'bogus' }) }, undefined],
          [{ method: 'PATCH', path: customer(), options: json({ relationshipToPartner: 'none' }) }, undefined],
          [{ method: 'PATCH', path: customer(), options: json({ allowDelegatedAccess: false }) }, undefined],
          [{ method: 'PATCH', path: customer(), options: json({ relationshipToPartner: 'none' }) }, forged],
          [{ method: 'DELETE', path: customer() }, forged],
          [{ method: 'DELETE', path: customer() }, expired],
          [{ method: 'DELETE', path: customer() }, undefined],
          [{ method: 'PATCH', path: order(), options: json({ id: f.softwareOrderId, status: 'frozen' }) }, undefined],
          [
            { method: 'PATCH', path: order(), options: json({ id: f.softwareOrderId, status: 'completed' }) },
            undefined,
          ],
          [{ method: 'PATCH', path: order(), options: raw('{"__proto__":{"status":"cancelled"}}') }, undefined],
          [{ method: 'PATCH', path: order(), options: json({ id: f.softwareOrderId, status: 'cancelled' }) }, forged],
          [{ method: 'PATCH', path: order(), options: json({ id: f.softwareOrderId, status: 'cancelled' }) }, expired],
          [{ method: 'PATCH', path: subscription(), options: json({ status: 'paused' }) }, undefined],
          [{ method: 'PATCH', path: subscription(), options: json({ status: 'suspended', quantity: 'x' }) }, undefined],
          [
            {
              method: 'PATCH',
              path: subscription(),
              options: { body: { status: 'suspended' }, headers: { 'If-Match': `"${current.body.attributes.etag}x"` } },
            },
            undefined,
          ],
          [{ method: 'PATCH', path: subscription(), options: json({ status: 'suspended' }) }, forged],
        ];
        if (f.production) {
          const prod = f.production;
          batch.push(
            [{ method: 'DELETE', path: `/v1/customers/${prod.customerId}` }, undefined],
            [
              {
                method: 'POST',
                path: `/v1/customers/${prod.customerId}/orders`,
                options: json(orderBody(OFFERS.licence)),
              },
              undefined,
            ],
            [
              {
                method: 'PATCH',
                path: `/v1/customers/${prod.customerId}/subscriptions/${prod.subscriptionId}`,
                options: json({ status: 'suspended' }),
              },
              undefined,
            ],
            [{ method: 'PATCH', path: subscription(), options: json({ status: 'suspended' }) }, prod.token],
            [
              { method: 'PATCH', path: order(), options: json({ id: f.softwareOrderId, status: 'cancelled' }) },
              prod.token,
            ],
            [{ method: 'POST', path: `${customer()}/orders`, options: json(orderBody(OFFERS.licence)) }, prod.token],
          );
        }
        for (const [call, token] of batch) {
          const response = await send(call, token ?? f.token);
          expect(`${call.method} ${call.path} → ${response.status >= 400 && response.status < 500}`).toBe(
            `${call.method} ${call.path} → true`,
          );
        }
        expect(await stateOf(ctx, capabilities, f)).toEqual(before);
      });
    });

    describe('odd but valid input', () => {
      it('__proto__ keys are ignored: the customer is created and nothing leaks into it', async () => {
        const body = customerBody();
        const text = JSON.stringify(body).replace(
          '{"companyProfile":{',
          '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"companyProfile":{"__proto__":{"x":1},',
        );
        const created = await send({ method: 'POST', path: '/v1/customers', options: raw(text) });
        expect(created.status).toBe(201);
        expect(schemaErrors(CustomerSchema, created.body)).toEqual([]);
        expect(created.body.polluted).toBeUndefined();
        expect(created.body.companyProfile.domain).toBe(body.companyProfile.domain);
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      });

      it('a huge unknown property within the size limit is ignored', async () => {
        const body = customerBody();
        const created = await send({
          method: 'POST',
          path: '/v1/customers',
          options: json({ ...body, notes: 'n'.repeat(900_000) }),
        });
        expect(created.status).toBe(201);
        expect(created.text.length).toBeLessThan(10_000);
      });

      it('unicode round-trips exactly and can be filtered on', async () => {
        const name = `Ünïcødé ${uniqueLabel()} 日本語 Ελληνικά 🎉`;
        const created = await send({
          method: 'POST',
          path: '/v1/customers',
          options: json(customerBody({ companyName: name })),
        });
        expect(created.status).toBe(201);
        const fetched = await send({ method: 'GET', path: `/v1/customers/${created.body.id}` });
        expect(fetched.body.companyProfile.companyName).toBe(name);
        expect(fetched.body.billingProfile.companyName).toBe(name);
        // A prefix with characters outside the BMP (an emoji is two UTF-16 units but one character).
        const label = uniqueLabel();
        const party = await send({
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
          const listed = await send({ method: 'GET', path: `/v1/customers?filter=${filter}` });
          expect(listed.status).toBe(200);
          expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([id]);
        }
        const idn = await send({
          method: 'POST',
          path: '/v1/customers',
          options: json(customerBody({ domain: `bücher${uniqueLabel()}.onmicrosoft.com` })),
        });
        expect(idn.status).toBe(400);
        expect(schemaErrors(ErrorBodySchema, idn.body)).toEqual([]);
      });
    });
  });
};
