/** @module Authorization: a bearer token from the credential, cached until shortly before expiry. */
import { PARTNER_CENTER_DEFAULT_SCOPE } from '@partnerbox/contract/types';
import type { PipelinePolicy } from './pipeline.js';
import type { TokenCredential } from '../credentials/token-credential.js';
import { AccessTokenCache } from '../credentials/access-token-cache.js';
import { AuthenticationError } from '../authentication-error.js';

export interface BearerTokenPolicyOptions {
  credential: TokenCredential;
  /** Default `https://api.partnercenter.microsoft.com/.default`. */
  scopes?: string | string[] | undefined;
  /**
   * Send the token over plain HTTP to hosts other than loopback. Off by default: only a local
   * sandbox (`http://127.0.0.1:4000`) may be reached without TLS.
   */
  allowInsecureConnection?: boolean | undefined;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Sets `Authorization: Bearer <token>`. It runs inside the retry policy, so a retry that comes
 * after the token expired gets a fresh one. The token is cached here as well as in the built-in
 * credentials, so a hand-written credential that fetches on every call is not hammered.
 *
 * @example
 * ```ts
 * pipeline.addPolicy(bearerTokenPolicy({ credential: new StaticTokenCredential(token) }));
 * ```
 */
export function bearerTokenPolicy(options: BearerTokenPolicyOptions): PipelinePolicy {
  const { credential } = options;
  const scopes = options.scopes ?? PARTNER_CENTER_DEFAULT_SCOPE;
  const scopeList = Array.isArray(scopes) ? scopes : [scopes];
  const cache = new AccessTokenCache((requested) => credential.getToken(requested));
  return {
    name: 'bearerTokenPolicy',
    async sendRequest(request, next) {
      const url = new URL(request.url);
      if (url.protocol !== 'https:' && !options.allowInsecureConnection && !LOOPBACK_HOSTS.has(url.hostname)) {
        throw new Error(
          `Refusing to send a bearer token over ${url.protocol} to ${url.host}; use https or set allowInsecureConnection`,
        );
      }
      const token = await cache.get(scopeList, request.abortSignal);
      if (!token) {
        throw new AuthenticationError({
          message: 'The credential returned no token',
          statusCode: undefined,
          tokenEndpoint: 'credential',
        });
      }
      request.headers.set('authorization', `Bearer ${token.token}`);
      return next(request);
    },
  };
}
