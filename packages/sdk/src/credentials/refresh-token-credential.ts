/** @module App+User authentication from a refresh token. */
import { PARTNER_CENTER_DEFAULT_SCOPE } from '@partnerbox/contract/types';
import { AccessTokenCache } from './access-token-cache.js';
import type { EntraCredentialOptions } from './client-secret-credential.js';
import type { AccessToken, GetTokenOptions, TokenCredential } from './token-credential.js';
import { requestToken, tokenEndpointUrl } from '../internal/token-endpoint.js';
import type { FetchLike } from '../internal/fetch-like.js';

export interface RefreshTokenCredentialOptions extends EntraCredentialOptions {
  /** Confidential (web) apps send their secret with the grant; public clients do not. */
  clientSecret?: string | undefined;
  /** Called whenever Entra ID rotates the refresh token, so it can be persisted. */
  onRefreshTokenRotated?: ((refreshToken: string) => void) | undefined;
}

/**
 * App+User (delegated) credential: the refresh-token grant. Several Partner Center operations
 * (removing a reseller relationship or DAP, relationship requests) refuse App-only tokens.
 * Entra ID rotates refresh tokens; the newest one is kept and used for the next grant, and
 * reported through `onRefreshTokenRotated`.
 *
 * @example
 * ```ts
 * const credential = new RefreshTokenCredential(tenantId, clientId, storedRefreshToken, {
 *   clientSecret,
 *   onRefreshTokenRotated: (token) => saveRefreshToken(token),
 * });
 * ```
 */
export class RefreshTokenCredential implements TokenCredential {
  readonly #endpoint: string;
  readonly #clientId: string;
  readonly #clientSecret: string | undefined;
  readonly #fetch: FetchLike | undefined;
  readonly #onRotated: ((refreshToken: string) => void) | undefined;
  readonly #cache: AccessTokenCache;
  #refreshToken: string;

  constructor(tenantId: string, clientId: string, refreshToken: string, options: RefreshTokenCredentialOptions = {}) {
    this.#endpoint = tokenEndpointUrl(tenantId, options);
    this.#clientId = clientId;
    this.#clientSecret = options.clientSecret;
    this.#fetch = options.fetch;
    this.#onRotated = options.onRefreshTokenRotated;
    this.#refreshToken = refreshToken;
    this.#cache = new AccessTokenCache((scopes) => this.#requestToken(scopes), options.refreshBeforeExpiryInMs);
  }

  /** The newest refresh token (after rotation). */
  get refreshToken(): string {
    return this.#refreshToken;
  }

  getToken(
    scopes: string | string[] = PARTNER_CENTER_DEFAULT_SCOPE,
    options: GetTokenOptions = {},
  ): Promise<AccessToken | null> {
    return this.#cache.get(Array.isArray(scopes) ? scopes : [scopes], options.abortSignal);
  }

  async #requestToken(scopes: string[]): Promise<AccessToken> {
    const form: Record<string, string> = {
      grant_type: 'refresh_token',
      client_id: this.#clientId,
      refresh_token: this.#refreshToken,
      scope: scopes.join(' '),
    };
    if (this.#clientSecret !== undefined) form['client_secret'] = this.#clientSecret;
    const { accessToken, refreshToken } = await requestToken(this.#endpoint, form, this.#fetch);
    if (refreshToken !== undefined && refreshToken !== this.#refreshToken) {
      this.#refreshToken = refreshToken;
      this.#onRotated?.(refreshToken);
    }
    return accessToken;
  }
}
