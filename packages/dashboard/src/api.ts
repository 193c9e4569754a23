/**
 * @module The dashboard's client of the sandbox: `/v1` with the signed-in user's App+User token
 * (or, when the panel chose it, an App-only token) and `/_sandbox` with the admin key. Every
 * error keeps what Partner Center sent (status, code, description, data) and the request id,
 * because that is what a person quotes when asking why something was refused.
 */
import type { ErrorBody } from '@partnerbox/contract/types';
import { newGuid } from './lib/random.js';

export class ApiError extends Error {
  readonly status: number;
  readonly code: number | string | undefined;
  readonly description: string;
  readonly data: string[];
  readonly requestId: string;
  readonly method: string;
  readonly path: string;

  constructor(init: {
    status: number;
    code: number | string | undefined;
    description: string;
    data: string[];
    requestId: string;
    method: string;
    path: string;
  }) {
    super(init.description);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.description = init.description;
    this.data = init.data;
    this.requestId = init.requestId;
    this.method = init.method;
    this.path = init.path;
  }
}

export interface Answer<T> {
  body: T;
  status: number;
  requestId: string;
  headers: Headers;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
}

function isErrorBody(value: unknown): value is Partial<ErrorBody> & { description: string } {
  return typeof value === 'object' && value !== null && typeof (value as ErrorBody).description === 'string';
}

/** The `error` / `error_description` of OAuth answers, or a proxy's text, as an error the page can show. */
function errorOf(status: number, parsed: unknown, text: string, requestId: string, method: string, path: string) {
  if (isErrorBody(parsed))
    return new ApiError({
      status,
      code: parsed.code,
      description: parsed.description,
      data: Array.isArray(parsed.data) ? parsed.data.map(String) : [],
      requestId,
      method,
      path,
    });
  const oauth = parsed as { error?: string; error_description?: string } | undefined;
  return new ApiError({
    status,
    code: oauth?.error,
    description: oauth?.error_description ?? (text.trim().slice(0, 300) || `HTTP ${status}`),
    data: [],
    requestId,
    method,
    path,
  });
}

/** One JSON call; resolves with a 2xx answer, rejects with an {@link ApiError} otherwise. */
export async function request<T>(
  method: string,
  path: string,
  authorization: string,
  options: RequestOptions = {},
): Promise<Answer<T>> {
  const requestId = newGuid();
  const headers: Record<string, string> = {
    Accept: 'application/json',
    Authorization: authorization,
    'MS-RequestId': requestId,
    'MS-CorrelationId': requestId,
    ...options.headers,
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  } catch {
    throw new ApiError({
      status: 0,
      code: undefined,
      description: 'The connection closed before an answer came (a network error or a dropped connection).',
      data: [],
      requestId,
      method,
      path,
    });
  }
  const answeredId = response.headers.get('MS-RequestId') ?? requestId;
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) throw errorOf(response.status, parsed, text, answeredId, method, path);
  return { body: parsed as T, status: response.status, requestId: answeredId, headers: response.headers };
}
