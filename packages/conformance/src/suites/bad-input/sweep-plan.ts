/**
 * @module The bad-input sweep's plan: every request it sends, derived from the route table's
 * `/v1` operations. Each path is tried with every HTTP method (the unregistered ones too), each
 * path parameter with a real id and with odd ones, each body-taking method with malformed
 * bodies, each body schema with bodies that break it in one field, each query parameter with
 * values its schema does not allow, and each operation with odd headers.
 */
import type { RequestOptions } from '../../http.js';
import { forgedCursor, raw } from './bad-input-context.js';
import type { BadInputFixture } from './fixture.js';
import type { JsonSchema, QueryParameter, SweptOperation } from './route-table.js';

/** What the sweep puts in one path parameter. */
export interface PathParameterValues {
  /** A real id of the caller's, so that the request reaches the route's own handling. */
  real: string;
  /** Ids the route must refuse without a 500: unknown, another partner's, malformed, badly escaped, oversized. */
  others: readonly string[];
}

/** By path parameter name. */
export type PathValues = Readonly<Record<string, PathParameterValues>>;

export interface SweepRequest {
  /** `METHOD /v1/template`: the operation, or the unregistered method on a known path, it exercises. */
  route: string;
  /** The route table has this method on this path; false for a probe of another method. */
  registered: boolean;
  /** A body that breaks the operation's schema: any 2xx or 3xx means the server took it. */
  mustBeRejected: boolean;
  method: string;
  path: string;
  options?: RequestOptions;
}

/** Tried on every path, registered there or not, besides the methods the route table has there. */
const PROBED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

const MALFORMED_BODIES = [
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

/** Odd values for any query parameter, whatever its type. */
const ODD_QUERY_VALUES = [
  '',
  '%00',
  '%7B',
  encodeURIComponent('{"Field":1,"Value":[],"Operator":{}}'),
  'x'.repeat(2000),
];

const ODD_HEADERS: Record<string, string>[] = [
  { 'MS-RequestId': 'not-a-guid' },
  { 'MS-RequestId': 'x'.repeat(4000) },
  { 'MS-CorrelationId': '' },
  { 'X-Locale': 'xx-INVALID-LOCALE' },
  { 'If-Match': '"stale"' },
  { Accept: 'application/xml' },
];

/** Partner Center pages with `seekOperation=Next` and the `MS-ContinuationToken` header. */
const PAGING_PARAMETER = 'seekOperation';

const ODD_CONTINUATION_TOKENS = [
  'garbage',
  forgedCursor({ afterSeq: 1e300, size: 10 }),
  forgedCursor({ afterSeq: 0, size: 0.5 }),
  forgedCursor([]),
];

const UNKNOWN_CUSTOMER_ID = '3e5e0c5c-8d2f-4b7a-9c1d-000000000001';
const UNKNOWN_SUBSCRIPTION_ID = '3e5e0c5c-8d2f-4b7a-9c1d-000000000002';

/** The values the sweep fills path parameters with, from the bad-input fixture. */
export function pathValuesFor(fixture: BadInputFixture): PathValues {
  const { customerId, softwareOrderId, subscriptionId, production } = fixture;
  return {
    customerId: {
      real: customerId,
      others: [
        UNKNOWN_CUSTOMER_ID,
        ...(production ? [production.customerId] : []),
        'not-a-guid',
        '%00',
        '%C3%A9',
        '%ZZ',
        `{${customerId}}`,
        'a'.repeat(600),
      ],
    },
    orderId: {
      real: softwareOrderId,
      others: ['NoSuchOrder', 'odd$chars', '%00', '%25', '%ZZ', 'x'.repeat(600)],
    },
    subscriptionId: {
      real: subscriptionId,
      others: [UNKNOWN_SUBSCRIPTION_ID, ...(production ? [production.subscriptionId] : []), 'nope', '%00', '%ZZ'],
    },
  };
}

const PATH_PARAMETER = /\{([^}]+)\}/g;

function valuesOf(parameter: string, template: string, values: PathValues): PathParameterValues {
  const found = values[parameter];
  if (!found)
    throw new Error(
      `The bad-input sweep has no values for {${parameter}} in ${template}: add them to pathValuesFor (sweep-plan.ts)`,
    );
  return found;
}

interface Replacement {
  parameter: string;
  value: string;
}

/** `template` with every parameter real, except the replaced one. */
function fillPath(template: string, values: PathValues, replacement?: Replacement): string {
  return template.replace(PATH_PARAMETER, (_match, parameter: string) =>
    parameter === replacement?.parameter ? replacement.value : valuesOf(parameter, template, values).real,
  );
}

/** The path with real ids, then with each parameter in turn given each of its other values. */
function pathVariants(template: string, values: PathValues): string[] {
  const variants = [fillPath(template, values)];
  for (const [, parameter = ''] of template.matchAll(PATH_PARAMETER))
    for (const value of valuesOf(parameter, template, values).others)
      variants.push(fillPath(template, values, { parameter, value }));
  return variants;
}

