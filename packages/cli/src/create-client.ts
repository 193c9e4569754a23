/** @module Turning a resolved profile into an SDK client with the right credential. */
import {
  ClientSecretCredential,
  PartnerCenterClient,
  RefreshTokenCredential,
  SDK_VERSION,
  StaticTokenCredential,
  isAuthenticationError,
  type PartnerCenterLogger,
  type TokenCredential,
} from '@partnerbox/sdk';
import { CliError, usageError } from './cli-error.js';
import { ExitCode } from './exit-codes.js';
import { ENVIRONMENT_VARIABLES as ENV, type ResolvedProfile } from './resolve-profile.js';

/** How the client authenticates: decides which commands can work (relationship removal needs App+User). */
export type AuthenticationMode = 'app+user' | 'app-only' | 'static-token';

export interface CreatedClient {
  client: PartnerCenterClient;
  mode: AuthenticationMode;
}

/**
 * Builds the client for a profile. The credential is, in this order: a refresh token (App+User,
 * with the client secret when there is one), a client secret (App-only), or a ready-made access
 * token.
 *
 * @example
 * ```ts
 * const { client, mode } = createClient(resolveProfile({}), { logger: undefined });
 * ```
 */
export function createClient(
  profile: ResolvedProfile,
  options: {
    logger?: PartnerCenterLogger;
    /** Entra ID rotates refresh tokens: the CLI keeps the newest in the profile it came from. */
    onRefreshTokenRotated?: ((token: string) => void) | undefined;
  },
): CreatedClient {
  const { credential, mode } = createCredential(profile, options);
  const client = new PartnerCenterClient({
    baseUrl: profile.baseUrl,
    credential: failFastWhenUnreachable(credential),
    application: `Partnerbox CLI/${SDK_VERSION}`,
    allowInsecureConnection: profile.allowInsecureConnection,
    logger: options.logger,
  });
  return { client, mode };
}

/**
 * A token endpoint that cannot be reached (refused, no such host, TLS) is a network problem:
 * say so at once. The SDK's retry policy retries an unreachable token endpoint like any
 * network failure (~10 s in all), and its AuthenticationError read as a wrong secret; a
 * CliError is neither retried nor mistaken for one.
 */
function failFastWhenUnreachable(credential: TokenCredential): TokenCredential {
  return {
    async getToken(scopes, options) {
      try {
        return await credential.getToken(scopes, options);
      } catch (error) {
        if (!isAuthenticationError(error) || error.statusCode !== undefined || error.cause === undefined) throw error;
        throw new CliError(
          `Network error: cannot reach the token endpoint ${error.tokenEndpoint} (${networkReason(error.cause)}).`,
          ExitCode.Failure,
          [
            'check the authority (--authority, PARTNERBOX_AUTHORITY) or base URL, and the network; the credentials were not tried',
          ],
        );
      }
    },
  };
}

/** `ECONNREFUSED 127.0.0.1:9` rather than fetch's bare "fetch failed". */
function networkReason(cause: unknown): string {
  const inner = (cause as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (inner && typeof inner.message === 'string' && inner.message !== '') return inner.message;
  return cause instanceof Error ? cause.message : String(cause);
}

function createCredential(
  profile: ResolvedProfile,
  options: { onRefreshTokenRotated?: ((token: string) => void) | undefined },
): { credential: TokenCredential; mode: AuthenticationMode } {
  const entra = { authorityHost: profile.authority };
  if (profile.refreshToken || profile.clientSecret) {
    const missing = [
      profile.tenantId ? undefined : `${ENV.tenantId} (or --tenant-id)`,
      profile.clientId || (profile.refreshToken && profile.loginClientId)
        ? undefined
        : `${ENV.clientId} (or --client-id)`,
    ].filter((item): item is string => item !== undefined);
    if (missing.length > 0) throw usageError(`Profile "${profile.name}" lacks ${missing.join(' and ')}.`);
    const tenantId = profile.tenantId ?? '';
    const clientId = profile.clientId ?? '';
    if (profile.refreshToken) {
      // A token from `partnerbox login` belongs to the public client it signed in with, which has no secret.
      const login = profile.loginClientId;
      return {
        credential: new RefreshTokenCredential(tenantId, login ?? clientId, profile.refreshToken, {
          ...entra,
          clientSecret: login === undefined ? profile.clientSecret : undefined,
          onRefreshTokenRotated: options.onRefreshTokenRotated,
        }),
        mode: 'app+user',
      };
    }
    return {
      credential: new ClientSecretCredential(tenantId, clientId, profile.clientSecret ?? '', entra),
      mode: 'app-only',
    };
  }
  if (profile.accessToken) return { credential: new StaticTokenCredential(profile.accessToken), mode: 'static-token' };
  throw usageError(`No credential for profile "${profile.name}".`, [
    `set ${ENV.tenantId}, ${ENV.clientId} and ${ENV.clientSecret} (App-only),`,
    `add ${ENV.refreshToken} for App+User, or set ${ENV.accessToken};`,
    `or put them in a profile of the config file (see docs/cli.md). Secrets are never taken from flags.`,
  ]);
}
