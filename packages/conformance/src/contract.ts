/**
 * @module The contract check: every response a suite receives from a Partnerbox sandbox is held
 * against the sandbox's own OpenAPI document (the status is one its operation lists, a JSON
 * body validates against that status's schema). It sits in front of the target as a small
 * recording proxy per instance, so every request a suite makes is seen, whether it goes
 * through ApiClient, the control client or a plain `fetch` of the target's URLs.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { dereference } from './openapi-document.js';
import type { Target } from './target.js';

interface MediaType {
  schema?: object;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
}
interface OperationObject {
  responses?: Record<string, ResponseObject>;
}
export interface ContractDocument {
  paths: Record<string, Record<string, OperationObject>>;
}

interface Route {
  template: string;
  pattern: RegExp;
  params: number;
  methods: Record<string, OperationObject>;
}

/** Served by the sandbox but left out of its document on purpose (the document, Swagger UI). */
const UNDOCUMENTED = /^\/(openapi\.json|docs)(\/|$)/i;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Routing ignores case, repeated and trailing slashes (app.ts): so does the match. */
function compile(template: string): RegExp {
  const source = template
    .split('/')
    .map((segment) => (/^\{[^}]+\}$/.test(segment) ? '[^/]+' : escape(segment)))
    .join('/');
  return new RegExp(`^${source}$`, 'i');
}

function normalize(path: string): string {
  const bare = (path.split('?')[0] ?? '').replace(/\/{2,}/g, '/');
  return bare.length > 1 ? bare.replace(/\/$/, '') : bare;
}

/** A response that breaks the document, with what was asked. */
export interface ContractViolation {
  request: string;
  status: number;
  problems: string[];
}

export class OpenApiContract {
  readonly #routes: Route[];
  readonly #ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  readonly #validators = new Map<object, ValidateFunction>();
  /** Responses checked, by `METHOD /template status`: the run's coverage. */
  readonly checked = new Map<string, number>();

