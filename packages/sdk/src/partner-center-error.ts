/** @module The one error class for failed Partner Center calls, and its type guard. */
import { HEADERS } from '@partnerbox/contract/types';
import type { PipelineRequest, PipelineResponse } from './pipeline/pipeline.js';
import { getPropertyIgnoreCase, isRecord, parseJsonOrText } from './internal/json.js';
import { headersToRecord, redactHeaders } from './internal/redact.js';
import { retryAfterFromResponse } from './internal/retry-after.js';
import { pathOf } from './internal/url.js';

/** The request that failed, without its credentials: the Authorization header reads `REDACTED`. */
export interface PartnerCenterErrorRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

/** The error response as received; `body` is the parsed JSON, or the text if it was not JSON. */
export interface PartnerCenterErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Everything a {@link PartnerCenterError} carries. */
export interface PartnerCenterErrorInit {
  message?: string | undefined;
  statusCode: number | undefined;
  code?: number | undefined;
  description: string;
  data?: string[] | undefined;
  source?: string | undefined;
  requestId?: string | undefined;
  correlationId?: string | undefined;
  retryAfterInMs?: number | undefined;
  request: PartnerCenterErrorRequest;
  response?: PartnerCenterErrorResponse | undefined;
  cause?: unknown;
}

/**
 * A Partner Center call that failed: an error response (`statusCode` set), or a network
 * failure after the retries ran out (`statusCode` undefined, the socket error in `cause`).
 *
 * Partner Center's error body is `{code, description, data, source}`; the API gateway's
 * throttling body is `{statusCode, message}`; both are read. `code` is a number even when the
 * body sends it as a string (the docs call it a string; the service sends numbers).
 *
 * @example
 * ```ts
 * try {
 *   await client.customers.get(customerId);
 * } catch (error) {
 *   if (isPartnerCenterError(error) && error.code === PartnerCenterErrorCode.NoRelationship) {
 *     console.log('not our customer (any more)');
 *   } else throw error;
 * }
 * ```
 */
export class PartnerCenterError extends Error {
  override readonly name = 'PartnerCenterError';
  /** HTTP status; undefined when no response arrived. */
  readonly statusCode: number | undefined;
  /** Partner Center's error code (e.g. 20002), when the body had a numeric one. */
  readonly code: number | undefined;
  readonly description: string;
  readonly data: string[];
  readonly source: string | undefined;
  /** `MS-RequestId` of the call: quote it to Microsoft support. */
  readonly requestId: string | undefined;
  readonly correlationId: string | undefined;
  /** What `Retry-After` asked for, in milliseconds. */
  readonly retryAfterInMs: number | undefined;
  readonly request: PartnerCenterErrorRequest;
  readonly response: PartnerCenterErrorResponse | undefined;

