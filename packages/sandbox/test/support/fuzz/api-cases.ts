/**
 * @module The `api` case family: one request to one operation of the OpenAPI document, every
 * part generated from it (path and query parameters, body, caller, content type, request id).
 * Path parameters are mostly live ids (resolved against the state when the case runs, so the
 * request reaches a real customer, order or subscription) and otherwise anything at all.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { OFFERS } from '@partnerbox/conformance';
import type { Operation } from './document-oracle.js';
import type { Caller, FuzzTarget, LiveIds, Snapshot } from './fuzz-target.js';
import { hostileValue, schemaArbitrary, type GenerationOptions } from './schema-arbitrary.js';

type ParamChoice = { live: number } | { raw: string };

export interface ApiCase {
  /** `METHOD /path`, as in the document (the whole operation would bury a failure's report). */
  operation: string;
  caller: Caller;
  params: Record<string, ParamChoice>;
  query: Record<string, unknown>;
  body: { json: unknown } | { text: string } | undefined;
  contentType: string | undefined;
  requestId: string | undefined;
}

/** Control-plane writes with effects beyond one request run in the control family instead. */
const LEFT_TO_OTHER_FAMILIES = new Set([
  'POST /_sandbox/reset',
  'POST /_sandbox/scenarios/{name}',
  'PUT /_sandbox/snapshot',
  'POST /_sandbox/faults',
]);

const GENERATION: GenerationOptions = {
  hostile: 3,
  hints: {
    offerId: fc.constantFrom(...Object.values(OFFERS)),
    domain: fc.stringMatching(/^fz[a-z0-9]{6,10}\.onmicrosoft\.com$/),
    country: fc.constantFrom('US', 'us', 'GB'),
    quantity: fc.integer({ min: -2, max: 30 }),
    lineItemNumber: fc.integer({ min: 0, max: 2 }),
    status: fc.constantFrom('cancelled', 'suspended', 'active', 'deleted', 'Cancelled'),
    relationshipToPartner: fc.constantFrom('none', 'None', 'reseller'),
    email: fc.constantFrom('ap@contoso.com', 'billing@fabrikam.example.com'),
    culture: fc.constantFrom('en-US'),
    language: fc.constantFrom('en'),
    advanceSeconds: fc.oneof(fc.integer({ min: 0, max: 86_400 }), fc.constant(315_360_000)),
  },
};

// No "." or ".." segment (plain or percent-encoded): fetch, like every WHATWG URL client, removes
// dot segments before sending, so the request would reach another route than the operation
// judged (seed 669613097: POST /../oauth2/token became POST /oauth2/token). Dot segments on the
// wire are the raw-socket framing cases' business.
const isDotSegment = (s: string) => /^(\.|%2e){1,2}$/i.test(s);

const rawParam: fc.Arbitrary<string> = fc.oneof(
  fc.uuid(),
  fc.uuid().map((u) => u.toUpperCase()),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,70}$/),
  fc.constantFrom('%00', '%2F', '...', '%E2%82', 'a'.repeat(501), '00000000-0000-0000-0000-000000000000', ' '),
  fc
    .string({ maxLength: 20 })
    .map((s) => encodeURIComponent(s) || 'x')
    .filter((s) => !isDotSegment(s)),
);

function paramChoice(): fc.Arbitrary<ParamChoice> {
  return fc.oneof(
    { arbitrary: fc.nat().map((live) => ({ live })), weight: 4 },
    { arbitrary: rawParam.map((raw) => ({ raw })), weight: 1 },
  );
}

const rawBody: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    '{',
    '{"a":',
    '[]',
    'null',
    '""',
    '\uFEFF{}',
    '{"lineItems":[{}]}',
    '[['.repeat(3_000),
    '{}'.repeat(50),
  ),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
);

