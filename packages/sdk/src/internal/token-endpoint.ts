/** @module The Entra ID v2 token endpoint call shared by the built-in credentials. */
import { AUTHORITY_HOSTS, type CloudName } from '@partnerbox/contract/types';
import { AuthenticationError } from '../authentication-error.js';
import type { AccessToken } from '../credentials/token-credential.js';
import { isAbortError } from '../abort-error.js';
import { abortErrorFrom } from './abort.js';
import { getPropertyIgnoreCase, isRecord, parseJsonOrText } from './json.js';
import { trimTrailingSlashes } from './url.js';
import type { FetchLike } from './fetch-like.js';

export interface TokenEndpointOptions {
  authorityHost?: string | undefined;
  cloud?: CloudName | undefined;
  fetch?: FetchLike | undefined;
}

export interface TokenEndpointResult {
  accessToken: AccessToken;
  refreshToken: string | undefined;
}

export function tokenEndpointUrl(tenantId: string, options: TokenEndpointOptions): string {
  const authority = trimTrailingSlashes(options.authorityHost ?? AUTHORITY_HOSTS[options.cloud ?? 'global']);
  return `${authority}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
}

/** POSTs a form-encoded grant and turns the answer into an AccessToken or an AuthenticationError. */
export async function requestToken(
  endpoint: string,
  form: Record<string, string>,
  fetchImpl: FetchLike | undefined,
  abortSignal?: AbortSignal,
): Promise<TokenEndpointResult> {
  const doFetch: FetchLike = fetchImpl ?? ((url, init) => globalThis.fetch(url, init));
  let status: number;
  let text: string;
  try {
    const response = await doFetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      ...(abortSignal ? { signal: abortSignal } : {}),
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    if (abortSignal?.aborted) throw abortErrorFrom(abortSignal);
    if (isAbortError(error)) throw error;
    throw new AuthenticationError({
      message: `Could not reach the token endpoint ${endpoint}: ${error instanceof Error ? error.message : String(error)}`,
      statusCode: undefined,
      tokenEndpoint: endpoint,
      cause: error,
    });
  }
  const body = parseJsonOrText(text);
  const receivedAt = Date.now();
  if (status >= 200 && status < 300 && isRecord(body) && typeof body['access_token'] === 'string') {
    return {
      accessToken: {
        token: body['access_token'],
        expiresOnTimestamp: receivedAt + expiresInSeconds(body, receivedAt) * 1000,
        tokenType: typeof body['token_type'] === 'string' ? body['token_type'] : 'Bearer',
      },
      refreshToken: typeof body['refresh_token'] === 'string' ? body['refresh_token'] : undefined,
    };
  }
  const error = isRecord(body) ? getPropertyIgnoreCase(body, 'error') : undefined;
  const description = isRecord(body) ? getPropertyIgnoreCase(body, 'error_description') : undefined;
  const codes = isRecord(body) ? getPropertyIgnoreCase(body, 'error_codes') : undefined;
  throw new AuthenticationError({
    statusCode: status,
    error: typeof error === 'string' ? error : status < 300 ? 'invalid_response' : `http_${status}`,
    errorDescription:
      typeof description === 'string'
        ? description
        : typeof body === 'string' && body.trim() !== ''
          ? body.trim().slice(0, 500)
          : undefined,
    errorCodes: Array.isArray(codes) ? codes.filter((code): code is number => typeof code === 'number') : undefined,
    tokenEndpoint: endpoint,
  });
}

/**
 * `expires_in` is a number in the v2 endpoint's answers but a string in the v1 examples
 * (`"expires_in":"3600"`); fall back to `expires_on`, then to an hour.
 */
function expiresInSeconds(body: Record<string, unknown>, receivedAt: number): number {
  const expiresIn = Number(body['expires_in']);
  if (Number.isFinite(expiresIn) && expiresIn > 0) return expiresIn;
  const expiresOn = Number(body['expires_on']);
  if (Number.isFinite(expiresOn) && expiresOn * 1000 > receivedAt) return (expiresOn * 1000 - receivedAt) / 1000;
  return 3600;
}
