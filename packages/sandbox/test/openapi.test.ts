import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { ApiClient, customerBody, dereference, startEmbeddedTarget, type Target } from '@partnerbox/conformance';
import { parseResponses, rawExchange, rawRequest } from './support/raw-http.js';

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
    expect(doc.openapi).toBe('3.1.0');
    const validation = await new Validator().validate(doc as unknown as Parameters<Validator['validate']>[0]);
    expect(validation.errors ?? []).toEqual([]);
    expect(validation.valid).toBe(true);
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
    // Shared schemas are referenced, as a generator expects; resolved, they are the contract's.
    expect(JSON.stringify(doc.paths['/v1/customers']?.['post']?.requestBody)).toContain(
      '#/components/schemas/CreateCustomerRequest',
    );
    const resolved = dereference(doc);
    const create = resolved.paths['/v1/customers']?.['post'];
    expect(JSON.stringify(create?.requestBody)).toContain('billingProfile');
    expect(Object.keys(create?.responses ?? {})).toEqual(expect.arrayContaining(['201', '400', '401', '409']));
    expect(JSON.stringify(resolved.paths['/v1/customers/{customerId}']?.['get']?.responses['200'])).toContain(
      'relationshipToPartner',
    );
    expect(doc.components.securitySchemes).toHaveProperty('bearer');
  });

  it('names every operation, shares its schemas, headers and errors, and signs in at this sandbox', async () => {
    type Operation = {
      operationId?: string;
      parameters?: { $ref?: string; name?: string }[];
      requestBody?: { content: Record<string, { schema: unknown; examples?: unknown }> };
      responses: Record<string, { $ref?: string; headers?: Record<string, unknown>; content?: unknown }>;
    };
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, Operation>>;
      components: {
        schemas: Record<string, unknown>;
        parameters: Record<string, unknown>;
        headers: Record<string, unknown>;
        responses: Record<string, { headers?: Record<string, unknown> }>;
        securitySchemes: Record<string, { flows?: Record<string, { tokenUrl: string }> }>;
      };
    };
    const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods));
    const ids = operations.map((op) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const name of ['Customer', 'CustomerCollection', 'Order', 'Subscription', 'Error', 'TokenRequest'])
      expect(doc.components.schemas).toHaveProperty(name);
    for (const name of ['SandboxPartner', 'SandboxFaultRule', 'SandboxClock', 'SandboxJournalEntry'])
      expect(doc.components.schemas).toHaveProperty(name);
    const op = (path: string, method: string) => doc.paths[path]?.[method] as Operation;
    const headers = (o: Operation) => (o.parameters ?? []).map((p) => p.$ref?.split('/').at(-1));
    expect(headers(op('/v1/customers', 'get'))).toEqual(
      expect.arrayContaining(['MS-RequestId', 'MS-CorrelationId', 'MS-ContinuationToken']),
    );
    expect(headers(op('/v1/customers/{customerId}/subscriptions/{subscriptionId}', 'patch'))).toContain('If-Match');
    expect(op('/v1/customers', 'get').responses['200']?.headers).toHaveProperty('MS-RequestId');
    expect(op('/v1/customers', 'get').responses['429']?.$ref).toBe('#/components/responses/TooManyRequests');
    expect(doc.components.responses['TooManyRequests']?.headers).toHaveProperty('Retry-After');
    expect(op('/v1/customers', 'post').requestBody?.content['application/json']?.examples).toBeDefined();
    // Every control-plane success answer has a schema, not an unknown.
    for (const [path, methods] of Object.entries(doc.paths).filter(([p]) => p.startsWith('/_sandbox')))
      for (const [method, o] of Object.entries(methods))
        for (const [code, response] of Object.entries(o.responses).filter(([c]) => c.startsWith('2')))
          if (code !== '204') expect(JSON.stringify(response.content), `${method} ${path} ${code}`).toContain('$ref');
    const token = op('/{tenant}/oauth2/v2.0/token', 'post');
    expect(Object.keys(token.requestBody?.content ?? {})).toEqual(['application/x-www-form-urlencoded']);
    expect(JSON.stringify(dereference(doc).paths['/{tenant}/oauth2/v2.0/token'])).toContain('client_credentials');
    const flows = doc.components.securitySchemes['partnerCenter']?.flows;
    expect(flows?.['clientCredentials']?.tokenUrl).toBe(`${base}/${target.sandboxPartner.tenantId}/oauth2/v2.0/token`);
  });

  it('serves Swagger UI at /docs, with its assets, pointed at the document', async () => {
    for (const path of ['/docs', '/docs/']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      const page = await response.text();
      expect(page).toContain("url: '/openapi.json'");
      for (const asset of page.match(/\/docs\/[\w.-]+/g) ?? []) {
        const served = await fetch(`${base}${asset}`);
        expect(served.status, asset).toBe(200);
        expect((await served.arrayBuffer()).byteLength, asset).toBeGreaterThan(500);
      }
    }
    const script = await fetch(`${base}/docs/swagger-ui-bundle.js`);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${base}/docs/package.json`)).status).toBe(404);
    expect((await fetch(`${base}/docs/..%2Fpackage.json`)).status).toBe(404);
  });

  it('lists every status the server answers, on the operation that answers it', async () => {
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const api = new ApiClient(target);
    const token = await api.token(target.sandboxPartner);
    const admin = target.control?.adminKey ?? '';
    const customer = customerBody();
    expect((await api.request('POST', '/v1/customers', { token, body: customer })).status).toBe(201);
    const raw = async (request: string) => parseResponses(await rawExchange(base, request))[0]?.status;
    const cases: [string, string, () => Promise<number | undefined>, number][] = [
      [
        'POST',
        '/v1/customers',
        async () => (await api.request('POST', '/v1/customers', { token, body: customer })).status,
        409,
      ],
      [
        'POST',
        '/v1/customers',
        () => raw(rawRequest('POST', '/v1/customers', { token, body: `"${'x'.repeat(1_100_000)}"` })),
        413,
      ],
      [
        'POST',
        '/v1/customers',
        () => raw(rawRequest('POST', '/v1/customers', { token, body: '{}', headers: { 'Content-Type': ';;;' } })),
        415,
      ],
      [
        'GET',
        '/v1/customers/{customerId}',
        async () => (await api.request('GET', `/v1/customers/${'a'.repeat(600)}`, { token })).status,
        414,
      ],
      [
        'GET',
        '/v1/customers',
        () => raw(rawRequest('GET', '/v1/customers', { headers: { 'X-Big': 'a'.repeat(20_000) } })),
        431,
      ],
      [
        'POST',
        '/_sandbox/faults',
        async () => (await api.control.call('POST', '/faults', { path: '/v1/nothing', kind: 'throttle' })).status,
        201,
      ],
      [
        'POST',
        '/_sandbox/scenarios/{name}',
        async () => (await api.control.call('POST', '/scenarios/customers-only', { count: 1 })).status,
        201,
      ],
      [
        'POST',
        '/_sandbox/invitations/accept',
        async () =>
          (
            await api.control.call('POST', '/invitations/accept', {
              partnerTenantId: target.sandboxPartner.tenantId,
              domain: `${customer.companyProfile.domain.split('.')[0]}x.onmicrosoft.com`,
              companyName: 'Invited',
            })
          ).status,
        201,
      ],
      ['DELETE', '/_sandbox/faults', async () => (await api.control.call('DELETE', '/faults')).status, 204],
    ];
    expect(admin).not.toBe('');
    for (const [method, path, provoke, status] of cases) {
      expect(await provoke(), `${method} ${path}`).toBe(status);
      expect(Object.keys(doc.paths[path]?.[method.toLowerCase()]?.responses ?? {}), `${method} ${path}`).toContain(
        String(status),
      );
    }
  });

  it('reports health with the store it uses', async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', store: 'sqlite' });
  });
});
