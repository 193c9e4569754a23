/** @module The credential shape: `@azure/core-auth`'s TokenCredential, so `@azure/identity` credentials plug in unchanged. */

/** A bearer token and when it expires (milliseconds since the epoch). */
export interface AccessToken {
  token: string;
  expiresOnTimestamp: number;
  /** When to fetch a new one; defaults to a few minutes before expiry. */
  refreshAfterTimestamp?: number | undefined;
  tokenType?: string | undefined;
}

/**
 * Options a credential may receive. No `| undefined` on purpose: under
 * `exactOptionalPropertyTypes` that would stop `@azure/identity` credentials (whose
 * `abortSignal` is an `AbortSignalLike`) from being assignable to {@link TokenCredential}.
 */
export interface GetTokenOptions {
  abortSignal?: AbortSignal;
}

/**
 * Anything that can produce a bearer token for a set of scopes.
 *
 * @example
 * ```ts
 * const credential: TokenCredential = {
 *   getToken: async () => ({ token: await readTokenFromVault(), expiresOnTimestamp: Date.now() + 60_000 }),
 * };
 * ```
 */
export interface TokenCredential {
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null>;
}
