/** @module A scripted `fetch` for tests: records every request and answers from a handler. */
import type { FetchInit, FetchLike, FetchResponseLike } from '../../src/index.js';

export { pathOf } from '../../src/index.js';

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** The body parsed as JSON (or the raw text when it is not JSON). */
  body: unknown;
  rawBody: string | undefined;
  signal: AbortSignal | undefined;
}

export interface Reply {
  status?: number;
  body?: unknown;
  /** Sent verbatim instead of `JSON.stringify(body)`, BOM included. */
  text?: string;
  headers?: Record<string, string>;
}

export type Handler = (request: RecordedRequest) => Reply | Promise<Reply>;

export interface FakeFetch {
  fetch: FetchLike;
  requests: RecordedRequest[];
}

/** A fetch whose answers come from `handler`; throw from the handler to simulate a network failure. */
export function fakeFetch(handler: Handler): FakeFetch {
  const requests: RecordedRequest[] = [];
  const fetch: FetchLike = async (url: string, init: FetchInit) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(init.headers)) headers[name.toLowerCase()] = value;
    let body: unknown;
    if (init.body !== undefined) {
      try {
        body = JSON.parse(init.body);
      } catch {
        body = init.body;
      }
    }
    const recorded: RecordedRequest = {
      url,
      method: init.method,
      headers,
      body,
      rawBody: init.body,
      signal: init.signal,
    };
    requests.push(recorded);
    if (init.signal?.aborted) throw new DOMException('This operation was aborted', 'AbortError');
    const reply = await handler(recorded);
    return toResponse(reply);
  };
  return { fetch, requests };
}

/** Answers with `replies` in order; fails the test loudly when they run out. */
export function scripted(...replies: (Reply | Error)[]): FakeFetch {
  let index = 0;
  return fakeFetch(() => {
    const reply = replies[index++];
    if (reply === undefined) throw new Error(`scripted fetch: no reply left for request ${index}`);
    if (reply instanceof Error) throw reply;
    return reply;
  });
}

export function toResponse(reply: Reply): FetchResponseLike {
  const status = reply.status ?? 200;
  const text = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
  const headers = new Headers(reply.headers);
  if (text !== '' && !headers.has('content-type')) headers.set('content-type', 'application/json; charset=utf-8');
  // Not a real Response: Response.text() would strip a leading BOM, hiding what the SDK must handle.
  return { status, headers, text: () => Promise.resolve(text) };
}

/** The error a fetch rejects with when the connection drops (Node's undici shape). */
export function networkError(code = 'ECONNRESET'): TypeError {
  const cause = Object.assign(new Error(`read ${code}`), { code });
  return new TypeError('fetch failed', { cause });
}

/** A fetch that never answers until its signal aborts. */
export function hangingFetch(): FakeFetch {
  return fakeFetch(
    (request) =>
      new Promise<Reply>((_resolve, reject) => {
        request.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')), {
          once: true,
        });
      }),
  );
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
