/**
 * @module The one error every sign-in and token path throws: an OAuth 2.0 `error` with Entra ID's
 * AADSTS number, rendered as Entra's JSON body (token endpoints), a redirect (the authorize
 * endpoint, RFC 6749 section 4.1.2.1) or an HTML page.
 */
import { randomUUID } from 'node:crypto';
import type { TokenError } from '@partnerbox/contract';

export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly aadsts: number,
    description: string,
  ) {
    super(description);
  }

  /** `AADSTS50126: ...`: how Entra ID starts every description. */
  get summary(): string {
    return `AADSTS${this.aadsts}: ${this.message}`;
  }

  body(): TokenError {
    const correlationId = randomUUID();
    const traceId = randomUUID();
    const timestamp = new Date().toISOString();
    return {
      error: this.error,
      error_description: `${this.summary} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [this.aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${this.aadsts}`,
    };
  }
}

/** The token endpoint answers `invalid_request`, the metadata endpoints `invalid_tenant`, both with 90002. */
export const unknownTenant = (tenant: string, error: 'invalid_request' | 'invalid_tenant' = 'invalid_request') =>
  new OAuthError(
    400,
    error,
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  );
