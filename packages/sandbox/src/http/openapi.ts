/**
 * @module The OpenAPI document and Swagger UI, built lazily. Routes are collected as they are
 * registered; the document is assembled from their contract schemas (plain JSON Schema, which
 * OpenAPI 3.1 takes as it is, titled ones hoisted into `components.schemas`) on the first
 * request for it, and Swagger UI's assets are read from swagger-ui-dist on first use.
 * Registering @fastify/swagger and @fastify/swagger-ui did the same work eagerly and cost
 * ~170 ms of every start-up. The servers and the OAuth2 token URL are the caller's origin, so
 * Swagger UI signs in against this sandbox wherever it is reached from.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { ErrorBodySchema, PARTNER_CENTER_AUDIENCE } from '@partnerbox/contract';
import {
  COMMON_HEADER_PARAMETERS,
  HEADER_PARAMETERS,
  PIPELINE_RESPONSES,
  pipelineResponseRef,
  RESPONSE_HEADERS,
  responseHeaders,
  responseObject,
  SchemaRegistry,
  type HeaderParameterName,
} from './openapi-components.js';
import { REQUEST_EXAMPLES, RESPONSE_EXAMPLES, TOKEN_EXAMPLES } from './openapi-examples.js';

declare module 'fastify' {
  interface FastifySchema {
    tags?: readonly string[];
    summary?: string;
    description?: string;
    /** Stable name of the operation for code generators; derived from method and path when absent. */
    operationId?: string;
    /** Leave the route out of the OpenAPI document. */
    hide?: boolean;
    security?: readonly Record<string, readonly string[]>[];
    consumes?: readonly string[];
    /** Request headers the handler reads, beyond those every operation reads. */
    headerParameters?: readonly HeaderParameterName[];
    /** The request body as documented, for handlers that read their body themselves (no validation). */
    documentedBody?: unknown;
    /** Media types the 200 answer also comes in (by Accept or a query), each with its schema. */
    alsoProduces?: Readonly<Record<string, unknown>>;
  }
}

type Json = Record<string, unknown>;

interface JsonSchema {
  type?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
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

const SUCCESS_TEXT: Record<string, string> = { '200': 'OK', '201': 'Created', '204': 'No Content' };

const TAGS = [
  { name: 'customers', description: 'Partner Center’s customer accounts (`/v1/customers`).' },
  { name: 'entitlements', description: 'What a customer’s purchases entitle it to.' },
  { name: 'orders', description: 'Orders from the sandbox catalog, and their cancellation.' },
  { name: 'subscriptions', description: 'Subscriptions: suspend, reactivate, quantity, name.' },
  { name: 'token authority', description: 'The sandbox as Entra ID: tokens, signing keys, OpenID metadata.' },
  {
    name: 'sandbox control plane',
    description: 'Partnerbox’s own `/_sandbox` API (admin key): state, clock, faults, journal.',
  },
  { name: 'health', description: 'Liveness.' },
];

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Routes behind the gateway's fault rules (and, for `/v1`, throttling): app.ts wires them. */
const faultable = (url: string) => !url.startsWith('/_sandbox') && url !== '/healthz';

/**
 * Statuses an operation can answer whatever its handler does, from the layers in front of it
 * (app.ts wires them): Node's parser (400 for bytes that are not HTTP, 431), the body parser
 * (413, 415), the router (414 for a path parameter over its length limit), authentication
 * (401), the gateway's fault rules and throttling (429, and an error fault's 5xx; not on the
 * control plane or health), and the store (503).
 */
function pipelineStatuses(method: string, url: string, secured: boolean): string[] {
  const statuses = ['400', '431', '503'];
  if (secured) statuses.push('401');
  if (faultable(url)) statuses.push('429', '5XX');
  if (url.includes('/:')) statuses.push('414');
  if (BODY_METHODS.has(method)) statuses.push('413', '415');
  return statuses;
}

/** Path parameters the route's schema does not describe are strings, as the router gives them. */
function pathSchema(url: string, declared: unknown): JsonSchema {
  const s = (declared ?? {}) as JsonSchema;
  const properties: Record<string, JsonSchema> = {};
  for (const [, name = ''] of url.matchAll(/:([A-Za-z0-9_]+)/g))
    properties[name] = s.properties?.[name] ?? { type: 'string' };
  return { type: 'object', properties };
}

function parameters(schema: unknown, where: 'path' | 'query', registry: SchemaRegistry): Json[] {
  const s = schema as JsonSchema | undefined;
  return Object.entries(s?.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (s?.required ?? []).includes(name),
    ...(property.description ? { description: property.description } : {}),
    schema: registry.hoist(property),
  }));
}