function misfitFor(schema: JsonSchema): unknown {
  if (schema.enum) return 'not-a-listed-value';
  switch (schema.type) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
      return 'not-a-number';
    case 'boolean':
      return 'not-a-boolean';
    case 'array':
      return 'not-an-array';
    case 'object':
      return 'not-an-object';
    default:
      return undefined;
  }
}

/**
 * Values that each break `schema` in exactly one place: the value itself of the wrong type, or
 * one property or array item, however deep, of the wrong type. `null` is never used: the
 * sandbox reads it as absent, as Partner Center does.
 */
export function misfitValues(schema: JsonSchema): unknown[] {
  const misfit = misfitFor(schema);
  const nested = schema.properties
    ? Object.entries(schema.properties).flatMap(([name, property]) =>
        misfitValues(property).map((value) => ({ [name]: value })),
      )
    : schema.items
      ? misfitValues(schema.items).map((item) => [item])
      : [];
  return misfit === undefined ? nested : [misfit, ...nested];
}

function oddValuesFor(schema: JsonSchema): string[] {
  if (schema.enum) return [...schema.enum.map((value) => String(value).toUpperCase()), 'not-a-listed-value'];
  if (schema.type === 'integer' || schema.type === 'number') return ['-1', 'abc', '1.5', '1e400', '9'.repeat(400)];
  if (schema.type === 'boolean') return ['TRUE', '2', 'maybe'];
  return [];
}

/**
 * Query strings with one parameter odd (by its schema, repeated, as an array, or garbled), and
 * one with every typed parameter odd at once.
 */
function oddQueryStrings(parameters: readonly QueryParameter[]): string[] {
  // A key that is not valid percent-encoding: the query parser's problem, before any parameter.
  const queries = ['%ZZ=1'];
  const together: string[] = [];
  for (const { name, schema } of parameters) {
    const typed = oddValuesFor(schema);
    for (const value of [...ODD_QUERY_VALUES, ...typed]) queries.push(`${name}=${value}`);
    queries.push(`${name}[]=a`, `${name}=1&${name}=2&${name}=x`);
    if (name === PAGING_PARAMETER) queries.push(`${name}=Next`, `${name}=Previous`);
    if (typed[0] !== undefined) together.push(`${name}=${typed[0]}`);
  }
  if (together.length > 1) queries.push(together.join('&'));
  return queries;
}

/** The requests for one operation beyond its path variants and malformed bodies. */
function operationRequests(operation: SweptOperation, path: string): Pick<SweepRequest, 'path' | 'options'>[] {
  const requests: Pick<SweepRequest, 'path' | 'options'>[] = [];
  for (const query of oddQueryStrings(operation.queryParameters)) requests.push({ path: `${path}?${query}` });
  if (operation.queryParameters.some((parameter) => parameter.name === PAGING_PARAMETER))
    for (const token of ODD_CONTINUATION_TOKENS)
      requests.push({
        path: `${path}?${PAGING_PARAMETER}=Next`,
        options: { headers: { 'MS-ContinuationToken': token } },
      });
  for (const headers of ODD_HEADERS)
    requests.push({ path, options: operation.body ? raw('{}', headers) : { headers } });
  return requests;
}

function methodRequests(
  template: string,
  method: string,
  operation: SweptOperation | undefined,
  values: PathValues,
): SweepRequest[] {
  const common = { route: `${method} ${template}`, registered: operation !== undefined, method };
  const path = fillPath(template, values);
  const requests: SweepRequest[] = pathVariants(template, values).map((variant) => ({
    ...common,
    mustBeRejected: false,
    path: variant,
  }));
  if (operation?.body || BODY_METHODS.has(method))
    for (const body of MALFORMED_BODIES) requests.push({ ...common, mustBeRejected: false, path, options: raw(body) });
  if (!operation) return requests;
  for (const body of operation.body ? misfitValues(operation.body) : [])
    requests.push({ ...common, mustBeRejected: true, path, options: raw(JSON.stringify(body)) });
  for (const request of operationRequests(operation, path))
    requests.push({ ...common, mustBeRejected: false, ...request });
  return requests;
}

/**
 * Every request of the sweep over `operations`. Throws when a path parameter has no values, so
 * a new kind of id cannot leave its routes unswept.
 */
export function planSweep(operations: readonly SweptOperation[], values: PathValues): SweepRequest[] {
  const byPath = new Map<string, Map<string, SweptOperation>>();
  for (const operation of operations) {
    const methods = byPath.get(operation.path) ?? new Map<string, SweptOperation>();
    methods.set(operation.method, operation);
    byPath.set(operation.path, methods);
  }
  const requests: SweepRequest[] = [];
  for (const [template, methods] of byPath)
    for (const method of new Set([...methods.keys(), ...PROBED_METHODS]))
      requests.push(...methodRequests(template, method, methods.get(method), values));
  return requests;
}
