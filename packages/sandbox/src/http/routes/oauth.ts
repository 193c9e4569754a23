/**
 * @module The sandbox as Entra ID's token endpoint: `POST /{tenant}/oauth2/v2.0/token` (and the
 * v1 `/oauth2/token` form with `resource`) for client credentials (App-only), and password,
 * refresh-token, authorization-code (PKCE) and device-code grants (App+User); the device
 * authorization endpoint; the signing keys and OpenID metadata. Errors use Entra ID's OAuth body.
 * The sign-in pages are in sign-in.ts and device-login.ts.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import {
  DeviceCodeResponseSchema,
  ErrorBodySchema,
  PARTNER_CENTER_AUDIENCE,
  TokenErrorSchema,
  TokenResponseSchema,
} from '@partnerbox/contract';
import type { SandboxContext } from '../../context.js';
import type { AppRecord, PartnerRecord, UserRecord } from '../../domain/records.js';
import type { Store } from '../../store/store.js';
import { appIn, clientIdOf, clientServes, findClient, resolveTenant, type Client } from '../../auth/directory.js';
import { JWT_BEARER_ASSERTION, verifyClientAssertion } from '../../auth/app-certificates.js';
import { OAuthError } from '../../auth/oauth-error.js';
import { checkAudience } from '../../auth/audience.js';
import { pkceMatches } from '../../auth/pkce.js';
import { publicOrigin } from '../public-origin.js';
import { DeviceCodeRequestSchema, TokenRequestSchema } from '../token-request-schemas.js';
import { registerDeviceLogin } from './device-login.js';
import { registerSignIn } from './sign-in.js';
import { openIdMetadata } from './openid-metadata.js';

const TenantParams = Type.Object({
  tenant: Type.String({ description: 'Tenant id, domain, or "common"/"organizations".' }),
});

export function sendOAuthError(reply: FastifyReply, e: OAuthError) {
  return reply.code(e.status).header('Cache-Control', 'no-store').send(e.body());
}

const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

const missing = (name: string) =>
  new OAuthError(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`);

const invalidGrant = (aadsts: number, description: string) => new OAuthError(400, 'invalid_grant', aadsts, description);

/** Why a device code gives no token yet (RFC 8628 section 3.5, with Entra ID's numbers). */
function devicePollError(state: 'pending' | 'expired' | 'invalid' | 'redeemed'): OAuthError {
  if (state === 'pending')
    return new OAuthError(
      400,
      'authorization_pending',
      70016,
      'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
    );
  if (state === 'expired') return new OAuthError(400, 'expired_token', 70019, 'Verification code expired.');
  if (state === 'redeemed') return invalidGrant(54005, 'The device code was already redeemed.');
  return invalidGrant(70000, "The provided value for the input parameter 'device_code' is not valid.");
}

/**
 * Client authentication. A public client must not present a secret or an assertion; a
 * confidential one must present one of them when `required` (client credentials, authorization
 * code), and may otherwise. An assertion is a JWT signed with a certificate registered on the app.
 */
async function authenticateClient(
  store: Store,
  client: Client,
  form: Record<string, string>,
  required: boolean,
  origin: string,
): Promise<void> {
  const secret = form['client_secret'];
  const assertion = form['client_assertion'];
  if (client.kind === 'public') {
    if (secret !== undefined || assertion !== undefined)
      throw new OAuthError(
        401,
        'invalid_client',
        700025,
        "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
      );
    return;
  }
  if (assertion !== undefined) {
    if (form['client_assertion_type'] !== JWT_BEARER_ASSERTION)
      throw new OAuthError(
        400,
        'invalid_request',
        900144,
        `The request body must contain the following parameter: 'client_assertion_type' (${JWT_BEARER_ASSERTION}).`,
      );
    await verifyClientAssertion(store, client.app.clientId, assertion, origin);
    return;
  }
  if (secret === undefined) {
    if (!required) return;
    throw new OAuthError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  if (secret !== client.app.clientSecret)
    throw new OAuthError(
      401,
      'invalid_client',
      7000215,
      'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.',
    );
}

/** `Authorization: Basic` client authentication (RFC 6749 section 2.3.1) read into the form. */
function withBasicCredentials(request: FastifyRequest, form: Record<string, string>): Record<string, string> {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!match?.[1]) return form;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return form;
  return {
    ...form,
    client_id: decodeURIComponent(decoded.slice(0, colon)),
    client_secret: decodeURIComponent(decoded.slice(colon + 1)),
  };
}

