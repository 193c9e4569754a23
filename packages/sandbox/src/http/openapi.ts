/**
 * @module The OpenAPI document and Swagger UI, built lazily. Routes are collected as they are
 * registered; the document is assembled from their contract schemas (plain JSON Schema, which
 * OpenAPI 3.1 takes as it is) on the first request for it, and Swagger UI's two assets are read
 * from swagger-ui-dist on first use. Registering @fastify/swagger and @fastify/swagger-ui did
 * the same work eagerly and cost ~170 ms of every start-up.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { ErrorBodySchema, ThrottleBodySchema } from '@partnerbox/contract';

declare module 'fastify' {
  interface FastifySchema {
    tags?: readonly string[];
    summary?: string;
    description?: string;
    /** Leave the route out of the OpenAPI document. */
    hide?: boolean;
    security?: readonly Record<string, readonly string[]>[];
    consumes?: readonly string[];
  }
}

interface JsonSchema {
  type?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: unknown[];
}

interface CollectedRoute {
  methods: string[];
  url: string;
  schema: NonNullable<RouteOptions['schema']>;
}

/** A route as Fastify registered it, whether or not the OpenAPI document shows it. */
export interface RegisteredRoute {
  method: string;
  url: string;
}

const routeTables = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/**
 * Every route registered after registerOpenApi, documented or not (HEAD twins of GET routes
 * included): the ground truth that tests hold the OpenAPI document, and the conformance sweep
 * built from it, against, so a route left out of the document cannot go unnoticed.
 */
export function registeredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  return routeTables.get(app) ?? [];
}

export interface OpenApiInfo {
  title: string;
  description: string;
  version: string;
}

const STATUS_TEXT: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '204': 'No Content',
  '400': 'Bad request: Partner Center error body',
  '401': 'No or invalid token',
  '403': 'Not allowed for this caller',
  '404': 'Not found, or not the caller’s',
  '409': 'Conflict: the domain is taken',
  '413': 'The body is larger than the limit',
  '414': 'A path segment is longer than the limit',
  '415': 'The Content-Type cannot be read',
  '429': 'Throttled (or a fault rule of kind throttle): see Retry-After',
  '431': 'The request headers are too large',
  '503': 'The store is unavailable (or an injected fault): see Retry-After',
};

// A throttle (or a throttle fault) answers Partner Center's gateway body; an error fault of
// status 429, the usual error body.
const THROTTLED: JsonSchema = { anyOf: [ThrottleBodySchema, ErrorBodySchema] };

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Statuses an operation can answer whatever its handler does, from the layers in front of it
 * (app.ts wires them): Node's parser (400 for bytes that are not HTTP, 431), the body parser
 * (413, 415), the router (414 for a path parameter over its length limit), authentication
 * (401), the gateway's fault rules and throttling (429; not on the control plane or health),
 * and the store (503).
 */
function pipelineStatuses(method: string, url: string, secured: boolean): string[] {
  const statuses = ['400', '431', '503'];
  if (secured) statuses.push('401');
  if (!url.startsWith('/_sandbox') && url !== '/healthz') statuses.push('429');
  if (url.includes('/:')) statuses.push('414');
  if (BODY_METHODS.has(method)) statuses.push('413', '415');
  return statuses;
}

function parameters(schema: unknown, where: 'path' | 'query') {
  const s = schema as JsonSchema | undefined;
  return Object.entries(s?.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (s?.required ?? []).includes(name),
    ...(property.description ? { description: property.description } : {}),
    schema: property,
  }));
}

function operation(route: CollectedRoute, method: string) {
  const { schema } = route;
  const op: Record<string, unknown> = {};
  if (schema.tags) op['tags'] = schema.tags;
  if (schema.summary) op['summary'] = schema.summary;
  if (schema.description) op['description'] = schema.description;
  if (schema.security) op['security'] = schema.security;
  const params = [...parameters(schema.params, 'path'), ...parameters(schema.querystring, 'query')];
  if (params.length > 0) op['parameters'] = params;
  if (schema.body) {
    const content: Record<string, unknown> = {};
    for (const type of schema.consumes ?? ['application/json']) content[type] = { schema: schema.body };
    op['requestBody'] = { required: true, content };
  }
  const declared = (schema.response ?? { 200: { description: 'OK' } }) as Record<string, JsonSchema>;
  const all: Record<string, JsonSchema> = { ...declared };
  for (const code of pipelineStatuses(method, route.url, schema.security !== undefined)) {
    const pipeline = code === '429' ? THROTTLED : ErrorBodySchema;
    const own = all[code];
    // The token endpoint's own 400 is Entra ID's error; a malformed URL still gets the pipeline's.
    all[code] = own === undefined || own === pipeline ? pipeline : { anyOf: [own, pipeline] };
  }
  const responses: Record<string, unknown> = {};
  for (const code of Object.keys(all).sort()) {
    const response = all[code] as JsonSchema;
    const description = STATUS_TEXT[code] ?? response.description ?? 'Response';
    responses[code] =
      code === '204' ? { description } : { description, content: { 'application/json': { schema: response } } };
  }
  op['responses'] = responses;
  return op;
}

export function buildOpenApiDocument(routes: readonly CollectedRoute[], info: OpenApiInfo) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const openApiPath = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const item = (paths[openApiPath] ??= {});
    for (const method of route.methods) if (method !== 'HEAD') item[method.toLowerCase()] = operation(route, method);
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        adminKey: { type: 'http', scheme: 'bearer', description: 'The sandbox admin key' },
      },
    },
  };
}

const SWAGGER_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const SWAGGER_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Partnerbox sandbox API</title>
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
  <link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });</script>
</body>
</html>
`;

/**
 * Collects every route registered after it (onRoute is inherited by child plugins) and serves
 * `/openapi.json` and Swagger UI at `/docs/`.
 */
export function registerOpenApi(app: FastifyInstance, info: OpenApiInfo): void {
  const routes: CollectedRoute[] = [];
  const registered: RegisteredRoute[] = [];
  routeTables.set(app, registered);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) registered.push({ method, url: route.url });
    if (!route.schema || route.schema.hide) return;
    routes.push({ methods: [route.method].flat(), url: route.url, schema: route.schema });
  });
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  app.get('/openapi.json', { schema: { hide: true } }, async () => (document ??= buildOpenApiDocument(routes, info)));

  let assetsDir: string | undefined;
  const assets = new Map<string, Buffer>();
  // `/docs` and `/docs/` alike (the router ignores trailing slashes): hence absolute asset paths.
  app.get('/docs', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(SWAGGER_PAGE),
  );
  app.get<{ Params: { file: string } }>('/docs/:file', { schema: { hide: true } }, async (request, reply) => {
    const type = SWAGGER_ASSETS[request.params.file];
    if (!type) return reply.callNotFound();
    let body = assets.get(request.params.file);
    if (!body) {
      assetsDir ??= path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
      body = await readFile(path.join(assetsDir, request.params.file));
      assets.set(request.params.file, body);
    }
    return reply.type(type).header('Cache-Control', 'public, max-age=3600').send(body);
  });
}
