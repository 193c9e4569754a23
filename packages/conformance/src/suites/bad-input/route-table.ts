/**
 * @module Where the bad-input sweep gets its routes: the `/v1` operations of the OpenAPI
 * document, which the app builds from its own route table (every route is collected through
 * Fastify's `onRoute` as it registers), so a route added to the app is swept with no edit here.
 */
import { buildApp } from '@partnerbox/sandbox';
import { dereference } from '../../openapi-document.js';
import type { SuiteContext } from '../../suite.js';

/** The parts of JSON Schema the sweep reads to build its inputs. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
}

export interface QueryParameter {
  name: string;
  schema: JsonSchema;
}

/** One `/v1` operation of the route table. */
export interface SweptOperation {
  /** Upper case, as sent. */
  method: string;
  /** The OpenAPI path template, e.g. `/v1/customers/{customerId}`. */
  path: string;
  queryParameters: QueryParameter[];
  /** The request body's schema, when the operation takes one. */
  body?: JsonSchema;
}

interface OpenApiOperation {
  parameters?: { name: string; in: string; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

interface OpenApiDocument {
  paths?: Record<string, Record<string, OpenApiOperation>>;
}

const OPENAPI_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

function sweptOperation(method: string, path: string, operation: OpenApiOperation): SweptOperation {
  const queryParameters = (operation.parameters ?? [])
    .filter((parameter) => parameter.in === 'query')
    .map((parameter) => ({ name: parameter.name, schema: parameter.schema ?? {} }));
  const content = operation.requestBody?.content ?? {};
  const body = (content['application/json'] ?? Object.values(content)[0])?.schema;
  return { method: method.toUpperCase(), path, queryParameters, ...(body ? { body } : {}) };
}

/** The `/v1` operations of an OpenAPI 3 document; throws when it has none (not the app's document). */
export function operationsFromOpenApi(document: unknown): SweptOperation[] {
  const operations: SweptOperation[] = [];
  const resolved = dereference(document as OpenApiDocument | undefined);
  for (const [path, item] of Object.entries(resolved?.paths ?? {})) {
    if (path !== '/v1' && !path.startsWith('/v1/')) continue;
    for (const [method, operation] of Object.entries(item))
      if (OPENAPI_METHODS.has(method)) operations.push(sweptOperation(method, path, operation));
  }
  if (operations.length === 0) throw new Error('The OpenAPI document has no /v1 operations to sweep');
  return operations;
}

async function targetDocument(ctx: SuiteContext): Promise<unknown> {
  const response = await ctx.api.request('GET', '/openapi.json');
  if (response.status !== 200) throw new Error(`GET /openapi.json → ${response.status}: a sandbox target serves it`);
  return response.body;
}

async function localSandboxDocument(): Promise<unknown> {
  const app = await buildApp({ store: { kind: 'memory' }, seed: false });
  try {
    return (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  } finally {
    await app.close();
  }
}

/**
 * The operations to sweep on this target. A Partnerbox sandbox (it has a control plane) is
 * asked for its own `/openapi.json`: that sweeps exactly what that server runs, even one
 * deployed elsewhere from another build, and a missing document fails the sweep instead of
 * quietly sweeping less. The real Partner Center publishes no such document, so for it the
 * table comes from a sandbox built in this process, which serves the same `/v1` routes: still
 * the app's table, never a hand-typed list that could fall behind it.
 */
export async function sweptOperations(ctx: SuiteContext): Promise<SweptOperation[]> {
  return operationsFromOpenApi(ctx.target.control ? await targetDocument(ctx) : await localSandboxDocument());
}
