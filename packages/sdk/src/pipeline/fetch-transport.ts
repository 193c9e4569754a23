/** @module The end of the pipeline: one HTTP attempt through `fetch`. */
import type { PipelineRequest, PipelineResponse, SendRequest } from './pipeline.js';
import type { FetchInit, FetchLike } from '../internal/fetch-like.js';
import { AbortError, isAbortError } from '../abort-error.js';
import { PartnerCenterError } from '../partner-center-error.js';
import { abortErrorFrom } from '../internal/abort.js';
import { headersToRecord } from '../internal/redact.js';

/**
 * Sends one attempt with `fetch` (the global one unless given) and reads the whole body.
 * A rejected `fetch` becomes an AbortError if the call was aborted, otherwise a
 * PartnerCenterError without `statusCode` (a network failure, which the retry policy retries).
 *
 * @example
 * ```ts
 * const response = await pipeline.sendRequest(fetchTransport(), request);
 * ```
 */
export function fetchTransport(fetchImpl?: FetchLike): SendRequest {
  const doFetch: FetchLike = fetchImpl ?? ((url, init) => globalThis.fetch(url, init));
  return async (request: PipelineRequest): Promise<PipelineResponse> => {
    const init: FetchInit = { method: request.method, headers: headersToRecord(request.headers) };
    if (request.body !== undefined) init.body = request.body;
    if (request.abortSignal) init.signal = request.abortSignal;
    try {
      const response = await doFetch(request.url, init);
      const bodyText = await response.text();
      return { status: response.status, headers: response.headers, bodyText, request };
    } catch (error) {
      if (request.abortSignal?.aborted) throw abortErrorFrom(request.abortSignal);
      if (isAbortError(error)) throw new AbortError('The request was aborted.', { cause: error });
      throw PartnerCenterError.fromNetworkError(request, error);
    }
  };
}
