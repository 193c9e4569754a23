/**
 * @module The `/_sandbox` control plane, Partnerbox's own: the admin key, partners, minted
 * tokens, the clock, reset, scenarios, fault rules (throttling, errors, latency, dropped
 * connections before and after the work is done) and snapshots. Declared only for targets
 * that have one.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBodySchema, ThrottleBodySchema } from '@partnerbox/contract';
import { customerBody, OFFERS } from '../fixtures.js';
import type { ApiResponse } from '../http.js';
import { schemaErrors } from '../schema.js';
import type { Suite, SuiteContext } from '../suite.js';
import { appToken, buy, createCustomer, expectError, idsOf, partnerOf } from './helpers.js';
import { decodeJwt } from './jwt.js';

interface PartnerListing {
  tenantId: string;
  kind: string;
  name: string;
  domain: string;
  apps: { clientId: string; clientSecret: string }[];
  users: { id: string; userName: string; password: string }[];
}

interface ScenarioResult {
  scenario: string;
  partnerTenantId: string;
  customers: { id: string; domain: string; companyName: string; orderIds: string[]; subscriptionIds: string[] }[];
}

/** A control-plane call with an explicit Authorization header (or none). */
async function withAuthorization(ctx: SuiteContext, method: string, path: string, authorization?: string) {
  const control = ctx.target.control;
  if (!control) throw new Error('No control plane');
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (authorization !== undefined) headers['Authorization'] = authorization;
  const response = await fetch(`${control.url}/_sandbox${path}`, {
    method,
    headers,
    ...(method === 'GET' ? {} : { body: '{}' }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined, text };
}

const domainFilter = (domain: string) =>
  `/v1/customers?size=10&filter=${encodeURIComponent(JSON.stringify({ Field: 'Domain', Value: domain, Operator: 'starts_with' }))}`;

const offersOf = (orders: ApiResponse) =>
  (orders.body.items as { lineItems: { offerId: string }[] }[])
    .flatMap((o) => o.lineItems.map((li) => li.offerId))
    .sort();

export const controlPlaneSuite: Suite = (ctx, capabilities) => {
  if (!capabilities.control) return;

  describe('control plane', () => {
    let token: string;

    beforeAll(async () => {
      await ctx.api.control.reset();
      token = await appToken(ctx);
    });

    it('requires the admin key: 401 without it, with a wrong one, or with a partner token', async () => {
      const id = await createCustomer(ctx, token);
      const adminKey = ctx.target.control?.adminKey as string;
      const calls: [string, string][] = [
        ['GET', '/partners'],
        ['POST', '/reset'],
        ['GET', '/snapshot'],
        ['GET', '/clock'],
        ['POST', '/tokens'],
        ['GET', '/faults'],
        ['DELETE', '/faults'],
        ['GET', '/scenarios'],
      ];
      for (const [method, path] of calls)
        for (const authorization of [
          undefined,
          `Bearer ${adminKey}x`,
          `Bearer ${token}`,
          adminKey,
          `Basic ${adminKey}`,
        ]) {
          const response = await withAuthorization(ctx, method, path, authorization);
          expect(`${method} ${path} ${authorization?.slice(0, 12)} → ${response.status}`).toBe(
            `${method} ${path} ${authorization?.slice(0, 12)} → 401`,
          );
          expect(response.body.code).toBe(800001);
          expect(schemaErrors(ErrorBodySchema, response.body)).toEqual([]);
          expect(response.headers.get('www-authenticate') ?? '').toMatch(/^Bearer\b/i);
        }
      // The refused reset reset nothing.
      expect((await ctx.api.request('GET', `/v1/customers/${id}`, { token })).status).toBe(200);
      expect((await withAuthorization(ctx, 'GET', '/clock', `Bearer ${adminKey}`)).status).toBe(200);
    });

    it('GET /_sandbox/partners lists the sandbox and production partners with app credentials and users', async () => {
      const partners = await ctx.api.control.ok<PartnerListing[]>('GET', '/partners');
      expect(partners.map((p) => p.kind).sort()).toEqual(['production', 'sandbox']);
      for (const p of partners) {
        expect(p.tenantId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(p.name).toEqual(expect.any(String));
        expect(p.domain).toMatch(/\.onmicrosoft\.com$/);
        expect(p.apps.length).toBeGreaterThan(0);
        for (const app of p.apps)
          expect(app).toMatchObject({ clientId: expect.any(String), clientSecret: expect.any(String) });
        expect(p.users.length).toBeGreaterThan(0);
        for (const user of p.users)
          expect(user).toMatchObject({ userName: expect.any(String), password: expect.any(String) });
      }
      const sandbox = partners.find((p) => p.kind === 'sandbox') as PartnerListing;
      expect(sandbox.tenantId).toBe(partnerOf(ctx, 'sandbox').tenantId);
      expect(sandbox.apps.map((a) => a.clientId)).toContain(partnerOf(ctx, 'sandbox').clientId);
      const production = partners.find((p) => p.kind === 'production') as PartnerListing;
      expect(production.tenantId).toBe(partnerOf(ctx, 'production').tenantId);
    });

    it("POST /_sandbox/partners adds a partner with its own credentials and nobody else's customers", async () => {
      const created = await ctx.api.control.call<PartnerListing>('POST', '/partners', { name: 'Test partner' });
      expect(created.status).toBe(201);
      const partner = created.body;
      expect(partner).toMatchObject({ kind: 'sandbox', name: 'Test partner' });
      const [app] = partner.apps;
      const [user] = partner.users;
      if (!app || !user) throw new Error('The new partner has no app or user');
      const listed = await ctx.api.control.ok<PartnerListing[]>('GET', '/partners');
      expect(listed.find((p) => p.tenantId === partner.tenantId)).toEqual(partner);

      const own = { tenantId: partner.tenantId, clientId: app.clientId, clientSecret: app.clientSecret };
      const ownToken = await ctx.api.token(own);
      const theirs = await createCustomer(ctx, token);
      const mine = await createCustomer(ctx, ownToken);
      const page = await ctx.api.request('GET', '/v1/customers?size=500', { token: ownToken });
      expect(page.body.items.map((c: { id: string }) => c.id)).toEqual([mine]);
      expect((await ctx.api.request('GET', `/v1/customers/${theirs}`, { token: ownToken })).status).toBe(404);

      const production = await ctx.api.control.call<PartnerListing>('POST', '/partners', { kind: 'production' });
      expect(production.body.kind).toBe('production');
      expect((await ctx.api.control.call('POST', '/partners', { kind: 'reseller' })).status).toBe(400);
    });

    it('GET /_sandbox/requests lists the calls every instance answered, and DELETE clears them', async () => {
      const partner = partnerOf(ctx, 'sandbox');
      const id = await createCustomer(ctx, token);
      const requestIds: string[] = Array.from({ length: 4 }, () => randomUUID());
      for (const requestId of requestIds)
        expect(
          (await ctx.api.request('GET', `/v1/customers/${id}`, { token, headers: { 'MS-RequestId': requestId } }))
            .status,
        ).toBe(200);
      // Each instance writes its entries a moment after it answers: read until all are there.
      type Entry = { requestId: string; serverId: string; method: string; path: string; status: number };
      let listed: Entry[] = [];
      for (let attempt = 0; attempt < 50; attempt++) {
        listed = await ctx.api.control.ok<Entry[]>(
          'GET',
          `/requests?partner=${partner.tenantId}&method=GET&limit=1000`,
        );
        if (requestIds.every((r) => listed.some((e) => e.requestId === r))) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const mine = listed.filter((e) => requestIds.includes(e.requestId));
      // Listed by arrival time; two instances' requests a millisecond apart may tie, so compare as sets.
      expect(mine.map((e) => e.requestId).sort()).toEqual([...requestIds].sort());
      for (const entry of mine)
        expect(entry).toMatchObject({ method: 'GET', path: `/v1/customers/${id}`, status: 200 });
      expect(new Set(mine.map((e) => e.serverId)).size).toBe(ctx.target.baseUrls.length);

      expect((await ctx.api.control.call('DELETE', `/requests?partner=${partner.tenantId}`)).status).toBe(200);
      expect(await ctx.api.control.ok('GET', `/requests?partner=${partner.tenantId}`)).toEqual([]);
    });

    it('POST /_sandbox/tokens mints App-only and App+User tokens for either partner', async () => {
      const app = await ctx.api.control.mintToken({ partner: 'sandbox' });
      const user = await ctx.api.control.mintToken({ partner: 'sandbox', mode: 'user' });
      const production = await ctx.api.control.mintToken({ partner: 'production', mode: 'app' });
      const byTenant = await ctx.api.control.mintToken({ partnerTenantId: partnerOf(ctx, 'production').tenantId });
      const appClaims = decodeJwt(app.access_token).payload;
      expect(appClaims).toMatchObject({ tid: partnerOf(ctx, 'sandbox').tenantId, idtyp: 'app' });
      expect(appClaims['scp']).toBeUndefined();
      const userClaims = decodeJwt(user.access_token).payload;
      expect(userClaims['scp']).toEqual(expect.stringContaining('user_impersonation'));
      expect(userClaims['upn']).toEqual(expect.any(String));
      expect(decodeJwt(production.access_token).payload['tid']).toBe(partnerOf(ctx, 'production').tenantId);
      expect(decodeJwt(byTenant.access_token).payload['tid']).toBe(partnerOf(ctx, 'production').tenantId);
      expect((await ctx.api.request('GET', '/v1/customers?size=1', { token: app.access_token })).status).toBe(200);
      expectError(
        await ctx.api.request('GET', '/v1/customers/relationshiprequests', { token: app.access_token }),
        403,
        900150,
      );
      const invitation = await ctx.api.request('GET', '/v1/customers/relationshiprequests', {
        token: user.access_token,
      });
      expect(invitation.status).toBe(200);
      expectError(await ctx.api.control.call('POST', '/tokens', { partnerTenantId: randomUUID() }), 400, 3000);
      expectError(await ctx.api.control.call('POST', '/tokens', { mode: 'robot' }), 400, 900126);
    });

    it('the clock: GET reads it, POST advances it, a negative or missing advance gets 400', async () => {
      await ctx.api.control.reset();
      const start = await ctx.api.control.ok<{ now: string; offsetSeconds: number }>('GET', '/clock');
      expect(start.offsetSeconds).toBe(0);
      expect(Number.isNaN(Date.parse(start.now))).toBe(false);
      const advanced = await ctx.api.control.advanceClock(3600);
      expect(advanced.offsetSeconds).toBe(3600);
      expect(Date.parse(advanced.now) - Date.parse(start.now)).toBeGreaterThanOrEqual(3600 * 1000);
      const again = await ctx.api.control.advanceClock(86_400);
      expect(again.offsetSeconds).toBe(90_000);
      expectError(await ctx.api.control.call('POST', '/clock', { advanceSeconds: -1 }), 400, 800002);
      expectError(await ctx.api.control.call('POST', '/clock', {}), 400, 800002);
      expectError(await ctx.api.control.call('POST', '/clock', { advanceSeconds: 'soon' }), 400, 800002);
      const after = await ctx.api.control.ok<{ offsetSeconds: number }>('GET', '/clock');
      expect(after.offsetSeconds).toBe(90_000);
      await ctx.api.control.reset();
      expect((await ctx.api.control.ok<{ offsetSeconds: number }>('GET', '/clock')).offsetSeconds).toBe(0);
    });

    it('reset removes customers, fault rules and the clock offset, and keeps partners and their tokens', async () => {
      const id = await createCustomer(ctx, token);
      await buy(ctx, token, id, OFFERS.licence, 2);
      await ctx.api.control.addFault({ path: '/v1/nowhere', kind: 'throttle' });
      await ctx.api.control.advanceClock(60);
      const partnersBefore = await ctx.api.control.ok('GET', '/partners');
      await ctx.api.control.reset();
      expectError(await ctx.api.request('GET', `/v1/customers/${id}`, { token }), 404, 20002);
      expect(idsOf(await ctx.api.request('GET', '/v1/customers?size=500', { token }))).toEqual([]);
      expect(await ctx.api.control.ok('GET', '/faults')).toEqual([]);
      expect((await ctx.api.control.ok<{ offsetSeconds: number }>('GET', '/clock')).offsetSeconds).toBe(0);
      expect(await ctx.api.control.ok('GET', '/partners')).toEqual(partnersBefore);
      const snapshot = await ctx.api.control.ok('GET', '/snapshot');
      expect([snapshot.customers, snapshot.orders, snapshot.subscriptions]).toEqual([[], [], []]);
    });

    describe('scenarios', () => {
      const seed = async (name: string, body: Record<string, unknown> = {}) => {
        await ctx.api.control.reset();
        const response = await ctx.api.control.call<ScenarioResult>('POST', `/scenarios/${name}`, body);
        expect(response.status).toBe(201);
        return response.body;
      };

      it('GET /_sandbox/scenarios lists every scenario with what it seeds', async () => {
        const list = await ctx.api.control.ok<
          { name: string; description: string; partner: string; defaultCount: number }[]
        >('GET', '/scenarios');
        expect(list.map((s) => s.name).sort()).toEqual(
          ['customers-only', 'full-sandbox', 'offboarding', 'relationship-removal'].sort(),
        );
        for (const s of list) {
          expect(s.description.length).toBeGreaterThan(10);
          expect(['sandbox', 'production']).toContain(s.partner);
          expect(s.defaultCount).toBeGreaterThan(0);
        }
        expect(list.find((s) => s.name === 'full-sandbox')?.defaultCount).toBe(75);
        expectError(await ctx.api.control.call('POST', '/scenarios/no-such-scenario', {}), 400, 3000);
      });

      it('customers-only seeds customers with no purchases, deletable at once', async () => {
        const result = await seed('customers-only', { count: 3 });
        expect(result.partnerTenantId).toBe(partnerOf(ctx, 'sandbox').tenantId);
        expect(result.customers).toHaveLength(3);
        expect(idsOf(await ctx.api.request('GET', '/v1/customers?size=500', { token })).sort()).toEqual(
          result.customers.map((c) => c.id).sort(),
        );
        for (const c of result.customers) {
          expect(c.orderIds).toEqual([]);
          const orders = await ctx.api.request('GET', `/v1/customers/${c.id}/orders`, { token });
          expect(orders.body.items).toEqual([]);
          expect((await ctx.api.request('DELETE', `/v1/customers/${c.id}`, { token })).status).toBe(204);
        }
      });

      it('offboarding seeds a reserved instance, perpetual software, a software subscription and an active licence', async () => {
        const result = await seed('offboarding', { count: 2 });
        expect(result.customers).toHaveLength(2);
        for (const c of result.customers) {
          const orders = await ctx.api.request('GET', `/v1/customers/${c.id}/orders`, { token });
          expect(idsOf(orders).sort()).toEqual([...c.orderIds].sort());
          expect(offersOf(orders)).toEqual(
            [OFFERS.reservedInstance, OFFERS.perpetualSoftware, OFFERS.softwareSubscription, OFFERS.licence].sort(),
          );
          for (const o of orders.body.items) expect(o.status).toBe('completed');
          const subscriptions = await ctx.api.request('GET', `/v1/customers/${c.id}/subscriptions`, { token });
          expect(idsOf(subscriptions)).toEqual(c.subscriptionIds);
          expect(subscriptions.body.items.map((s: { status: string }) => s.status)).toEqual(['active']);
          const entitlements = await ctx.api.request('GET', `/v1/customers/${c.id}/entitlements`, { token });
          expect(new Set(entitlements.body.items.map((e: { entitlementType: string }) => e.entitlementType))).toEqual(
            new Set(['reservedinstance', 'software']),
          );
          // Not deletable until the reserved instance and software orders are cancelled.
          const refused = await ctx.api.request('DELETE', `/v1/customers/${c.id}`, { token });
          expectError(refused, 400, 3000);
          expect(refused.body.data).toHaveLength(3);
        }
      });

      it('relationship-removal seeds production customers with active subscriptions, the first with a reserved instance', async () => {
        const result = await seed('relationship-removal', { count: 2 });
        expect(result.partnerTenantId).toBe(partnerOf(ctx, 'production').tenantId);
        const production = await appToken(ctx, 'production');
        const [first, second] = result.customers;
        if (!first || !second) throw new Error('Expected two customers');
        const firstOrders = await ctx.api.request('GET', `/v1/customers/${first.id}/orders`, { token: production });
        expect(offersOf(firstOrders)).toEqual([OFFERS.licence, OFFERS.newCommerce, OFFERS.reservedInstance].sort());
        const secondOrders = await ctx.api.request('GET', `/v1/customers/${second.id}/orders`, { token: production });
        expect(offersOf(secondOrders)).toEqual([OFFERS.licence, OFFERS.newCommerce].sort());
        for (const c of result.customers) {
          const subscriptions = await ctx.api.request('GET', `/v1/customers/${c.id}/subscriptions`, {
            token: production,
          });
          expect(subscriptions.body.items.map((s: { status: string }) => s.status)).toEqual(['active', 'active']);
          expectError(await ctx.api.request('GET', `/v1/customers/${c.id}`, { token }), 404, 20002);
        }
      });

      it('full-sandbox fills the integration sandbox to its 75-customer quota', async () => {
        const result = await seed('full-sandbox');
        expect(result.customers).toHaveLength(75);
        expect(idsOf(await ctx.api.request('GET', '/v1/customers?size=500', { token }))).toHaveLength(75);
        expectError(await ctx.api.request('POST', '/v1/customers', { token, body: customerBody() }), 400, 800018);
        const [even, odd] = result.customers;
        if (!even || !odd) throw new Error('Expected customers');
        const evenOrders = await ctx.api.request('GET', `/v1/customers/${even.id}/orders`, { token });
        expect(offersOf(evenOrders)).toEqual([OFFERS.reservedInstance, OFFERS.perpetualSoftware].sort());
        const oddOrders = await ctx.api.request('GET', `/v1/customers/${odd.id}/orders`, { token });
        expect(offersOf(oddOrders)).toEqual([OFFERS.softwareSubscription]);
        await ctx.api.control.reset();
      });

      it('reset with a scenario seeds it on a clean state', async () => {
        await createCustomer(ctx, token);
        const reset = await ctx.api.control.ok<{ reset: boolean; scenario: ScenarioResult }>('POST', '/reset', {
          scenario: 'customers-only',
        });
        expect(reset.reset).toBe(true);
        expect(reset.scenario.customers).toHaveLength(10);
        expect(idsOf(await ctx.api.request('GET', '/v1/customers?size=500', { token })).sort()).toEqual(
          reset.scenario.customers.map((c) => c.id).sort(),
        );
        await ctx.api.control.reset();
      });
    });

    describe('fault rules', () => {
      let customerId: string;

      beforeAll(async () => {
        await ctx.api.control.reset();
        customerId = await createCustomer(ctx, token);
      });

      afterEach(async () => {
        await ctx.api.control.clearFaults();
      });

      it('throttle: 429 with the gateway body and Retry-After, for as many times as asked', async () => {
        await ctx.api.control.addFault({
          method: 'GET',
          path: '/v1/customers',
          kind: 'throttle',
          retryAfterSeconds: 7,
          times: 1,
        });
        const throttled = await ctx.api.request('GET', '/v1/customers?size=1', { token });
        expect(throttled.status).toBe(429);
        expect(throttled.headers.get('retry-after')).toBe('7');
        expect(schemaErrors(ThrottleBodySchema, throttled.body)).toEqual([]);
        expect(throttled.body).toEqual({ statusCode: 429, message: 'Rate limit is exceeded. Try again in 7 seconds.' });
        expect((await ctx.api.request('GET', '/v1/customers?size=1', { token })).status).toBe(200);
      });

      it('error: 503 with Retry-After and the Partner Center body; other statuses too', async () => {
        await ctx.api.control.addFault({
          path: '/v1/customers/*',
          kind: 'error',
          status: 503,
          retryAfterSeconds: 3,
          times: 1,
        });
        const failed = await ctx.api.request('GET', `/v1/customers/${customerId}`, { token });
        expect(failed.status).toBe(503);
        expect(failed.headers.get('retry-after')).toBe('3');
        expect(schemaErrors(ErrorBodySchema, failed.body)).toEqual([]);
        expect((await ctx.api.request('GET', `/v1/customers/${customerId}`, { token })).status).toBe(200);
        await ctx.api.control.addFault({
          method: 'GET',
          path: '/v1/customers/*',
          kind: 'error',
          status: 500,
          times: 1,
        });
        const internal = await ctx.api.request('GET', `/v1/customers/${customerId}`, { token });
        expect(internal.status).toBe(500);
        expect(schemaErrors(ErrorBodySchema, internal.body)).toEqual([]);
      });

      it('latency: the request still succeeds with the same answer, and the rule is used up', async () => {
        const plain = await ctx.api.request('GET', `/v1/customers/${customerId}`, { token });
        const rule = await ctx.api.control.addFault({
          method: 'GET',
          path: '/v1/customers/*',
          kind: 'latency',
          latencyMs: 250,
          times: 1,
        });
        expect((await ctx.api.control.ok<{ id: string }[]>('GET', '/faults')).map((r) => r.id)).toEqual([rule.id]);
        const delayed = await ctx.api.request('GET', `/v1/customers/${customerId}`, { token });
        expect(delayed.status).toBe(200);
        expect(delayed.body).toEqual(plain.body);
        expect(await ctx.api.control.ok('GET', '/faults')).toEqual([]);
      });

      it('drop before: the client sees a network error and nothing is created', async () => {
        await ctx.api.control.addFault({
          method: 'POST',
          path: '/v1/customers',
          kind: 'drop',
          phase: 'before',
          times: 1,
        });
        const body = customerBody();
        await expect(ctx.api.request('POST', '/v1/customers', { token, body })).rejects.toThrow();
        expect(idsOf(await ctx.api.request('GET', domainFilter(body.companyProfile.domain), { token }))).toEqual([]);
        const retried = await ctx.api.request('POST', '/v1/customers', { token, body });
        expect(retried.status).toBe(201);
        expect(idsOf(await ctx.api.request('GET', domainFilter(body.companyProfile.domain), { token }))).toEqual([
          retried.body.id,
        ]);
      });

      it('drop after: the client sees a network error, the create happened, and a retry with the same MS-RequestId returns it', async () => {
        await ctx.api.control.addFault({
          method: 'POST',
          path: '/v1/customers',
          kind: 'drop',
          phase: 'after',
          times: 1,
        });
        const body = customerBody();
        const headers = { 'MS-RequestId': randomUUID() };
        await expect(ctx.api.request('POST', '/v1/customers', { token, body, headers })).rejects.toThrow();
        const listed = idsOf(await ctx.api.request('GET', domainFilter(body.companyProfile.domain), { token }));
        expect(listed).toHaveLength(1);
        const retried = await ctx.api.request('POST', '/v1/customers', { token, body, headers });
        expect(retried.status).toBe(201);
        expect(retried.body.id).toBe(listed[0]);
        expect(idsOf(await ctx.api.request('GET', domainFilter(body.companyProfile.domain), { token }))).toEqual(
          listed,
        );
      });

      it('times counts down across every instance of the deployment', async () => {
        await ctx.api.control.addFault({ method: 'GET', path: '/v1/customers', kind: 'throttle', times: 3 });
        const statuses: number[] = [];
        for (let i = 0; i < 6; i++)
          statuses.push((await ctx.api.request('GET', '/v1/customers?size=1', { token })).status);
        expect(statuses).toEqual([429, 429, 429, 200, 200, 200]);
        expect(await ctx.api.control.ok('GET', '/faults')).toEqual([]);
      });

      it('a rule scoped to a tenant hits only that partner; DELETE removes it', async () => {
        const production = await appToken(ctx, 'production');
        const rule = await ctx.api.control.addFault({
          path: '/v1/**',
          kind: 'error',
          status: 503,
          tenantId: partnerOf(ctx, 'production').tenantId,
        });
        for (let i = 0; i < 2; i++) {
          expect((await ctx.api.request('GET', '/v1/customers?size=1', { token })).status).toBe(200);
          expect((await ctx.api.request('GET', '/v1/customers?size=1', { token: production })).status).toBe(503);
        }
        expect((await ctx.api.control.call('DELETE', `/faults/${rule.id}`)).status).toBe(204);
        expect((await ctx.api.request('GET', '/v1/customers?size=1', { token: production })).status).toBe(200);
        expectError(await ctx.api.control.call('DELETE', `/faults/${rule.id}`), 404, 3000);
      });

      it('path patterns: * stays within a segment, ** spans segments; DELETE /faults removes every rule', async () => {
        const order = await buy(ctx, token, customerId, OFFERS.perpetualSoftware);
        await ctx.api.control.addFault({ method: 'GET', path: '/v1/customers/*/orders', kind: 'throttle' });
        expect((await ctx.api.request('GET', `/v1/customers/${customerId}`, { token })).status).toBe(200);
        expect((await ctx.api.request('GET', `/v1/customers/${customerId}/orders/${order.id}`, { token })).status).toBe(
          200,
        );
        expect((await ctx.api.request('GET', `/v1/customers/${customerId}/orders`, { token })).status).toBe(429);
        await ctx.api.control.addFault({
          method: 'GET',
          path: '/v1/customers/**/provisioningstatus',
          kind: 'throttle',
        });
        expect(
          (await ctx.api.request('GET', `/v1/customers/${customerId}/orders/${order.id}/provisioningstatus`, { token }))
            .status,
        ).toBe(429);
        expect((await ctx.api.control.ok<unknown[]>('GET', '/faults')).length).toBe(2);
        expect((await ctx.api.control.call('DELETE', '/faults')).status).toBe(204);
        expect(await ctx.api.control.ok('GET', '/faults')).toEqual([]);
        expect((await ctx.api.request('GET', `/v1/customers/${customerId}/orders`, { token })).status).toBe(200);
      });

      it('rules apply to the token endpoint too', async () => {
        const partner = partnerOf(ctx, 'sandbox');
        await ctx.api.control.addFault({ method: 'POST', path: '/*/oauth2/v2.0/token', kind: 'throttle', times: 1 });
        const form = new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: partner.clientId,
          client_secret: partner.clientSecret,
          scope: 'https://api.partnercenter.microsoft.com/.default',
        });
        const post = () =>
          fetch(`${ctx.target.authority}/${partner.tenantId}/oauth2/v2.0/token`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: form.toString(),
          });
        const throttled = await post();
        expect(throttled.status).toBe(429);
        expect(throttled.headers.get('retry-after')).toBeTruthy();
        expect((await post()).status).toBe(200);
      });

      it('a rule that is not well formed gets 400', async () => {
        expectError(await ctx.api.control.call('POST', '/faults', { path: '/v1/**', kind: 'explode' }), 400, 900126);
        expectError(await ctx.api.control.call('POST', '/faults', { kind: 'throttle' }), 400, 800002);
        expectError(
          await ctx.api.control.call('POST', '/faults', { path: '/v1/**', kind: 'throttle', times: 0 }),
          400,
          800002,
        );
        expect(await ctx.api.control.ok('GET', '/faults')).toEqual([]);
      });
    });

    describe('snapshots', () => {
      it('export → reset → import restores customers, orders and subscriptions, and tokens still work', async () => {
        await ctx.api.control.reset();
        const production = await appToken(ctx, 'production');
        const ids = [await createCustomer(ctx, token), await createCustomer(ctx, token)];
        const [first, second] = ids as [string, string];
        const licence = await buy(ctx, token, first, OFFERS.licence, 3);
        const software = await buy(ctx, token, first, OFFERS.perpetualSoftware);
        await buy(ctx, token, second, OFFERS.reservedInstance);
        const suspended = await ctx.api.request(
          'PATCH',
          `/v1/customers/${first}/subscriptions/${licence.lineItems[0].subscriptionId}`,
          { token, body: { status: 'suspended' } },
        );
        expect(suspended.status).toBe(200);
        // A cancellation in flight, and a moved clock, are part of the state too.
        const cancelling = await ctx.api.request('PATCH', `/v1/customers/${first}/orders/${software.id}`, {
          token,
          body: { id: software.id, status: 'cancelled' },
        });
        expect(cancelling.body.status).toBe('pending');
        const prodCustomer = await createCustomer(ctx, production);
        await ctx.api.control.advanceClock(2);

        const read = async () => {
          const out: unknown[] = [];
          for (const [t, id] of [...ids.map((id) => [token, id]), [production, prodCustomer]] as [string, string][])
            for (const suffix of ['', '/orders', '/subscriptions', '/entitlements'])
              out.push((await ctx.api.request('GET', `/v1/customers/${id}${suffix}`, { token: t })).body);
          return out;
        };
        const before = await read();
        const snapshot = await ctx.api.control.ok('GET', '/snapshot');
        expect(snapshot).toMatchObject({ format: 'partnerbox-snapshot', version: 1, clockOffsetMs: 2000 });
        expect(snapshot.customers).toHaveLength(3);
        expect(JSON.stringify(snapshot)).not.toContain('privateJwk');

        await ctx.api.control.reset();
        expectError(await ctx.api.request('GET', `/v1/customers/${first}`, { token }), 404, 20002);

        const imported = await ctx.api.control.call('PUT', '/snapshot', snapshot);
        expect(imported.status).toBe(200);
        expect(imported.body).toMatchObject({ imported: true, customers: 3 });
        expect(await read()).toEqual(before);
        const again = await ctx.api.control.ok('GET', '/snapshot');
        for (const key of ['customers', 'orders', 'subscriptions', 'partners', 'apps', 'users', 'clockOffsetMs'])
          expect(again[key]).toEqual(snapshot[key]);
        // Tokens minted before the round trip still work, and new ones can be had.
        expect((await ctx.api.request('GET', '/v1/customers?size=1', { token })).status).toBe(200);
        const fresh = await ctx.api.control.mintToken({ partner: 'sandbox' });
        expect(
          idsOf(await ctx.api.request('GET', '/v1/customers?size=500', { token: fresh.access_token })).sort(),
        ).toEqual([...ids].sort());
        // The cancellation in flight completes after the import.
        await ctx.api.control.advanceClock(10);
        const order = await ctx.api.request('GET', `/v1/customers/${first}/orders/${software.id}`, { token });
        expect(order.body.status).toBe('cancelled');
      });

      it('a body that is not a snapshot gets 400 and replaces nothing', async () => {
        const id = await createCustomer(ctx, token);
        for (const body of [{}, { format: 'partnerbox-snapshot', version: 2 }, []])
          expectError(await ctx.api.control.call('PUT', '/snapshot', body), 400, 800002);
        expect((await ctx.api.request('GET', `/v1/customers/${id}`, { token })).status).toBe(200);
      });
    });
  });
};
