/** @module The Partner Center client: configuration, the pipeline, and the resource operations. */
import { HEADERS, PARTNER_CENTER_ENDPOINTS, type CloudName } from '@partnerbox/contract/types';
import { Pipeline, type AddPolicyOptions, type PipelinePolicy, type PipelineRequest } from './pipeline/pipeline.js';
import { requestIdPolicy } from './pipeline/request-id-policy.js';
import { correlationIdPolicy } from './pipeline/correlation-id-policy.js';
import { localePolicy } from './pipeline/locale-policy.js';
import { applicationPolicy } from './pipeline/application-policy.js';
import { timeoutPolicy } from './pipeline/timeout-policy.js';
import { retryPolicy, type RetryOptions } from './pipeline/retry-policy.js';
import { bearerTokenPolicy } from './pipeline/bearer-token-policy.js';
import { loggingPolicy, type PartnerCenterLogger } from './pipeline/logging-policy.js';
import { fetchTransport } from './pipeline/fetch-transport.js';
import type { TokenCredential } from './credentials/token-credential.js';
import { PartnerCenterError } from './partner-center-error.js';
import type { FetchLike } from './internal/fetch-like.js';
import { parseJsonBody } from './internal/json.js';
import { appendQuery, resolveApiUrl, trimTrailingSlashes, type QueryParameters } from './internal/url.js';
import { CustomersOperations } from './resources/customers-operations.js';
import { EntitlementsOperations } from './resources/entitlements-operations.js';
import { OrdersOperations } from './resources/orders-operations.js';
import { SubscriptionsOperations } from './resources/subscriptions-operations.js';

/** Options every operation accepts. */
export interface OperationOptions {
  /** Cancels the call, including retries and their waits. */
  abortSignal?: AbortSignal | undefined;
  /** `MS-RequestId` to send: Partner Center's idempotency key. A GUID is generated if absent. */
  requestId?: string | undefined;
  /** `MS-CorrelationId` to send; overrides the client's. */
  correlationId?: string | undefined;
  /** Budget of this call, retries included; overrides the client's `timeoutInMs`. */
  timeoutInMs?: number | undefined;
  /** `X-Locale` for this call. */
  locale?: string | undefined;
  /** Extra request headers, e.g. `MS-Contract-Version`. */
  headers?: Record<string, string> | undefined;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A raw call, for endpoints the typed operations do not cover. */
export interface SendRequestOptions extends OperationOptions {
  method: HttpMethod;
  /**
   * A path under the API root, with or without `/v1` (`/customers`, `/v1/customers`), or a
   * `links.*.uri` from a response.
   */
  path: string;
  query?: QueryParameters | undefined;
  /** Serialized as JSON. */
  body?: unknown;
}

/** A successful response: the parsed JSON body (undefined for 204) and the ids to quote. */
export interface PartnerCenterResponse<T> {
  status: number;
  headers: Headers;
  body: T;
  requestId: string | undefined;
  correlationId: string | undefined;
}

/** A policy to add to the pipeline, at the end or relative to a named one. */
export type AdditionalPolicy = PipelinePolicy | ({ policy: PipelinePolicy } & AddPolicyOptions);

export interface PartnerCenterClientOptions {
  /** Produces bearer tokens: a built-in credential, an `@azure/identity` one, or your own. */
  credential: TokenCredential;
  /** API root (default `https://api.partnercenter.microsoft.com`); `/v1` is added by the client. */
  baseUrl?: string | undefined;
  /** Picks the API root when `baseUrl` is not given: `global`, `usGovernment` or `china`. */
  cloud?: CloudName | undefined;
  /** The `fetch` to use (the global one by default). Tests inject a fake here. */
  fetch?: FetchLike | undefined;
  /** `X-Locale` (default `en-US`). */
  locale?: string | undefined;
  retry?: RetryOptions | undefined;
  /** Default budget per call, retries included. None by default. */
  timeoutInMs?: number | undefined;
  /** A fixed `MS-CorrelationId` for every call of this client. */
  correlationId?: string | undefined;
  /** `MS-PartnerCenter-Application` (default `Partnerbox SDK/<version>`). */
  application?: string | undefined;
  /** Extra policies; appended innermost unless placed with `before`/`after`. */
  policies?: readonly AdditionalPolicy[] | undefined;
  /** Receives one entry per attempt, response, failure and retry. */
  logger?: PartnerCenterLogger | undefined;
  /** Token scopes (default `https://api.partnercenter.microsoft.com/.default`). */
  scopes?: string | string[] | undefined;
  /** Allow bearer tokens over plain HTTP to non-loopback hosts. */
  allowInsecureConnection?: boolean | undefined;
}

interface ClientContext {
  readonly pipeline: Pipeline;
  readonly baseUrl: string;
  readonly timeoutInMs: number | undefined;
  readonly transport: ReturnType<typeof fetchTransport>;
}

/**
 * A typed Partner Center client. Works against the real service (the default base URL) and
 * against a Partnerbox sandbox alike; it never calls sandbox-only routes.
 *
 * The pipeline, outermost first: `requestIdPolicy`, `correlationIdPolicy`, `localePolicy`,
 * `applicationPolicy`, `timeoutPolicy`, `retryPolicy`, `bearerTokenPolicy`, `loggingPolicy`,
 * then `fetch`.
 *
 * @example
 * ```ts
 * const client = new PartnerCenterClient({
 *   credential: new ClientSecretCredential(tenantId, clientId, clientSecret),
 * });
 * for await (const customer of client.customers.list()) console.log(customer.companyProfile.companyName);
 * ```
 */
export class PartnerCenterClient {
  private context!: ClientContext;
  private fixedCorrelationId: string | undefined;
  private customersOperations: CustomersOperations | undefined;
  private entitlementsOperations: EntitlementsOperations | undefined;
  private ordersOperations: OrdersOperations | undefined;
  private subscriptionsOperations: SubscriptionsOperations | undefined;

