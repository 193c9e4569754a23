/**
 * @module TestPartner: one sandbox partner's credentials, ready for the SDK (App-only and
 * App+User) and as plain values for any other client.
 */
import {
  ClientSecretCredential,
  PartnerCenterClient,
  PARTNER_CENTER_DEFAULT_SCOPE,
  RefreshTokenCredential,
  type AccessToken,
  type GetTokenOptions,
  type PartnerCenterClientOptions,
  type TokenCredential,
} from '@partnerbox/sdk';
import type { PartnerListing } from './sandbox-control.js';

export type ClientOptions = Omit<PartnerCenterClientOptions, 'credential' | 'baseUrl'>;

export interface TestPartner {
  readonly tenantId: string;
  readonly kind: 'sandbox' | 'production';
  readonly name: string;
  readonly domain: string;
  /** The partner's app registration. */
  readonly clientId: string;
  readonly clientSecret: string;
  /** The partner's user, for App+User sign-in (password grant). */
  readonly userName: string;
  readonly password: string;
  /** App-only, for the SDK: the client-credentials grant against the sandbox. */
  readonly credential: TokenCredential;
  /** App+User, for the SDK: a refresh token from the user's sign-in, got on first use. */
  readonly userCredential: TokenCredential;
  /** An App-only SDK client for this partner on this sandbox. */
  client(options?: ClientOptions): PartnerCenterClient;
  /** An App+User SDK client (what relationship removal needs). */
  userClient(options?: ClientOptions): PartnerCenterClient;
  /** A bearer token from the sandbox's token endpoint, for clients other than the SDK. */
  token(mode?: 'app' | 'user'): Promise<string>;
}

/** A refresh token for the partner's user, as an interactive sign-in would leave behind. */
async function signIn(url: string, listing: PartnerListing): Promise<string> {
  const app = listing.apps[0];
  const user = listing.users[0];
  if (!app || !user) throw new Error(`Partner ${listing.tenantId} has no app or no user`);
  const response = await fetch(`${url}/${listing.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      username: user.userName,
      password: user.password,
      scope: 'https://api.partnercenter.microsoft.com/user_impersonation offline_access',
    }).toString(),
  });
  const body = (await response.json()) as { refresh_token?: string; error_description?: string };
  if (!response.ok || !body.refresh_token)
    throw new Error(`The sandbox refused the user's sign-in: ${body.error_description ?? response.status}`);
  return body.refresh_token;
}

/** The App+User credential, signing in once on first use. */
function lazyUserCredential(url: string, listing: PartnerListing, clientSecret: string): TokenCredential {
  let credential: Promise<RefreshTokenCredential> | undefined;
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      credential ??= signIn(url, listing).then(
        (refreshToken) =>
          new RefreshTokenCredential(listing.tenantId, listing.apps[0]?.clientId ?? '', refreshToken, {
            clientSecret,
            authorityHost: url,
          }),
      );
      credential.catch(() => (credential = undefined));
      return (await credential).getToken(scopes, options);
    },
  };
}

export function testPartner(url: string, listing: PartnerListing): TestPartner {
  const app = listing.apps[0];
  const user = listing.users[0];
  if (!app || !user) throw new Error(`Partner ${listing.tenantId} has no app or no user`);
  const credential = new ClientSecretCredential(listing.tenantId, app.clientId, app.clientSecret, {
    authorityHost: url,
  });
  const userCredential = lazyUserCredential(url, listing, app.clientSecret);
  const client = (withCredential: TokenCredential, options: ClientOptions = {}) =>
    new PartnerCenterClient({ ...options, baseUrl: url, credential: withCredential });
  return {
    tenantId: listing.tenantId,
    kind: listing.kind,
    name: listing.name,
    domain: listing.domain,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    userName: user.userName,
    password: user.password,
    credential,
    userCredential,
    client: (options) => client(credential, options),
    userClient: (options) => client(userCredential, options),
    async token(mode = 'app') {
      const token = await (mode === 'app' ? credential : userCredential).getToken(PARTNER_CENTER_DEFAULT_SCOPE);
      if (!token) throw new Error(`No ${mode} token for partner ${listing.tenantId}`);
      return token.token;
    },
  };
}