export function oauthRoutes(ctx: SandboxContext): FastifyPluginAsync {
  const { store, tokens, grants } = ctx;

  interface IssueOptions {
    origin: string;
    form: Record<string, string>;
    nonce?: string | undefined;
  }

  async function issue(partner: PartnerRecord, app: AppRecord, user: UserRecord | undefined, options: IssueOptions) {
    const access = await tokens.mintAccessToken(user ? { partner, app, user } : { partner, app });
    const body: Record<string, unknown> = {
      token_type: 'Bearer',
      expires_in: access.expiresIn,
      ext_expires_in: access.expiresIn,
      scope: user ? `${PARTNER_CENTER_AUDIENCE}/user_impersonation` : `${PARTNER_CENTER_AUDIENCE}/.default`,
      access_token: access.token,
    };
    if (user) {
      body['refresh_token'] = await tokens.mintRefreshToken(partner, app, user);
      body['id_token'] = await tokens.mintIdToken({
        partner,
        clientId: app.clientId,
        user,
        issuer: `${options.origin}/${partner.id}/v2.0`,
        nonce: options.nonce,
      });
      // MSAL keys its account cache on client_info ({uid}.{utid}) when it asked for it.
      if (options.form['client_info'] === '1')
        body['client_info'] = Buffer.from(JSON.stringify({ uid: user.id, utid: partner.id })).toString('base64url');
    }
    return body;
  }

  async function clientCredentials(partner: PartnerRecord | undefined, form: Record<string, string>, o: IssueOptions) {
    if (!partner)
      throw new OAuthError(
        400,
        'invalid_request',
        900023,
        'Specified tenant identifier is neither a valid DirectoryName nor a valid ObjectId: client credentials need a tenant.',
      );
    checkAudience(form);
    const client = await findClient(store, form['client_id']);
    const app = appIn(client, partner);
    await authenticateClient(store, client, form, true, o.origin);
    return issue(partner, app, undefined, o);
  }

  async function password(partnerFromPath: PartnerRecord | undefined, form: Record<string, string>, o: IssueOptions) {
    checkAudience(form);
    const user = form['username'] ? await store.findUserByName(form['username']) : undefined;
    if (!user || user.password !== form['password'] || (partnerFromPath && user.partnerId !== partnerFromPath.id))
      throw invalidGrant(50126, 'Error validating credentials due to invalid username or password.');
    const partner = partnerFromPath ?? (await store.getPartner(user.partnerId));
    if (!partner) throw invalidGrant(50126, 'Error validating credentials.');
    const client = await findClient(store, form['client_id']);
    const app = appIn(client, partner);
    await authenticateClient(store, client, form, false, o.origin);
    return issue(partner, app, user, o);
  }

  async function refreshToken(
    partnerFromPath: PartnerRecord | undefined,
    form: Record<string, string>,
    o: IssueOptions,
  ) {
    const claims = form['refresh_token'] ? await tokens.verifyRefreshToken(form['refresh_token']) : undefined;
    if (!claims || (partnerFromPath && claims.tenantId !== partnerFromPath.id))
      throw invalidGrant(9002313, 'Invalid request. The refresh token is malformed, expired or not valid.');
    const partner = await store.getPartner(claims.tenantId);
    const user = await store.getUser(claims.userId);
    const client = await findClient(store, form['client_id']);
    if (!partner || !user || clientIdOf(client) !== claims.clientId)
      throw invalidGrant(70000, 'The provided grant has expired or was issued to another client.');
    const app = appIn(client, partner);
    await authenticateClient(store, client, form, false, o.origin);
    return issue(partner, app, user, o);
  }

  async function authorizationCode(
    partnerFromPath: PartnerRecord | undefined,
    form: Record<string, string>,
    o: IssueOptions,
  ) {
    const code = form['code'];
    if (!code) throw missing('code');
    const client = await findClient(store, form['client_id']);
    const redeemed = await grants.redeemCode(code, async (grant) => {
      if (partnerFromPath && grant.tenantId !== partnerFromPath.id)
        throw invalidGrant(
          700005,
          'Provided Authorization Code is intended to use against other tenant, thus rejected.',
        );
      if (grant.clientId !== clientIdOf(client))
        throw invalidGrant(70000, 'The provided authorization code was issued to another client.');
      if (form['redirect_uri'] !== grant.redirectUri)
        throw invalidGrant(
          500112,
          `The reply address '${form['redirect_uri'] ?? ''}' does not match the reply address '${grant.redirectUri}' provided when requesting Authorization code.`,
        );
      if (grant.codeChallenge !== undefined && !pkceMatches(form['code_verifier'] ?? '', grant.codeChallenge))
        throw invalidGrant(
          50148,
          'The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.',
        );
      await authenticateClient(store, client, form, true, o.origin);
    });
    if (redeemed === 'invalid') throw invalidGrant(9002313, 'Invalid request. Request is malformed or invalid.');
    if (redeemed === 'expired')
      throw invalidGrant(70008, 'The provided authorization code or refresh token has expired due to inactivity.');
    if (redeemed === 'redeemed')
      throw invalidGrant(
        54005,
        'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
      );
    const partner = await store.getPartner(redeemed.tenantId);
    const user = await store.getUser(redeemed.userId);
    if (!partner || !user) throw invalidGrant(70000, 'The user or tenant of this code no longer exists.');
    return issue(partner, appIn(client, partner), user, { ...o, nonce: redeemed.nonce });
  }

  async function deviceCode(partnerFromPath: PartnerRecord | undefined, form: Record<string, string>, o: IssueOptions) {
    const code = form['device_code'];
    if (!code) throw missing('device_code');
    const client = await findClient(store, form['client_id']);
    await authenticateClient(store, client, form, false, o.origin);
    const poll = await grants.pollDeviceFlow(code, clientIdOf(client));
    if (poll.state !== 'approved') throw devicePollError(poll.state);
    const user = await store.getUser(poll.userId);
    const partner = user ? await store.getPartner(user.partnerId) : undefined;
    if (!user || !partner || (partnerFromPath && partner.id !== partnerFromPath.id))
      throw invalidGrant(70000, 'The user of this device code no longer exists in the tenant.');
    return issue(partner, appIn(client, partner), user, o);
  }

  async function grant(tenant: string, form: Record<string, string>, origin: string) {
    const partnerFromPath = await resolveTenant(store, tenant);
    const grantType = form['grant_type'];
    if (!grantType) throw missing('grant_type');
    const o: IssueOptions = { origin, form };
    switch (grantType) {
      case 'client_credentials':
        return clientCredentials(partnerFromPath, form, o);
      case 'password':
        return password(partnerFromPath, form, o);
      case 'refresh_token':
        return refreshToken(partnerFromPath, form, o);
      case 'authorization_code':
        return authorizationCode(partnerFromPath, form, o);
      // RFC 8628's URN; MSAL sends the short form, which Entra ID also accepts.
      case DEVICE_CODE_GRANT:
      case 'device_code':
        return deviceCode(partnerFromPath, form, o);
      default:
        throw new OAuthError(
          400,
          'unsupported_grant_type',
          70003,
          `The app requested an unsupported grant type '${grantType}'. Use client_credentials, password, refresh_token, authorization_code or ${DEVICE_CODE_GRANT}.`,
        );
    }
  }

  async function startDeviceFlow(tenant: string, form: Record<string, string>, origin: string) {
    const partner = await resolveTenant(store, tenant);
    const client = await findClient(store, form['client_id']);
    if (partner && !clientServes(client, partner)) appIn(client, partner);
    checkAudience(form);
    const clientId = clientIdOf(client);
    const scope = form['scope'] ?? `${PARTNER_CENTER_AUDIENCE}/user_impersonation`;
    const { deviceCode, flow } = await grants.startDeviceFlow({ tenantId: partner?.id, clientId, scope });
    const verificationUri = `${origin}/devicelogin`;
    return {
      device_code: deviceCode,
      user_code: flow.userCode,
      verification_uri: verificationUri,
      expires_in: grants.deviceLifetimeSeconds,
      interval: ctx.settings.deviceCodeIntervalSeconds,
      message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${flow.userCode} to authenticate.`,
    };
  }

  /** Form fields as strings; a NUL (PostgreSQL text cannot hold one) matches no tenant, app or user. */
  function formOf(request: FastifyRequest<{ Params: { tenant: string } }>): Record<string, string> {
    const body = request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
    const form = Object.fromEntries(
      Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    if ([request.params.tenant, ...Object.values(form)].some((v) => v.includes('\u0000')))
      throw new OAuthError(400, 'invalid_request', 900144, 'A request parameter contains a NUL character.');
    return form;
  }

  const answer =
    (produce: (tenant: string, form: Record<string, string>, origin: string) => Promise<unknown>) =>
    async (request: FastifyRequest<{ Params: { tenant: string } }>, reply: FastifyReply) => {
      try {
        const form = withBasicCredentials(request, formOf(request));
        const body = await produce(request.params.tenant, form, publicOrigin(request, ctx.settings.origin));
        return await reply.header('Cache-Control', 'no-store').send(body);
      } catch (error) {
        if (error instanceof OAuthError) return sendOAuthError(reply, error);
        throw error;
      }
    };

  function registerTokenRoutes(app: FastifyInstance) {
    const schema = {
      tags: ['token authority'],
      params: TenantParams,
      consumes: ['application/x-www-form-urlencoded'],
      documentedBody: TokenRequestSchema,
      // 404: a tenant of `.` or `..` is resolved away by clients (RFC 3986 section 5.2.4), leaving an unknown route.
      response: { 200: TokenResponseSchema, 400: TokenErrorSchema, 401: TokenErrorSchema, 404: ErrorBodySchema },
    };
    const summary = 'Get a token (client_credentials, password, refresh_token, authorization_code, device_code)';
    app.post<{ Params: { tenant: string } }>(
      '/:tenant/oauth2/v2.0/token',
      { schema: { ...schema, operationId: 'getToken', summary } },
      answer(grant),
    );
    app.post<{ Params: { tenant: string } }>(
      '/:tenant/oauth2/token',
      { schema: { ...schema, operationId: 'getTokenV1', summary: 'Get a token, v1 form (resource instead of scope)' } },
      answer(grant),
    );
    const deviceSchema = {
      tags: ['token authority'],
      params: TenantParams,
      consumes: ['application/x-www-form-urlencoded'],
      documentedBody: DeviceCodeRequestSchema,
      response: { 200: DeviceCodeResponseSchema, 400: TokenErrorSchema, 401: TokenErrorSchema, 404: ErrorBodySchema },
    };
    app.post<{ Params: { tenant: string } }>(
      '/:tenant/oauth2/v2.0/devicecode',
      {
        schema: { ...deviceSchema, operationId: 'startDeviceCode', summary: 'Start a device-code sign-in (RFC 8628)' },
      },
      answer(startDeviceFlow),
    );
    app.post<{ Params: { tenant: string } }>(
      '/:tenant/oauth2/devicecode',
      {
        schema: {
          ...deviceSchema,
          operationId: 'startDeviceCodeV1',
          summary: 'Start a device-code sign-in, v1 form (resource instead of scope)',
        },
      },
      answer(startDeviceFlow),
    );
  }

  function registerMetadataRoutes(app: FastifyInstance) {
    const keys = async () => tokens.jwks;
    app.get(
      '/:tenant/discovery/v2.0/keys',
      { schema: { tags: ['token authority'], operationId: 'getSigningKeys', summary: 'Signing keys (JWKS)' } },
      keys,
    );
    app.get(
      '/:tenant/discovery/keys',
      {
        schema: { tags: ['token authority'], operationId: 'getSigningKeysV1', summary: 'Signing keys (JWKS), v1 path' },
      },
      keys,
    );
    for (const version of ['v2.0', 'v1'] as const) {
      const path =
        version === 'v2.0'
          ? '/:tenant/v2.0/.well-known/openid-configuration'
          : '/:tenant/.well-known/openid-configuration';
      app.get<{ Params: { tenant: string } }>(
        path,
        {
          schema: {
            tags: ['token authority'],
            operationId: version === 'v2.0' ? 'getOpenIdConfiguration' : 'getOpenIdConfigurationV1',
            summary: `OpenID Connect metadata (${version} endpoints)`,
            params: TenantParams,
            response: {
              200: { type: 'object', description: 'OpenID Connect discovery document' },
              400: TokenErrorSchema,
            },
          },
        },
        async (request, reply) => {
          try {
            const partner = await resolveTenant(store, request.params.tenant, 'invalid_tenant');
            const origin = publicOrigin(request, ctx.settings.origin);
            return openIdMetadata(
              version,
              origin,
              partner?.id ?? request.params.tenant.toLowerCase(),
              partner !== undefined,
            );
          } catch (error) {
            if (error instanceof OAuthError) return sendOAuthError(reply, error);
            throw error;
          }
        },
      );
    }
  }

  return async (app) => {
    // Entra ID reads only form bodies: JSON or anything else is a request without parameters.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    app.addContentTypeParser('*', { parseAs: 'string' }, (_request, _body, done) => done(null, {}));
    registerTokenRoutes(app);
    registerMetadataRoutes(app);
    registerSignIn(app, ctx);
    registerDeviceLogin(app, ctx);
  };
}