function bodyFor(operation: Operation): fc.Arbitrary<ApiCase['body']> {
  if (!operation.body)
    return fc.option(
      rawBody.map((text) => ({ text })),
      { freq: 8, nil: undefined },
    );
  return fc.oneof(
    { arbitrary: schemaArbitrary(operation.body, GENERATION).map((json) => ({ json })), weight: 6 },
    { arbitrary: rawBody.map((text) => ({ text })), weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
}

function queryFor(operation: Operation): fc.Arbitrary<Record<string, unknown>> {
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of operation.parameters.filter((q) => q.in === 'query'))
    shape[p.name] = fc.oneof(schemaArbitrary(p.schema, GENERATION), hostileValue);
  return fc.record(shape, { requiredKeys: [] });
}

export function apiCaseArbitrary(operations: Operation[]): fc.Arbitrary<ApiCase> {
  const eligible = operations.filter((o) => !LEFT_TO_OTHER_FAMILIES.has(`${o.method} ${o.path}`));
  return fc.constantFrom(...eligible).chain((operation) => {
    const key = `${operation.method} ${operation.path}`;
    const params: Record<string, fc.Arbitrary<ParamChoice>> = {};
    for (const p of operation.parameters.filter((q) => q.in === 'path')) params[p.name] = paramChoice();
    const rightCaller: Caller = operation.security === 'adminKey' ? 'admin' : 'sandbox-app';
    return fc.record({
      operation: fc.constant(key),
      caller: fc.oneof(
        { arbitrary: fc.constant(rightCaller), weight: 6 },
        {
          arbitrary: fc.constantFrom<Caller>('sandbox-user', 'production-app', 'admin', 'forged', 'none'),
          weight: 3,
        },
      ),
      params: fc.record(params),
      query: queryFor(operation),
      body: bodyFor(operation),
      contentType: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 6 },
        {
          arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', ';;;', 'a/b/c'),
          weight: 1,
        },
      ),
      requestId: fc.option(fc.oneof(fc.uuid(), fc.string({ maxLength: 200 })), { freq: 3, nil: undefined }),
    });
  });
}

function pick<T>(items: readonly T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}

/** The URL path of a case, its live ids resolved against `ids`. */
export function resolvePath(apiCase: ApiCase, operation: Operation, ids: LiveIds, tenantId: string): string {
  const live = (name: string, index: number): string => {
    const customer = pick(ids.customers, index);
    if (name === 'tenant') return tenantId;
    if (name === 'customerId') return customer ?? 'none';
    if (name === 'orderId') {
      const customerId = apiCase.params['customerId'];
      const sameCustomer = ids.orders.filter(
        (o) => !customerId || !('live' in customerId) || o.customerId === pick(ids.customers, customerId.live),
      );
      return pick(sameCustomer, index)?.id ?? pick(ids.orders, index)?.id ?? 'none';
    }
    if (name === 'subscriptionId') return pick(ids.subscriptions, index)?.id ?? 'none';
    if (name === 'name') return pick(['customers-only', 'offboarding', 'nope'], index) ?? 'nope';
    return String(index);
  };
  return operation.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const choice = apiCase.params[name];
    if (!choice) return 'none';
    return 'live' in choice ? encodeURIComponent(live(name, choice.live)) : choice.raw;
  });
}

function queryString(query: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    search.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Runs one case and asserts everything the fuzzer promises about it. */
export async function runApiCase(fuzz: FuzzTarget, apiCase: ApiCase, before: Snapshot): Promise<void> {
  const tenantId = before['partners'] ? ((before['partners'] as { id: string }[])[0]?.id ?? 'x') : 'x';
  const [method = '', template = ''] = apiCase.operation.split(' ');
  const operation = fuzz.operation(method, template);
  const path = resolvePath(apiCase, operation, fuzz.liveIds(before), tenantId) + queryString(apiCase.query);
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = fuzz.token(apiCase.caller);
  if (token) headers['Authorization'] = `Bearer ${token}`;
  if (apiCase.requestId) headers['MS-RequestId'] = apiCase.requestId;
  let body: string | undefined;
  if (apiCase.body) {
    body = 'json' in apiCase.body ? JSON.stringify(apiCase.body.json) : apiCase.body.text;
    headers['Content-Type'] = apiCase.contentType ?? 'application/json';
  }
  const what = `${method} ${path}`;
  let response: Response;
  try {
    response = await fetch(`${fuzz.base}${path}`, {
      method: method,
      headers,
      signal: AbortSignal.timeout(30_000),
      ...(body !== undefined ? { body } : {}),
    });
  } catch (error) {
    // fetch refuses some header values before sending anything: not the server's doing. A
    // network failure ("fetch failed": the server closed or reset the connection) is.
    if (error instanceof TypeError && error.message !== 'fetch failed') return;
    throw error;
  }
  const text = await response.text();
  const problems = fuzz.responseProblems(operation, response.status, response.headers.get('content-type'), text);
  expect(problems.join('\n'), what).toBe('');
  if (WRITE_METHODS.has(method) && response.status >= 400)
    expect(await fuzz.snapshot(), `${what} answered ${response.status} and changed the state`).toEqual(before);
  await fuzz.expectHealthy(what);
}
