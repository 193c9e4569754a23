/**
 * @module End-to-end test support: a real Partnerbox sandbox on a real port (a fresh SQLite
 * file), SDK clients for its partners, and App+User refresh tokens through the password grant.
 */
import {
  ApiClient,
  startEmbeddedTarget,
  type EmbeddedTargetOptions,
  type PartnerCredentials,
  type Target,
} from '@partnerbox/conformance';
import {
  ClientSecretCredential,
  PartnerCenterClient,
  RefreshTokenCredential,
  type FetchLike,
  type PartnerCenterClientOptions,
  type PartnerCenterLogEntry,
} from '../../src/index.js';

export interface RealSandbox {
  target: Target;
  api: ApiClient;
  baseUrl: string;
  sandbox: PartnerCredentials;
  production: PartnerCredentials;
  close(): Promise<void>;
}

/** Starts the sandbox in this process, listening on 127.0.0.1 with an ephemeral port. */
export async function startRealSandbox(options: EmbeddedTargetOptions = {}): Promise<RealSandbox> {
  return startRealSandboxFrom(await startEmbeddedTarget(options));
}

/** The same, around a target already started (PostgreSQL, say). */
export function startRealSandboxFrom(target: Target): RealSandbox {
  const production = target.productionPartner;
  if (!production) throw new Error('the sandbox has no production partner');
  return {
    target,
    api: new ApiClient(target),
    baseUrl: target.baseUrls[0] ?? '',
    sandbox: target.sandboxPartner,
    production,
    close: () => target.close(),
  };
}

type ClientExtras = Omit<PartnerCenterClientOptions, 'credential' | 'baseUrl'>;

/** An App-only client (client-credentials grant against the sandbox as token authority). */
export function appOnlyClient(sandbox: RealSandbox, partner: PartnerCredentials, extras: ClientExtras = {}) {
  return new PartnerCenterClient({
    baseUrl: sandbox.baseUrl,
    credential: new ClientSecretCredential(partner.tenantId, partner.clientId, partner.clientSecret, {
      authorityHost: sandbox.target.authority,
    }),
    ...extras,
  });
}

/**
 * A refresh token for the partner's user, as an interactive sign-in would leave behind: the
 * password grant at `{authority}/{tenant}/oauth2/v2.0/token`, which test tenants allow.
 */
export async function refreshTokenFor(sandbox: RealSandbox, partner: PartnerCredentials): Promise<string> {
  if (!partner.userName || !partner.password) throw new Error('the partner has no user');
  const response = await fetch(`${sandbox.target.authority}/${partner.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: partner.clientId,
      client_secret: partner.clientSecret,
      username: partner.userName,
      password: partner.password,
      scope: 'https://api.partnercenter.microsoft.com/user_impersonation offline_access',
    }).toString(),
  });
  const body = (await response.json()) as { refresh_token?: string; error_description?: string };
  if (!response.ok || !body.refresh_token)
    throw new Error(`password grant failed: ${body.error_description ?? response.status}`);
  return body.refresh_token;
}

/** An App+User client built on a refresh token. */
export async function appUserClient(sandbox: RealSandbox, partner: PartnerCredentials, extras: ClientExtras = {}) {
  const refreshToken = await refreshTokenFor(sandbox, partner);
  return new PartnerCenterClient({
    baseUrl: sandbox.baseUrl,
    credential: new RefreshTokenCredential(partner.tenantId, partner.clientId, refreshToken, {
      clientSecret: partner.clientSecret,
      authorityHost: sandbox.target.authority,
    }),
    ...extras,
  });
}

/** One request as it left the SDK: what a wire trace would show. */
export interface WireRequest {
  method: string;
  path: string;
  requestId: string | undefined;
  correlationId: string | undefined;
  continuationToken: string | undefined;
  outcome: number | 'network-error';
}

/** The global fetch, recording each request's method, path and Partner Center headers. */
export function recordingFetch(): { fetch: FetchLike; requests: WireRequest[] } {
  const requests: WireRequest[] = [];
  const recording: FetchLike = async (url, init) => {
    const header = (name: string) =>
      Object.entries(init.headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
    const parsed = new URL(url);
    const entry: WireRequest = {
      method: init.method,
      path: parsed.pathname + parsed.search,
      requestId: header('MS-RequestId'),
      correlationId: header('MS-CorrelationId'),
      continuationToken: header('MS-ContinuationToken'),
      outcome: 'network-error',
    };
    requests.push(entry);
    const response = await fetch(url, init);
    entry.outcome = response.status;
    return response;
  };
  return { fetch: recording, requests };
}

/** Collects the SDK's log entries of one type. */
export function logCollector() {
  const entries: PartnerCenterLogEntry[] = [];
  return {
    logger: (entry: PartnerCenterLogEntry) => entries.push(entry),
    retries: () => entries.filter((entry) => entry.type === 'retry'),
    entries,
  };
}

/** Sleeps without keeping the test alive longer than asked. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
