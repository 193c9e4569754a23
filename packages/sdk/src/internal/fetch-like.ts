/** @module The slice of `fetch` the SDK uses, so tests and custom transports can stand in for it. */

/** What the SDK reads from a response. The global `Response` satisfies it. */
export interface FetchResponseLike {
  readonly status: number;
  readonly headers: Headers;
  text(): Promise<string>;
}

/** The request options the SDK passes (a subset of `RequestInit`). */
export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/** A `fetch`-compatible function: the global `fetch` fits, and so does a scripted fake. */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponseLike>;
