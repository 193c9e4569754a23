/**
 * The bad-input sweep covers every `/v1` route the app registers: its plan, built from the
 * OpenAPI document as the conformance suite builds it, is held against Fastify's own record of
 * the registered routes (`registeredRoutes`), which includes routes left out of the document.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildApp, registeredRoutes } from '@partnerbox/sandbox';
import { operationsFromOpenApi } from '../src/suites/bad-input/route-table.js';
import { misfitValues, pathValuesFor, planSweep, type SweepRequest } from '../src/suites/bad-input/sweep-plan.js';

type App = Awaited<ReturnType<typeof buildApp>>;

const CUSTOMER_PARAMS = {
  type: 'object',
  properties: { customerId: { type: 'string' } },
} as const;

/** The ids of a bad-input fixture; the plan only needs their shape. */
const fixture = {
  token: 'token',
  customerId: randomUUID(),
  softwareOrderId: 'order-1',
  licenceOrderId: 'order-2',
  subscriptionId: randomUUID(),
};

/** `METHOD /v1/template`, the form both the plan and the registered routes are compared in. */
const routeKey = (method: string, url: string) => `${method} ${url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;

/**
 * The `/v1` routes the app registered. HEAD is left out: Fastify adds one to every GET route,
 * the OpenAPI document lists none, and the sweep probes HEAD on every path anyway.
 */
function registeredV1Routes(app: App): Set<string> {
  return new Set(
    registeredRoutes(app)
      .filter((route) => route.method !== 'HEAD' && (route.url === '/v1' || route.url.startsWith('/v1/')))
      .map((route) => routeKey(route.method, route.url)),
  );
}

/** The app after `addRoutes`, and the sweep planned from its OpenAPI document. */
async function sweepOf(addRoutes: (app: App) => void = () => undefined) {
  const app = await buildApp({ store: { kind: 'memory' }, seed: false });
  try {
    addRoutes(app);
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    return {
      registered: registeredV1Routes(app),
      plan: () => planSweep(operationsFromOpenApi(document), pathValuesFor(fixture)),
    };
  } finally {
    await app.close();
  }
}

/** The operations the plan sends requests to, as registered routes (probes of other methods left out). */
const sweptRoutes = (plan: readonly SweepRequest[]) =>
  new Set(plan.filter((request) => request.registered).map((request) => request.route));

/** The registered routes no request of the plan exercises: what the coverage check reports. */
const unswept = (registered: Set<string>, plan: readonly SweepRequest[]) =>
  [...registered].filter((route) => !sweptRoutes(plan).has(route));

const ok = async () => ({});

describe('the bad-input sweep', () => {
  it("plans requests for exactly the app's registered /v1 routes", async () => {
    const { registered, plan } = await sweepOf();
    expect(registered.size).toBeGreaterThan(10);
    expect(registered).toContain('PATCH /v1/customers/{customerId}/subscriptions/{subscriptionId}');
    expect(sweptRoutes(plan())).toEqual(registered);
    expect(unswept(registered, plan())).toEqual([]);
  });

  it('sweeps a new documented /v1 route with no edit to the sweep', async () => {
    const route = 'POST /v1/customers/{customerId}/users';
    const { registered, plan } = await sweepOf((app) =>
      app.register(
        async (v1) => {
          v1.post(
            '/customers/:customerId/users',
            {
              schema: {
                params: CUSTOMER_PARAMS,
                body: { type: 'object', properties: { userPrincipalName: { type: 'string' } } },
              },
            },
            ok,
          );
        },
        { prefix: '/v1' },
      ),
    );
    expect(registered).toContain(route);
    const requests = plan().filter((request) => request.route === route);
    expect(unswept(registered, plan())).toEqual([]);
    // Every customer id the sweep knows, the malformed bodies, and a body of the wrong shape.
    for (const customerId of pathValuesFor(fixture).customerId?.others ?? [])
      expect(requests.map((request) => request.path)).toContain(`/v1/customers/${customerId}/users`);
    expect(requests.map((request) => request.options?.rawBody)).toContain('{');
    expect(requests.filter((request) => request.mustBeRejected).map((request) => request.options?.rawBody)).toContain(
      '{"userPrincipalName":12345}',
    );
  });

  it('reports a /v1 route the OpenAPI document leaves out, so it cannot go unswept', async () => {
    const { registered, plan } = await sweepOf((app) => {
      app.get('/v1/customers/:customerId/invoices', ok);
      app.delete('/v1/customers/:customerId/orders/:orderId', { schema: { hide: true } }, ok);
    });
    expect(unswept(registered, plan()).sort()).toEqual([
      'DELETE /v1/customers/{customerId}/orders/{orderId}',
      'GET /v1/customers/{customerId}/invoices',
    ]);
    expect(sweptRoutes(plan())).not.toEqual(registered);
  });

  it('refuses to plan a route whose path parameter it has no values for', async () => {
    const { plan } = await sweepOf((app) => {
      app.get(
        '/v1/customers/:customerId/users/:userId',
        {
          schema: {
            params: { type: 'object', properties: { customerId: { type: 'string' }, userId: { type: 'string' } } },
          },
        },
        ok,
      );
    });
    expect(plan).toThrow(/no values for \{userId\} in \/v1\/customers\/\{customerId\}\/users\/\{userId\}/);
  });
});

describe('misfitValues', () => {
  it.each([
    [{ type: 'string' }, [12345]],
    [{ type: 'integer' }, ['not-a-number']],
    [{ type: 'boolean' }, ['not-a-boolean']],
    [{ enum: ['a', 'b'] }, ['not-a-listed-value']],
    [{}, []],
    [
      { type: 'object', properties: { name: { type: 'string' }, tags: { type: 'array', items: { type: 'integer' } } } },
      ['not-an-object', { name: 12345 }, { tags: 'not-an-array' }, { tags: ['not-a-number'] }],
    ],
  ])('breaks %j in exactly one place per value', (schema, expected) => {
    expect(misfitValues(schema)).toEqual(expected);
  });
});
