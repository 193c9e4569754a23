/** @module App-only authentication with an application's client secret. */
import { PARTNER_CENTER_DEFAULT_SCOPE, type CloudName } from '@partnerbox/contract/types';
import { AccessTokenCache } from './access-token-cache.js';
import type { AccessToken, GetTokenOptions, TokenCredential } from './token-credential.js';
import { requestToken, tokenEndpointUrl } from '../internal/token-endpoint.js';
import type { FetchLike } from '../internal/fetch-like.js';

/** Options shared by the built-in Entra ID credentials. */
export interface EntraCredentialOptions {
  /**
   * The token authority, e.g. `https://login.microsoftonline.com`. Overrides `cloud`. Point it
   * at a Partnerbox sandbox (its base URL) to get sandbox tokens.
   */
  authorityHost?: string | undefined;
  /** Picks the authority: `global` (default), `usGovernment` or `china` (21Vianet). */
  cloud?: CloudName | undefined;
  /** The `fetch` used for the token endpoint; the global one by default. */
  fetch?: FetchLike | undefined;
  /** How long before expiry a cached token is replaced (default 5 minutes). */
  refreshBeforeExpiryInMs?: number | undefined;
}

export type ClientSecretCredentialOptions = EntraCredentialOptions;

/**
 * App-only credential: the OAuth 2.0 client-credentials grant against the Entra ID v2 endpoint
 * (`POST {authority}/{tenant}/oauth2/v2.0/token`). Tokens are cached per scope set and renewed
 * shortly before they expire; concurrent callers share one token request.
 *
 * @example
 * ```ts
 * const credential = new ClientSecretCredential(tenantId, clientId, clientSecret);
 * const client = new PartnerCenterClient({ credential });
 * ```
 */
export class ClientSecretCredential implements TokenCredential {
  readonly #endpoint: string;
  readonly #clientId: string;
  readonly #clientSecret: string;
  readonly #fetch: FetchLike | undefined;
  readonly #cache: AccessTokenCache;

  constructor(tenantId: string, clientId: string, clientSecret: string, options: ClientSecretCredentialOptions = {}) {
    this.#endpoint = tokenEndpointUrl(tenantId, options);
    this.#clientId = clientId;
    this.#clientSecret = clientSecret;
    this.#fetch = options.fetch;
    this.#cache = new AccessTokenCache((scopes) => this.#requestToken(scopes), options.refreshBeforeExpiryInMs);
  }

  /** The token endpoint this credential calls. */
  get tokenEndpoint(): string {
    return this.#endpoint;
  }

  getToken(
    scopes: string | string[] = PARTNER_CENTER_DEFAULT_SCOPE,
    options: GetTokenOptions = {},
  ): Promise<AccessToken | null> {
    return this.#cache.get(Array.isArray(scopes) ? scopes : [scopes], options.abortSignal);
  }

  async #requestToken(scopes: string[]): Promise<AccessToken> {
    const { accessToken } = await requestToken(
      this.#endpoint,
      {
        grant_type: 'client_credentials',
        client_id: this.#clientId,
        client_secret: this.#clientSecret,
        scope: scopes.join(' '),
      },
      this.#fetch,
    );
    return accessToken;
  }
}
