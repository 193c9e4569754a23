/** @module The error a credential throws when the token endpoint refuses or cannot be reached. */

/** What Entra ID's token endpoint answered (`{error, error_description, error_codes}`). */
export interface AuthenticationErrorInit {
  message?: string | undefined;
  /** HTTP status of the token endpoint; undefined when it could not be reached. */
  statusCode: number | undefined;
  /** OAuth error, e.g. `invalid_client` or `invalid_grant`. */
  error?: string | undefined;
  errorDescription?: string | undefined;
  errorCodes?: number[] | undefined;
  /** The token endpoint URL (the client secret is never kept). */
  tokenEndpoint: string;
  cause?: unknown;
}

/**
 * A token request that failed. Thrown by the built-in credentials; the bearer-token policy
 * lets it through unchanged.
 *
 * @example
 * ```ts
 * try {
 *   await credential.getToken(PARTNER_CENTER_DEFAULT_SCOPE);
 * } catch (error) {
 *   if (error instanceof AuthenticationError && error.error === 'invalid_client') console.error('wrong secret');
 * }
 * ```
 */
export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';
  readonly statusCode: number | undefined;
  readonly error: string | undefined;
  readonly errorDescription: string | undefined;
  readonly errorCodes: number[];
  readonly tokenEndpoint: string;

  constructor(init: AuthenticationErrorInit) {
    super(
      init.message ??
        `Token request to ${init.tokenEndpoint} failed${init.statusCode === undefined ? '' : ` with HTTP ${init.statusCode}`}: ${
          init.error ?? 'error'
        }${init.errorDescription ? ` (${init.errorDescription})` : ''}`,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.statusCode = init.statusCode;
    this.error = init.error;
    this.errorDescription = init.errorDescription;
    this.errorCodes = init.errorCodes ?? [];
    this.tokenEndpoint = init.tokenEndpoint;
  }
}

/**
 * True for an {@link AuthenticationError}.
 *
 * @example
 * ```ts
 * if (isAuthenticationError(error)) console.error(error.error, error.errorDescription);
 * ```
 */
export function isAuthenticationError(error: unknown): error is AuthenticationError {
  return error instanceof AuthenticationError;
}
