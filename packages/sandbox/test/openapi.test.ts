import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedTarget, type Target } from '@partnerbox/conformance';

let target: Target;
let base: string;
beforeAll(async () => {
  target = await startEmbeddedTarget();
  base = target.baseUrls[0] as string;
});
afterAll(() => target.close());

describe('OpenAPI document, Swagger UI and health', () => {
  it('describes every /v1 operation with the contract schemas', async () => {
    const response = await fetch(`${base}/openapi.json`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { requestBody?: unknown; responses: Record<string, unknown>; security?: unknown }>
      >;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toMatch(/^3\./);
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    for (const expected of [
      'GET /v1/customers',
      'POST /v1/customers',
      'GET /v1/customers/{customerId}',
      'PATCH /v1/customers/{customerId}',
      'DELETE /v1/customers/{customerId}',
      'GET /v1/customers/relationshiprequests',
      'GET /v1/customers/{customerId}/entitlements',
      'GET /v1/customers/{customerId}/orders',
      'POST /v1/customers/{customerId}/orders',
      'GET /v1/customers/{customerId}/orders/{orderId}',
      'PATCH /v1/customers/{customerId}/orders/{orderId}',
      'GET /v1/customers/{customerId}/orders/{orderId}/provisioningstatus',
      'GET /v1/customers/{customerId}/subscriptions',
      'GET /v1/customers/{customerId}/subscriptions/{subscriptionId}',
      'PATCH /v1/customers/{customerId}/subscriptions/{subscriptionId}',
      'POST /{tenant}/oauth2/v2.0/token',
      'POST /_sandbox/clock',
    ])
      expect(operations).toContain(expected);
    const create = doc.paths['/v1/customers']?.['post'];
    expect(JSON.stringify(create?.requestBody)).toContain('billingProfile');
    expect(Object.keys(create?.responses ?? {})).toEqual(expect.arrayContaining(['201', '400', '401']));
    expect(JSON.stringify(doc.paths['/v1/customers/{customerId}']?.['get']?.responses['200'])).toContain(
      'relationshipToPartner',
    );
    expect(doc.components.securitySchemes).toHaveProperty('bearer');
  });

  it('serves Swagger UI at /docs', async () => {
    const response = await fetch(`${base}/docs/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('swagger');
  });

  it('reports health with the store it uses', async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', store: 'sqlite' });
  });
});
