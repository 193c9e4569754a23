/**
 * @module The shared parts of the OpenAPI document: schemas hoisted into `components.schemas`
 * (every contract schema with a `title`, and the few shared shapes that have none), the header
 * parameters the server reads, the headers every response carries, and the responses the
 * pipeline gives any operation (Partner Center's error body, the gateway's throttle body).
 */
import {
  AttributesSchema,
  CollectionLinksSchema,
  ErrorBodySchema,
  HeaderSchema,
  LinkSchema,
  ThrottleBodySchema,
} from '@partnerbox/contract';
import { PARTNER_CENTER_ERROR_EXAMPLES, THROTTLE_EXAMPLE } from './openapi-examples.js';

type Json = Record<string, unknown>;

/** Shared contract shapes without a title, named by their JSON (TypeBox clones them in Optional). */
const UNTITLED: Record<string, unknown> = {
  Link: LinkSchema,
  LinkHeader: HeaderSchema,
  Attributes: AttributesSchema,
  CollectionLinks: CollectionLinksSchema,
};

// Keywords whose values are data, not schemas: never walked for sub-schemas.
const VALUE_KEYWORDS = new Set(['const', 'enum', 'default', 'examples', 'example', 'required']);

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/**
 * Collects named schemas as operations are built. A schema is named by its `title` (the
 * contract's names: Customer, Order, Error…) or, untitled, by {@link UNTITLED}; a second schema
 * with a taken name but another shape (e.g. a create body's stricter Address) stays inline.
 */
export class SchemaRegistry {
  readonly schemas: Record<string, unknown> = {};
  readonly #byJson = new Map<string, string>();

  constructor() {
    for (const [name, schema] of Object.entries(UNTITLED)) this.#byJson.set(JSON.stringify(schema), name);
  }

  /** `schema` with every named sub-schema (itself included) replaced by a `$ref`. */
  hoist(schema: unknown): unknown {
    if (Array.isArray(schema)) return schema.map((s) => this.hoist(s));
    if (!schema || typeof schema !== 'object') return schema;
    const json = JSON.stringify(schema);
    const node = schema as Json;
    const name = typeof node['title'] === 'string' ? node['title'].replace(/[^A-Za-z0-9._-]/g, '') : undefined;
    const known = this.#byJson.get(json);
    if (known !== undefined) return ref(known);
    const walked = this.#walk(node);
    if (name === undefined || name in this.schemas) return walked;
    this.schemas[name] = walked;
    this.#byJson.set(json, name);
    return ref(name);
  }

  #walk(node: Json): Json {
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      if (VALUE_KEYWORDS.has(key)) out[key] = value;
      else if (key === 'properties' || key === 'patternProperties' || key === '$defs')
        out[key] = Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, this.hoist(v)]));
      else out[key] = typeof value === 'object' ? this.hoist(value) : value;
    }
    return out;
  }

  /** The named schemas so far, with the untitled shared ones as they were first met. */
  all(): Record<string, unknown> {
    for (const [name, schema] of Object.entries(UNTITLED))
      if (!(name in this.schemas) && this.#used(name)) this.schemas[name] = this.#walk(schema as Json);
    return Object.fromEntries(Object.entries(this.schemas).sort(([a], [b]) => a.localeCompare(b)));
  }

  #used(name: string): boolean {
    return JSON.stringify(this.schemas).includes(`"#/components/schemas/${name}"`);
  }
}

/** Request headers the server reads, as `components.parameters` (named after the header). */
export const HEADER_PARAMETERS = {
  'MS-RequestId': {
    name: 'MS-RequestId',
    in: 'header',
    required: false,
    description:
      'A GUID the client chooses per call, echoed back. A write retried with the same value is answered from the first attempt instead of being done twice.',
    schema: { type: 'string', maxLength: 128 },
    example: '655890ba-4d2b-4d09-a95f-4ea1348686a5',
  },
  'MS-CorrelationId': {
    name: 'MS-CorrelationId',
    in: 'header',
    required: false,
    description: 'A GUID shared by the calls of one client operation, echoed back and written to the logs.',
    schema: { type: 'string', maxLength: 128 },
    example: '1438ea3d-b515-45c7-9ec1-27ee0cc8e6bd',
  },
  'X-Locale': {
    name: 'X-Locale',
    in: 'header',
    required: false,
    description: 'The caller’s locale, echoed back; default en-US.',
    schema: { type: 'string', maxLength: 128 },
    example: 'en-US',
  },
  'MS-ContinuationToken': {
    name: 'MS-ContinuationToken',
    in: 'header',
    required: false,
    description: 'With `seekOperation=Next`: the `continuationToken` of the previous page.',
    schema: { type: 'string' },
  },
  'If-Match': {
    name: 'If-Match',
    in: 'header',
    required: false,
    description:
      'The subscription’s `attributes.etag` (quoted or not): a stale one is refused with 400 2055 and nothing changes.',
    schema: { type: 'string' },
    example: '"eyJpZCI6IjEifQ=="',
  },
} as const;

export type HeaderParameterName = keyof typeof HEADER_PARAMETERS;

