/**
 * @module The sandbox as Entra ID: `POST /{tenant}/oauth2/v2.0/token` (client credentials for
 * App-only; password and refresh_token for App+User), the v1 `/oauth2/token` form with
 * `resource`, the signing keys and OpenID metadata. Errors use Entra ID's OAuth body.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import Type from 'typebox';
import { PARTNER_CENTER_AUDIENCE, TokenErrorSchema, TokenResponseSchema, isGuid } from '@partnerbox/contract';
import type { SandboxContext } from '../../context.js';
import type { AppRecord, PartnerRecord, UserRecord } from '../../domain/records.js';
import { TokenRequestSchema } from '../token-request-schemas.js';

const TenantParams = Type.Object({
  tenant: Type.String({ description: 'Tenant id, domain, or "common"/"organizations".' }),
});

class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly aadsts: number,
    description: string,
  ) {
    super(description);
  }
}

function sendOAuthError(reply: FastifyReply, e: OAuthError) {
  const correlationId = randomUUID();
  return reply
    .code(e.status)
    .header('Cache-Control', 'no-store')
    .send({
      error: e.error,
      error_description: `AADSTS${e.aadsts}: ${e.message} Trace ID: ${randomUUID()} Correlation ID: ${correlationId} Timestamp: ${new Date().toISOString()}`,
      error_codes: [e.aadsts],
      timestamp: new Date().toISOString(),
      trace_id: randomUUID(),
      correlation_id: correlationId,
    });
}

const AUDIENCE_PREFIX = PARTNER_CENTER_AUDIENCE.toLowerCase();

/** The v2 endpoint asks for scopes, the v1 endpoint for a resource; both must name Partner Center. */
function checkAudience(form: Record<string, string>): void {
  const resource = form['resource'];
  if (resource !== undefined) {
    if (resource.replace(/\/$/, '').toLowerCase() !== AUDIENCE_PREFIX)
      throw new OAuthError(
        400,
        'invalid_resource',
        500011,
        `The resource principal named ${resource} was not found in the tenant.`,
      );
    return;
  }
  const scopes = (form['scope'] ?? '').split(/\s+/).filter(Boolean);
  const ours = scopes.filter((s) => s.toLowerCase().startsWith(AUDIENCE_PREFIX));
  if (ours.length === 0)
    throw new OAuthError(
      400,
      'invalid_scope',
      70011,
      `The provided value for the input parameter 'scope' is not valid. Use ${PARTNER_CENTER_AUDIENCE}/.default or ${PARTNER_CENTER_AUDIENCE}/user_impersonation.`,
    );
}

