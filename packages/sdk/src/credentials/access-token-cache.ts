/** @module Caching tokens until shortly before they expire, with one request in flight per scope set. */
import type { AccessToken } from './token-credential.js';
import { raceAbort } from '../internal/abort.js';

/** Fetch a new token this long before expiry (Azure's identity libraries use the same margin). */
export const DEFAULT_REFRESH_BEFORE_EXPIRY_IN_MS = 5 * 60_000;

export type FetchAccessToken = (scopes: string[]) => Promise<AccessToken | null>;

interface Entry {
  token?: AccessToken | undefined;
  refreshAt: number;
  inFlight?: Promise<AccessToken | null> | undefined;
}

/**
 * Caches tokens per scope set. Concurrent callers share one token request: when a pipeline
 * fans out (bulk offboarding runs several customers at once) the token endpoint sees one call,
 * not one per request. A caller's abort releases that caller only; the shared request goes on.
 */
export class AccessTokenCache {
  readonly #fetchToken: FetchAccessToken;
  readonly #refreshBeforeExpiryInMs: number;
  readonly #entries = new Map<string, Entry>();

  constructor(fetchToken: FetchAccessToken, refreshBeforeExpiryInMs = DEFAULT_REFRESH_BEFORE_EXPIRY_IN_MS) {
    this.#fetchToken = fetchToken;
    this.#refreshBeforeExpiryInMs = refreshBeforeExpiryInMs;
  }

  async get(scopes: string[], abortSignal?: AbortSignal): Promise<AccessToken | null> {
    const key = [...scopes].sort().join(' ');
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = { refreshAt: 0 };
      this.#entries.set(key, entry);
    }
    const now = Date.now();
    if (entry.token && now < entry.refreshAt) return entry.token;

    if (!entry.inFlight) {
      const current = entry;
      current.inFlight = this.#fetchToken(scopes).then(
        (token) => {
          current.inFlight = undefined;
          if (token) {
            current.token = token;
            current.refreshAt = this.#refreshTime(token, Date.now());
          }
          return token;
        },
        (error: unknown) => {
          current.inFlight = undefined;
          throw error;
        },
      );
    }
    try {
      return await raceAbort(entry.inFlight ?? Promise.resolve(null), abortSignal);
    } catch (error) {
      // A token in its refresh window is still valid: a failed early refresh is not fatal.
      if (entry.token && Date.now() < entry.token.expiresOnTimestamp && !abortSignal?.aborted) return entry.token;
      throw error;
    }
  }

  /** Drops cached tokens, e.g. after the service rejected one. */
  clear(): void {
    this.#entries.clear();
  }

  /**
   * Refresh `refreshBeforeExpiry` early, but never later than half-way through the lifetime:
   * a short-lived token (a sandbox may mint 5-minute tokens) would otherwise be refetched on
   * every request.
   */
  #refreshTime(token: AccessToken, receivedAt: number): number {
    if (token.refreshAfterTimestamp !== undefined) return token.refreshAfterTimestamp;
    const lifetime = token.expiresOnTimestamp - receivedAt;
    return token.expiresOnTimestamp - Math.min(this.#refreshBeforeExpiryInMs, Math.max(0, lifetime / 2));
  }
}