/** What every operation reads: the ids the pipeline echoes, and the locale. */
export const COMMON_HEADER_PARAMETERS: readonly HeaderParameterName[] = [
  'MS-RequestId',
  'MS-CorrelationId',
  'X-Locale',
];

const stringHeader = (description: string) => ({ description, schema: { type: 'string' } });

/** Response headers, as `components.headers`. */
export const RESPONSE_HEADERS = {
  'MS-RequestId': stringHeader('The request’s MS-RequestId, or one the server chose.'),
  'MS-CorrelationId': stringHeader('The request’s MS-CorrelationId, or one the server chose.'),
  'MS-CV': stringHeader('A correlation vector for this call.'),
  'MS-ServerId': stringHeader('The sandbox instance that answered.'),
  'X-Locale': stringHeader('The locale the call was answered in.'),
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 0 } },
  'WWW-Authenticate': stringHeader(
    'The challenge: `OAuth realm=urn:cpsvc:cpid:{id}` on /v1 (as the error-codes page shows); send `Authorization: Bearer <token>`.',
  ),
  'Cache-Control': stringHeader('no-store: tokens are never cached.'),
} as const;

type ResponseHeaderName = keyof typeof RESPONSE_HEADERS;

const headerRef = (name: ResponseHeaderName) => ({ $ref: `#/components/headers/${name}` });

/** The headers the pipeline sets on every response it answers through Fastify. */
export function responseHeaders(extra: readonly ResponseHeaderName[] = []): Json {
  const names: ResponseHeaderName[] = [
    'MS-RequestId',
    'MS-CorrelationId',
    'MS-CV',
    'MS-ServerId',
    'X-Locale',
    ...extra,
  ];
  return Object.fromEntries(names.map((name) => [name, headerRef(name)]));
}

/** The responses the pipeline gives, by status, as `components.responses`. */
interface PipelineResponse {
  name: string;
  description: string;
  schema: unknown;
  headers?: readonly ResponseHeaderName[];
  examples?: Record<string, { summary: string; value: unknown }> | undefined;
}

export const PIPELINE_RESPONSES: Record<string, PipelineResponse> = {
  '400': {
    name: 'BadRequest',
    description: 'Bad request: Partner Center’s error body (bytes that are not HTTP included)',
    schema: ErrorBodySchema,
    examples: PARTNER_CENTER_ERROR_EXAMPLES['400'],
  },
  '401': {
    name: 'Unauthorized',
    description: 'No token, or one that is not valid here',
    schema: ErrorBodySchema,
    headers: ['WWW-Authenticate'],
    examples: PARTNER_CENTER_ERROR_EXAMPLES['401'],
  },
  '403': {
    name: 'Forbidden',
    description: 'Not allowed for this caller (e.g. App-only where App+User is needed)',
    schema: ErrorBodySchema,
    examples: PARTNER_CENTER_ERROR_EXAMPLES['403'],
  },
  '404': {
    name: 'NotFound',
    description: 'Not found, or not the caller’s',
    schema: ErrorBodySchema,
    examples: PARTNER_CENTER_ERROR_EXAMPLES['404'],
  },
  '409': { name: 'Conflict', description: 'Conflict: the domain is taken', schema: ErrorBodySchema },
  '413': { name: 'PayloadTooLarge', description: 'The body is larger than the limit', schema: ErrorBodySchema },
  '414': { name: 'UriTooLong', description: 'A path segment is longer than the limit', schema: ErrorBodySchema },
  '415': { name: 'UnsupportedMediaType', description: 'The Content-Type cannot be read', schema: ErrorBodySchema },
  '429': {
    name: 'TooManyRequests',
    description: 'Throttled (or a fault rule of kind throttle): see Retry-After',
    // A throttle (or a throttle fault) answers the gateway's body; an error fault of status 429,
    // the usual error body.
    schema: { anyOf: [ThrottleBodySchema, ErrorBodySchema] },
    headers: ['Retry-After'],
    examples: { throttled: THROTTLE_EXAMPLE },
  },
  '431': { name: 'HeaderFieldsTooLarge', description: 'The request headers are too large', schema: ErrorBodySchema },
  '503': {
    name: 'ServiceUnavailable',
    description: 'The store is unavailable (or an injected fault): see Retry-After',
    schema: ErrorBodySchema,
    headers: ['Retry-After'],
  },
  '5XX': {
    name: 'InjectedFault',
    description: 'A fault rule of kind error answered with the status it names',
    schema: ErrorBodySchema,
    headers: ['Retry-After'],
  },
};

/** A response object: JSON content of `schema` (already hoisted) with the pipeline's headers. */
export function responseObject(
  description: string,
  schema: unknown,
  extraHeaders: readonly ResponseHeaderName[] = [],
  examples?: Record<string, unknown>,
): Json {
  const media: Json = { schema };
  if (examples && Object.keys(examples).length > 0) media['examples'] = examples;
  return { description, headers: responseHeaders(extraHeaders), content: { 'application/json': media } };
}

export const pipelineResponseRef = (code: string) => ({
  $ref: `#/components/responses/${PIPELINE_RESPONSES[code]?.name ?? 'BadRequest'}`,
});