export function oauthRoutes(ctx: SandboxContext): FastifyPluginAsync {
  const { store, tokens } = ctx;

  async function resolveTenant(tenant: string): Promise<PartnerRecord | undefined> {
    const lower = tenant.toLowerCase();
    if (lower === 'common' || lower === 'organizations') return undefined;
    const partner = isGuid(lower) ? await store.getPartner(lower) : await store.findPartnerByDomain(lower);
    if (!partner)
      throw new OAuthError(
        400,
        'invalid_request',
        90002,
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID.`,
      );
    return partner;
  }

  async function resolveApp(form: Record<string, string>, partner: PartnerRecord | undefined): Promise<AppRecord> {
    const clientId = form['client_id'];
    if (!clientId)
      throw new OAuthError(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'client_id'.",
      );
    const app = await store.getApp(clientId.toLowerCase());
    if (!app || (partner && app.partnerId !== partner.id))
      throw new OAuthError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory.`,
      );
    return app;
  }

  function checkSecret(app: AppRecord, form: Record<string, string>, required: boolean): void {
    const secret = form['client_secret'];
    if (secret === undefined && !required) return;
    if (secret !== app.clientSecret)
      throw new OAuthError(
        401,
        'invalid_client',
        7000215,
        'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.',
      );
  }

  async function issue(partner: PartnerRecord, app: AppRecord, user: UserRecord | undefined) {
    const access = await tokens.mintAccessToken(user ? { partner, app, user } : { partner, app });
    const body: Record<string, unknown> = {
      token_type: 'Bearer',
      expires_in: access.expiresIn,
      ext_expires_in: access.expiresIn,
      scope: user ? `${PARTNER_CENTER_AUDIENCE}/user_impersonation` : `${PARTNER_CENTER_AUDIENCE}/.default`,
      access_token: access.token,
    };
    if (user) body['refresh_token'] = await tokens.mintRefreshToken(partner, app, user);
    return body;
  }

  async function grant(tenant: string, form: Record<string, string>) {
    const partnerFromPath = await resolveTenant(tenant);
    const grantType = form['grant_type'];
    if (!grantType)
      throw new OAuthError(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'grant_type'.",
      );
    if (grantType === 'client_credentials') {
      if (!partnerFromPath)
        throw new OAuthError(
          400,
          'invalid_request',
          900023,
          'Specified tenant identifier is neither a valid DirectoryName nor a valid ObjectId: client credentials need a tenant.',
        );
      checkAudience(form);
      const app = await resolveApp(form, partnerFromPath);
      checkSecret(app, form, true);
      return issue(partnerFromPath, app, undefined);
    }
    if (grantType === 'password') {
      checkAudience(form);
      const user = form['username'] ? await store.findUserByName(form['username']) : undefined;
      if (!user || user.password !== form['password'] || (partnerFromPath && user.partnerId !== partnerFromPath.id))
        throw new OAuthError(
          400,
          'invalid_grant',
          50126,
          'Error validating credentials due to invalid username or password.',
        );
      const partner = partnerFromPath ?? (await store.getPartner(user.partnerId));
      if (!partner) throw new OAuthError(400, 'invalid_grant', 50126, 'Error validating credentials.');
      const app = await resolveApp(form, partner);
      checkSecret(app, form, false);
      return issue(partner, app, user);
    }
    if (grantType === 'refresh_token') {
      const claims = form['refresh_token'] ? await tokens.verifyRefreshToken(form['refresh_token']) : undefined;
      if (!claims || (partnerFromPath && claims.tenantId !== partnerFromPath.id))
        throw new OAuthError(
          400,
          'invalid_grant',
          9002313,
          'Invalid request. The refresh token is malformed, expired or not valid.',
        );
      const partner = await store.getPartner(claims.tenantId);
      const user = await store.getUser(claims.userId);
      const app = await resolveApp(form, partner);
      if (!partner || !user || app.clientId !== claims.clientId)
        throw new OAuthError(
          400,
          'invalid_grant',
          70000,
          'The provided grant has expired or was issued to another client.',
        );
      checkSecret(app, form, false);
      return issue(partner, app, user);
    }
    throw new OAuthError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType ?? ''}'. Use client_credentials, password or refresh_token.`,
    );
  }

  return async (app) => {
    // Entra ID reads only form bodies: JSON or anything else is a request without parameters.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    app.addContentTypeParser('*', { parseAs: 'string' }, (_request, _body, done) => done(null, {}));

    const handler = async (request: { params: { tenant: string }; body: unknown }, reply: FastifyReply) => {
      const form = request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
      const strings = Object.fromEntries(
        Object.entries(form).filter((e): e is [string, string] => typeof e[1] === 'string'),
      );
      try {
        // PostgreSQL text cannot hold U+0000: such a name matches no tenant, app or user.
        if ([request.params.tenant, ...Object.values(strings)].some((v) => v.includes('\u0000')))
          throw new OAuthError(400, 'invalid_request', 900144, 'A request parameter contains a NUL character.');
        const body = await grant(request.params.tenant, strings);
        return reply.header('Cache-Control', 'no-store').send(body);
      } catch (error) {
        if (error instanceof OAuthError) return sendOAuthError(reply, error);
        throw error;
      }
    };
    const schema = {
      tags: ['token authority'],
      params: TenantParams,
      consumes: ['application/x-www-form-urlencoded'],
      documentedBody: TokenRequestSchema,
      response: { 200: TokenResponseSchema, 400: TokenErrorSchema, 401: TokenErrorSchema },
    };
    app.post<{ Params: { tenant: string } }>(
      '/:tenant/oauth2/v2.0/token',
      {
        schema: {
          ...schema,
          operationId: 'getToken',
          summary: 'Get a token (client_credentials, password, refresh_token)',
        },
      },
      handler,
    );
    app.post<{ Params: { tenant: string } }>(
      '/:tenant/oauth2/token',
      { schema: { ...schema, operationId: 'getTokenV1', summary: 'Get a token, v1 form (resource instead of scope)' } },
      handler,
    );

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
    app.get<{ Params: { tenant: string } }>(
      '/:tenant/v2.0/.well-known/openid-configuration',
      {
        schema: {
          tags: ['token authority'],
          operationId: 'getOpenIdConfiguration',
          summary: 'OpenID Connect metadata',
        },
      },
      async (request) => {
        const origin = `${request.protocol}://${request.host}`;
        const tenant = request.params.tenant;
        return {
          issuer: `https://sts.windows.net/${tenant}/`,
          token_endpoint: `${origin}/${tenant}/oauth2/v2.0/token`,
          jwks_uri: `${origin}/${tenant}/discovery/v2.0/keys`,
          grant_types_supported: ['client_credentials', 'password', 'refresh_token'],
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['client_secret_post'],
        };
      },
    );
  };
}