  constructor(init: PartnerCenterErrorInit) {
    super(init.message ?? formatMessage(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.statusCode = init.statusCode;
    this.code = init.code;
    this.description = init.description;
    this.data = init.data ?? [];
    this.source = init.source;
    this.requestId = init.requestId;
    this.correlationId = init.correlationId;
    this.retryAfterInMs = init.retryAfterInMs;
    this.request = init.request;
    this.response = init.response;
  }

  /**
   * Builds the error for an HTTP error response.
   *
   * @example
   * ```ts
   * if (response.status >= 400) throw PartnerCenterError.fromResponse(response);
   * ```
   */
  static fromResponse(response: PipelineResponse): PartnerCenterError {
    const body = parseJsonOrText(response.bodyText);
    const parsed = parseErrorBody(body, response.status);
    return new PartnerCenterError({
      statusCode: response.status,
      ...parsed,
      requestId:
        response.headers.get(HEADERS.requestId) ?? response.request.headers.get(HEADERS.requestId) ?? undefined,
      correlationId:
        response.headers.get(HEADERS.correlationId) ?? response.request.headers.get(HEADERS.correlationId) ?? undefined,
      retryAfterInMs: retryAfterFromResponse(response.status, response.headers, body),
      request: snapshotRequest(response.request),
      response: { status: response.status, headers: headersToRecord(response.headers), body },
    });
  }

  /**
   * Builds the error for a request that got no response (connection refused or reset, DNS).
   *
   * @example
   * ```ts
   * throw PartnerCenterError.fromNetworkError(request, socketError);
   * ```
   */
  static fromNetworkError(request: PipelineRequest, cause: unknown): PartnerCenterError {
    const reason = describeCause(cause);
    return new PartnerCenterError({
      message: `Network error calling ${request.method} ${request.url}: ${reason}`,
      statusCode: undefined,
      description: reason,
      requestId: request.headers.get(HEADERS.requestId) ?? undefined,
      correlationId: request.headers.get(HEADERS.correlationId) ?? undefined,
      request: snapshotRequest(request),
      cause,
    });
  }
}

/**
 * Type guard for {@link PartnerCenterError}; also recognises one from another copy of this
 * package (two versions installed side by side), by name and shape.
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (isPartnerCenterError(error)) console.error(error.code, error.description, error.requestId);
 * }
 * ```
 */
export function isPartnerCenterError(error: unknown): error is PartnerCenterError {
  if (error instanceof PartnerCenterError) return true;
  return (
    error instanceof Error &&
    error.name === 'PartnerCenterError' &&
    'statusCode' in error &&
    'description' in error &&
    'request' in error
  );
}

/** True for a network failure (no HTTP response), which the retry policy retries. */
export function isNetworkError(error: unknown): error is PartnerCenterError {
  return isPartnerCenterError(error) && error.statusCode === undefined;
}

function snapshotRequest(request: PipelineRequest): PartnerCenterErrorRequest {
  return { method: request.method, url: request.url, headers: redactHeaders(request.headers) };
}

function parseErrorBody(
  body: unknown,
  status: number,
): { code: number | undefined; description: string; data: string[]; source: string | undefined } {
  if (!isRecord(body)) {
    const text = typeof body === 'string' ? body.trim() : '';
    return { code: undefined, description: text || `HTTP ${status}`, data: [], source: undefined };
  }
  const description = getPropertyIgnoreCase(body, 'description') ?? getPropertyIgnoreCase(body, 'message');
  const data = getPropertyIgnoreCase(body, 'data');
  const source = getPropertyIgnoreCase(body, 'source');
  return {
    code: normalizeCode(getPropertyIgnoreCase(body, 'code')),
    description: typeof description === 'string' && description !== '' ? description : `HTTP ${status}`,
    data: Array.isArray(data) ? data.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))) : [],
    source: typeof source === 'string' ? source : undefined,
  };
}

/** The docs type `code` as a string and the service sends a number: accept both. */
function normalizeCode(code: unknown): number | undefined {
  if (typeof code === 'number' && Number.isFinite(code)) return code;
  if (typeof code === 'string' && /^\s*-?\d+\s*$/.test(code)) return Number(code);
  return undefined;
}

function formatMessage(init: PartnerCenterErrorInit): string {
  const status = init.statusCode === undefined ? 'no response' : `HTTP ${init.statusCode}`;
  const code = init.code === undefined ? '' : `, code ${init.code}`;
  const requestId = init.requestId === undefined ? '' : ` (MS-RequestId ${init.requestId})`;
  return `Partner Center ${init.request.method} ${pathOf(init.request.url)} failed with ${status}${code}: ${init.description}${requestId}`;
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  // Node's fetch rejects with a bare "fetch failed" and puts the socket error in `cause`.
  const inner: unknown = cause.cause;
  if (inner instanceof Error) {
    const code = 'code' in inner && typeof inner.code === 'string' ? ` (${inner.code})` : '';
    return `${cause.message}: ${inner.message}${code}`;
  }
  return cause.message;
}