  constructor(document: ContractDocument) {
    (addFormats as unknown as (ajv: Ajv2020) => void)(this.#ajv);
    const resolved = dereference(document);
    // Literal segments before parameters: /v1/customers/relationshiprequests is not a customer id.
    this.#routes = Object.entries(resolved.paths)
      .map(([template, methods]) => ({
        template,
        pattern: compile(template),
        params: (template.match(/\{/g) ?? []).length,
        methods,
      }))
      .sort((a, b) => a.params - b.params);
  }

  /** Every way the response breaks the document; empty when it keeps it (or is not the document's). */
  problems(method: string, path: string, status: number, contentType: string | undefined, text: string): string[] {
    const bare = normalize(path);
    if (UNDOCUMENTED.test(bare)) return [];
    const route = this.#routes.find((r) => r.pattern.test(bare));
    const verb = method.toUpperCase() === 'HEAD' ? 'get' : method.toLowerCase();
    const operation = route?.methods[verb];
    if (!route || !operation) return this.#unknownRoute(method, bare, status);
    const key = `${method.toUpperCase()} ${route.template}`;
    this.checked.set(`${key} ${status}`, (this.checked.get(`${key} ${status}`) ?? 0) + 1);
    const responses = operation.responses ?? {};
    const documented = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses['default'];
    if (!documented) return [`${key}: status ${status} is not in the document (${Object.keys(responses).join(', ')})`];
    if (method.toUpperCase() === 'HEAD' || status === 204) return [];
    const schema = documented.content?.['application/json']?.schema;
    if (!schema) return text === '' ? [] : [`${key} ${status}: a body where the document has none`];
    if (text === '') return [`${key} ${status}: no body where the document has one`];
    if (!contentType?.toLowerCase().startsWith('application/json'))
      return [`${key} ${status}: content type ${contentType ?? 'none'}, not application/json`];
    return this.#schemaProblems(`${key} ${status}`, schema, text);
  }

  /** A path or method the document does not have must get the not-found answer, Partner Center's 404. */
  #unknownRoute(method: string, path: string, status: number): string[] {
    const key = `${method.toUpperCase()} (not in the document)`;
    this.checked.set(`${key} ${status}`, (this.checked.get(`${key} ${status}`) ?? 0) + 1);
    // Before routing: the body and header limits, and the URL checks (400 for a malformed one).
    if ([400, 404, 413, 414, 415, 431].includes(status)) return [];
    return [`${method.toUpperCase()} ${path}: not in the document, yet answered ${status}`];
  }

  #schemaProblems(what: string, schema: object, text: string): string[] {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return [`${what}: the body is not JSON: ${text.slice(0, 200)}`];
    }
    let validate = this.#validators.get(schema);
    if (!validate) {
      validate = this.#ajv.compile(schema);
      this.#validators.set(schema, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? [])
      .slice(0, 5)
      .map((e) => `${what}: ${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }
}

// Hop-by-hop headers, and those the client sets itself.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade', 'expect']);

type OnResponse = (method: string, path: string, status: number, headers: Headers, body: Buffer) => void;

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * One request passed on with fetch, whose client (like the suites') reads an answer the server
 * gives before it has read the whole body (413) instead of failing on the broken pipe.
 */
async function forward(upstream: URL, request: IncomingMessage, response: ServerResponse, onResponse: OnResponse) {
  const method = request.method ?? 'GET';
  const path = request.url ?? '/';
  const body = await readBody(request);
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers))
    if (!HOP_BY_HOP.has(name) && name !== 'host' && value !== undefined)
      for (const v of [value].flat()) headers.append(name, v);
  // fetch sends the upstream's host: URLs the sandbox builds from it (OpenID metadata, the
  // document's token URL) name the instance itself, and calls to them are not checked.
  const sendsBody = body.length > 0 && method !== 'GET' && method !== 'HEAD';
  let answer: Response;
  try {
    answer = await fetch(new URL(path, upstream), {
      method,
      headers,
      redirect: 'manual',
      ...(sendsBody ? { body: new Uint8Array(body) } : {}),
    });
  } catch {
    // The sandbox dropped the connection (a fault rule of kind drop): so does the proxy.
    request.socket.destroy();
    return;
  }
  const answerBody = Buffer.from(await answer.arrayBuffer());
  onResponse(method, path, answer.status, answer.headers, answerBody);
  const out: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name)) out[name] = value;
  });
  out['content-length'] = method === 'HEAD' ? (answer.headers.get('content-length') ?? '0') : String(answerBody.length);
  response.writeHead(answer.status, out);
  response.end(method === 'HEAD' ? undefined : answerBody);
}

/** One proxy in front of `upstream`, checking each answer; a dropped connection is dropped in turn. */
function proxyTo(upstream: URL, onResponse: OnResponse): Server {
  return createServer({ maxHeaderSize: 64 * 1024 }, (request, response) => {
    forward(upstream, request, response, onResponse).catch(() => request.socket.destroy());
  });
}

export interface ContractTarget {
  /** The target with every URL pointed at its checking proxy. */
  target: Target;
  contract: OpenApiContract;
  /** The violations since the last call (a suite's `afterEach` asserts there are none). */
  takeViolations(): ContractViolation[];
}

/**
 * Puts a checking proxy in front of each instance of a Partnerbox sandbox target (its document
 * is fetched from the first). Closing the returned target closes the proxies, then the target.
 */
export async function withContractCheck(target: Target): Promise<ContractTarget> {
  const first = target.baseUrls[0];
  if (!first) throw new Error('The target has no base URL');
  const response = await fetch(`${first}/openapi.json`);
  if (response.status !== 200) throw new Error(`GET /openapi.json → ${response.status}: a sandbox target serves it`);
  const contract = new OpenApiContract((await response.json()) as ContractDocument);
  let violations: ContractViolation[] = [];
  const proxies = new Map<string, { server: Server; url: string }>();
  const proxied = async (url: string): Promise<string> => {
    const origin = new URL(url).origin;
    let proxy = proxies.get(origin);
    if (!proxy) {
      const server = proxyTo(new URL(origin), (method, path, status, headers, body) => {
        const contentType = headers.get('content-type') ?? undefined;
        const problems = contract.problems(method, path, status, contentType, body.toString('utf8'));
        if (problems.length > 0) violations.push({ request: `${method} ${path}`, status, problems });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      proxy = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
      proxies.set(origin, proxy);
    }
    return `${proxy.url}${url.slice(origin.length)}`;
  };
  const baseUrls = await Promise.all(target.baseUrls.map(proxied));
  const authority = await proxied(target.authority);
  const control = target.control && { ...target.control, url: await proxied(target.control.url) };
  const wrapped: Target = {
    ...target,
    baseUrls,
    authority,
    ...(control ? { control } : {}),
    async close() {
      await Promise.all(
        [...proxies.values()].map(
          ({ server }) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
      await target.close();
    },
  };
  return {
    target: wrapped,
    contract,
    takeViolations() {
      const taken = violations;
      violations = [];
      return taken;
    },
  };
}