const headerParameterRef = (name: HeaderParameterName) => ({ $ref: `#/components/parameters/${name}` });

/** `get /v1/customers/{customerId}/orders` → `getV1CustomersOrders`, for routes that name none. */
function derivedOperationId(method: string, url: string): string {
  const words = url
    .split('/')
    .filter((segment) => segment !== '' && !segment.startsWith(':'))
    .flatMap((segment) => segment.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  return [method.toLowerCase(), ...words.map((w) => w.charAt(0).toUpperCase() + w.slice(1))].join('');
}

const isTokenEndpoint = (url: string) => /\/oauth2\/(v2\.0\/)?token$/.test(url);

/** Partner Center callers sign in through OAuth2 or paste a bearer token; the control plane takes its key. */
function operationSecurity(security: readonly Record<string, readonly string[]>[] | undefined) {
  if (!security) return [];
  return security.flatMap((requirement) =>
    'bearer' in requirement ? [{ bearer: [] }, { partnerCenter: [] }] : [requirement],
  );
}

function requestBody(route: CollectedRoute, operationId: string, registry: SchemaRegistry) {
  const { schema } = route;
  const body = schema.body ?? schema.documentedBody;
  if (!body) return undefined;
  const examples = isTokenEndpoint(route.url) ? TOKEN_EXAMPLES.request : REQUEST_EXAMPLES[operationId];
  const content: Json = {};
  for (const type of schema.consumes ?? ['application/json'])
    content[type] = { schema: registry.hoist(body), ...(examples ? { examples } : {}) };
  // A body wrapped in Type.Optional (TypeBox marks it, not enumerably) may be left out.
  return { required: (body as Json)['~optional'] !== true, content };
}

function responses(route: CollectedRoute, method: string, operationId: string, registry: SchemaRegistry): Json {
  const { schema } = route;
  const declared = (schema.response ?? { 200: { description: 'OK' } }) as Record<string, JsonSchema>;
  const out: Json = {};
  const tokenHeaders = isTokenEndpoint(route.url) ? (['Cache-Control'] as const) : [];
  for (const [code, own] of Object.entries(declared)) {
    if (own === ErrorBodySchema && PIPELINE_RESPONSES[code]) out[code] = pipelineResponseRef(code);
    else if (code === '204') out[code] = { description: own.description ?? 'No Content', headers: responseHeaders() };
    else {
      const examples = isTokenEndpoint(route.url) && code === '200' ? TOKEN_EXAMPLES.response : undefined;
      out[code] = responseObject(
        SUCCESS_TEXT[code] ?? own.description ?? 'Response',
        registry.hoist(own),
        code.startsWith('2') ? tokenHeaders : [],
        examples ?? RESPONSE_EXAMPLES[operationId]?.[code],
      );
      if (code === '200' && schema.alsoProduces) {
        const content = (out[code] as { content: Json }).content;
        for (const [type, produced] of Object.entries(schema.alsoProduces)) content[type] = { schema: produced };
      }
    }
  }
  for (const code of pipelineStatuses(method, route.url, schema.security !== undefined)) {
    const own = declared[code];
    if (own === undefined || own === ErrorBodySchema) out[code] = pipelineResponseRef(code);
    else {
      // The token endpoint's own 400 is Entra ID's error; a malformed URL still gets the pipeline's.
      const pipeline = PIPELINE_RESPONSES[code];
      out[code] = responseObject(
        `${pipeline?.description ?? 'Error'}, or the operation’s own error`,
        { anyOf: [registry.hoist(own), registry.hoist(pipeline?.schema)] },
        tokenHeaders,
      );
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

function operation(route: CollectedRoute, method: string, registry: SchemaRegistry): Json {
  const { schema } = route;
  const operationId = schema.operationId ?? derivedOperationId(method, route.url);
  const op: Json = { operationId };
  if (schema.tags) op['tags'] = schema.tags;
  op['summary'] = schema.summary ?? `${method} ${route.url}`;
  if (schema.description) op['description'] = schema.description;
  op['security'] = operationSecurity(schema.security);
  op['parameters'] = [
    ...parameters(pathSchema(route.url, schema.params), 'path', registry),
    ...parameters(schema.querystring, 'query', registry),
    ...[...COMMON_HEADER_PARAMETERS, ...(schema.headerParameters ?? [])].map(headerParameterRef),
  ];
  const body = requestBody(route, operationId, registry);
  if (body) op['requestBody'] = body;
  op['responses'] = responses(route, method, operationId, registry);
  return op;
}

function sharedResponses(registry: SchemaRegistry): Json {
  return Object.fromEntries(
    Object.values(PIPELINE_RESPONSES).map((r) => [
      r.name,
      responseObject(r.description, registry.hoist(r.schema), r.headers ?? [], r.examples),
    ]),
  );
}

/** The document without what depends on the request (servers, the OAuth2 token URL). */
export function buildOpenApiDocument(routes: readonly CollectedRoute[], info: OpenApiInfo) {
  const registry = new SchemaRegistry();
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const openApiPath = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const item = (paths[openApiPath] ??= {});
    for (const method of route.methods)
      if (method !== 'HEAD') item[method.toLowerCase()] = operation(route, method, registry);
  }
  const responsesComponent = sharedResponses(registry);
  return {
    openapi: '3.1.0',
    info: { ...info, license: { name: 'MIT', identifier: 'MIT' } },
    // Relative: the origin the document was fetched from, wherever the sandbox is reached.
    servers: [{ url: '/', description: 'This sandbox' }],
    tags: TAGS,
    paths,
    components: {
      schemas: registry.all(),
      parameters: HEADER_PARAMETERS,
      headers: RESPONSE_HEADERS,
      responses: responsesComponent,
      securitySchemes: securitySchemes('', undefined),
    },
  };
}

type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;

/**
 * OAuth2 against this sandbox's own authority: client credentials (App-only) and password
 * (App+User) at the token endpoint of `tenantId` (the first integration-sandbox partner, whose
 * app `GET /_sandbox/partners` lists), or a token pasted as is.
 */
function securitySchemes(origin: string, tenantId: string | undefined) {
  const tokenUrl = `${origin}/${tenantId ?? 'organizations'}/oauth2/v2.0/token`;
  return {
    bearer: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: 'A token from the token endpoint or `POST /_sandbox/tokens`, pasted as is.',
    },
    partnerCenter: {
      type: 'oauth2',
      description:
        'Sign in against this sandbox’s token endpoint, for the integration-sandbox partner it names (its app’s client id and secret are in `GET /_sandbox/partners`).',
      flows: {
        clientCredentials: {
          tokenUrl,
          scopes: { [`${PARTNER_CENTER_AUDIENCE}/.default`]: 'Partner Center as the app (App-only)' },
        },
        password: {
          tokenUrl,
          scopes: {
            [`${PARTNER_CENTER_AUDIENCE}/user_impersonation`]: 'Partner Center as the signed-in user (App+User)',
          },
        },
      },
    },
    adminKey: { type: 'http', scheme: 'bearer', description: 'The sandbox admin key' },
  };
}

/** The document as this request sees it: its origin in the token URL (Swagger UI posts there). */
function documentFor(base: OpenApiDocument, origin: string, tenantId: string | undefined): OpenApiDocument {
  return {
    ...base,
    components: { ...base.components, securitySchemes: securitySchemes(origin, tenantId) },
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
  <script>
    window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: false });
    window.ui.initOAuth({ scopes: ['https://api.partnercenter.microsoft.com/.default'] });
  </script>
</body>
</html>
`;

/**
 * Collects every route registered after it (onRoute is inherited by child plugins) and serves
 * `/openapi.json` and Swagger UI at `/docs/`.
 */
export function registerOpenApi(
  app: FastifyInstance,
  info: OpenApiInfo,
  sandboxTenantId: () => Promise<string | undefined>,
  originOf: (request: FastifyRequest) => string,
): void {
  const routes: CollectedRoute[] = [];
  const registered: RegisteredRoute[] = [];
  routeTables.set(app, registered);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) registered.push({ method, url: route.url });
    if (!route.schema || route.schema.hide) return;
    routes.push({ methods: [route.method].flat(), url: route.url, schema: route.schema });
  });
  let document: OpenApiDocument | undefined;
  app.get('/openapi.json', { schema: { hide: true } }, async (request) => {
    document ??= buildOpenApiDocument(routes, info);
    return documentFor(document, originOf(request), await sandboxTenantId());
  });

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
