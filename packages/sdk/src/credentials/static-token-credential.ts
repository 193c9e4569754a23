/** @module A credential for a token obtained elsewhere. */
import type { AccessToken, TokenCredential } from './token-credential.js';

/**
 * Hands out one fixed token: for scripts given a token by another tool, and for tests.
 * Without `expiresOnTimestamp` the token is treated as valid for an hour from each call.
 *
 * @example
 * ```ts
 * const client = new PartnerCenterClient({ credential: new StaticTokenCredential(process.env.PC_TOKEN ?? '') });
 * ```
 */
export class StaticTokenCredential implements TokenCredential {
  readonly #token: string;
  readonly #expiresOnTimestamp: number | undefined;

  constructor(token: string, expiresOnTimestamp?: number) {
    this.#token = token;
    this.#expiresOnTimestamp = expiresOnTimestamp;
  }

  getToken(): Promise<AccessToken> {
    return Promise.resolve({
      token: this.#token,
      expiresOnTimestamp: this.#expiresOnTimestamp ?? Date.now() + 3_600_000,
      tokenType: 'Bearer',
    });
  }
}