  constructor(options: PartnerCenterClientOptions) {
    const pipeline = new Pipeline([
      requestIdPolicy(),
      correlationIdPolicy(),
      localePolicy(options.locale),
      applicationPolicy(options.application),
      timeoutPolicy(),
      retryPolicy(options.retry, options.logger),
      bearerTokenPolicy({
        credential: options.credential,
        scopes: options.scopes,
        allowInsecureConnection: options.allowInsecureConnection,
      }),
      loggingPolicy(options.logger),
    ]);
    for (const entry of options.policies ?? []) {
      if ('policy' in entry) pipeline.addPolicy(entry.policy, { before: entry.before, after: entry.after });
      else pipeline.addPolicy(entry);
    }
    this.initialize(
      {
        pipeline,
        baseUrl: trimTrailingSlashes(options.baseUrl ?? PARTNER_CENTER_ENDPOINTS[options.cloud ?? 'global']),
        timeoutInMs: options.timeoutInMs,
        transport: fetchTransport(options.fetch),
      },
      options.correlationId,
    );
  }

  /** The API root, without `/v1`. */
  get baseUrl(): string {
    return this.context.baseUrl;
  }

  /** The request pipeline; add, remove or replace policies here. Shared with scoped clients. */
  get pipeline(): Pipeline {
    return this.context.pipeline;
  }

  /** The fixed `MS-CorrelationId` of this client or scope, if any. */
  get correlationId(): string | undefined {
    return this.fixedCorrelationId;
  }

  get customers(): CustomersOperations {
    return (this.customersOperations ??= new CustomersOperations(this));
  }

  get entitlements(): EntitlementsOperations {
    return (this.entitlementsOperations ??= new EntitlementsOperations(this));
  }

  get orders(): OrdersOperations {
    return (this.ordersOperations ??= new OrdersOperations(this));
  }

  get subscriptions(): SubscriptionsOperations {
    return (this.subscriptionsOperations ??= new SubscriptionsOperations(this));
  }

  /**
   * A client that sends `correlationId` as `MS-CorrelationId` on every call, sharing this
   * client's pipeline, token cache and settings: scope one multi-call operation with it so
   * Partner Center's logs (and support) can tie the calls together.
   *
   * @example
   * ```ts
   * const scoped = client.withCorrelationId(randomUUID());
   * await scoped.orders.cancel(customerId, orderId);
   * await scoped.customers.deleteFromSandbox(customerId);
   * ```
   */
  withCorrelationId(correlationId: string): PartnerCenterClient {
    const scoped = Object.create(PartnerCenterClient.prototype) as PartnerCenterClient;
    scoped.initialize(this.context, correlationId);
    return scoped;
  }

  /**
   * Sends a request through the pipeline and parses the JSON answer. Throws a
   * PartnerCenterError for 4xx/5xx (after retries), an AbortError on abort or timeout.
   *
   * @example
   * ```ts
   * const { body } = await client.sendRequest<{ totalCount: number }>({ method: 'GET', path: '/customers', query: { size: 1 } });
   * ```
   */
  async sendRequest<T = unknown>(options: SendRequestOptions): Promise<PartnerCenterResponse<T>> {
    const headers = new Headers({ accept: 'application/json' });
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers.set('content-type', 'application/json');
    }
    for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
    if (options.requestId !== undefined) headers.set(HEADERS.requestId, options.requestId);
    const correlationId = options.correlationId ?? this.fixedCorrelationId;
    if (correlationId !== undefined) headers.set(HEADERS.correlationId, correlationId);
    if (options.locale !== undefined) headers.set(HEADERS.locale, options.locale);

    const request: PipelineRequest = {
      method: options.method,
      url: appendQuery(resolveApiUrl(this.context.baseUrl, options.path), options.query),
      headers,
      body,
      abortSignal: options.abortSignal,
      timeoutInMs: options.timeoutInMs ?? this.context.timeoutInMs,
      attempt: 0,
      context: new Map(),
    };
    const response = await this.context.pipeline.sendRequest(this.context.transport, request);
    if (response.status >= 400) throw PartnerCenterError.fromResponse(response);

    let parsed: unknown;
    try {
      parsed = parseJsonBody(response.bodyText);
    } catch (error) {
      const invalid = PartnerCenterError.fromResponse(response);
      throw new PartnerCenterError({
        message: `Partner Center answered ${options.method} ${options.path} with a body that is not JSON`,
        statusCode: invalid.statusCode,
        description: 'The response body is not valid JSON',
        requestId: invalid.requestId,
        correlationId: invalid.correlationId,
        request: invalid.request,
        response: invalid.response,
        cause: error,
      });
    }
    return {
      status: response.status,
      headers: response.headers,
      body: parsed as T,
      requestId: response.headers.get(HEADERS.requestId) ?? request.headers.get(HEADERS.requestId) ?? undefined,
      correlationId:
        response.headers.get(HEADERS.correlationId) ?? request.headers.get(HEADERS.correlationId) ?? undefined,
    };
  }

  private initialize(context: ClientContext, correlationId: string | undefined): void {
    this.context = context;
    this.fixedCorrelationId = correlationId;
    this.customersOperations = undefined;
    this.entitlementsOperations = undefined;
    this.ordersOperations = undefined;
    this.subscriptionsOperations = undefined;
  }
}
