/**
 * @module The token authority, as Entra ID behaves: client credentials on the v2 endpoint give
 * App-only tokens, the password and refresh-token grants give App+User tokens, the v1 endpoint
 * takes a `resource`, errors come in the OAuth shape, and the JWKS verifies what was issued.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  PARTNER_CENTER_AUDIENCE,
  PARTNER_CENTER_DEFAULT_SCOPE,
  PARTNER_CENTER_USER_SCOPE,
  TokenErrorSchema,
  TokenResponseSchema,
} from '@partnerbox/contract';
import { schemaErrors } from '../schema.js';
import type { Suite, SuiteContext } from '../suite.js';
import type { PartnerCredentials } from '../target.js';
import { expectError, partnerOf } from './helpers.js';
import { decodeJwt, verifyWithJwks, withTamperedPayload } from './jwt.js';

interface TokenResult {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- token bodies are read loosely; schemaErrors() checks their shape
  body: any;
}

async function tokenRequest(
  ctx: SuiteContext,
  tenant: string,
  form: Record<string, string>,
  endpoint: 'v2' | 'v1' = 'v2',
): Promise<TokenResult> {
  const path = endpoint === 'v2' ? 'oauth2/v2.0/token' : 'oauth2/token';
  const response = await fetch(`${ctx.target.authority}/${tenant}/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
}

const clientCredentials = (partner: PartnerCredentials, change: Record<string, string> = {}) => ({
  grant_type: 'client_credentials',
  client_id: partner.clientId,
  client_secret: partner.clientSecret,
  scope: PARTNER_CENTER_DEFAULT_SCOPE,
  ...change,
});

function passwordGrant(partner: PartnerCredentials, change: Record<string, string> = {}) {
  if (!partner.userName || !partner.password) throw new Error('This partner has no user for the password grant');
  return {
    grant_type: 'password',
    client_id: partner.clientId,
    client_secret: partner.clientSecret,
    username: partner.userName,
    password: partner.password,
    scope: `${PARTNER_CENTER_USER_SCOPE} offline_access`,
    ...change,
  };
}

function expectOAuthError(result: TokenResult, status: number, error: string) {
  expect({ status: result.status, error: result.body?.error }).toEqual({ status, error });
  expect(schemaErrors(TokenErrorSchema, result.body)).toEqual([]);
}

/** The claims spec section 4 names, common to both kinds of token. */
function expectCommonClaims(payload: Record<string, unknown>, partner: PartnerCredentials) {
  expect(payload['aud']).toBe(PARTNER_CENTER_AUDIENCE);
  expect(payload['iss']).toBe(`https://sts.windows.net/${partner.tenantId}/`);
  expect(payload['tid']).toBe(partner.tenantId);
  expect(payload['appid']).toBe(partner.clientId);
  for (const claim of ['iat', 'nbf', 'exp']) expect(payload[claim]).toEqual(expect.any(Number));
  expect(payload['exp'] as number).toBeGreaterThan(payload['iat'] as number);
  expect(payload['nbf'] as number).toBeLessThanOrEqual(payload['iat'] as number);
}

export const tokenSuite: Suite = (ctx, capabilities) => {
  describe('token authority', () => {
    const sandbox = () => partnerOf(ctx, 'sandbox');

    beforeAll(async () => {
      if (capabilities.control) await ctx.api.control.reset();
    });

    it('client_credentials on the v2 endpoint gives an App-only JWT with the Partner Center claims', async () => {
      const partner = sandbox();
      const result = await tokenRequest(ctx, partner.tenantId, clientCredentials(partner));
      expect(result.status).toBe(200);
      expect(schemaErrors(TokenResponseSchema, result.body)).toEqual([]);
      expect(result.body.token_type).toBe('Bearer');
      expect(result.body.expires_in).toBeGreaterThan(0);
      expect(result.body.refresh_token).toBeUndefined();
      const { header, payload } = decodeJwt(result.body.access_token);
      expect(header['alg']).toBe('RS256');
      expect(header['kid']).toEqual(expect.any(String));
      expectCommonClaims(payload, partner);
      expect(payload['idtyp']).toBe('app');
      expect(payload['scp']).toBeUndefined();
      expect(payload['upn']).toBeUndefined();
      const used = await ctx.api.request('GET', '/v1/customers?size=1', { token: result.body.access_token });
      expect(used.status).toBe(200);
    });

    it('the password grant gives an App+User token with scp, upn and a refresh token', async () => {
      const partner = sandbox();
      const result = await tokenRequest(ctx, partner.tenantId, passwordGrant(partner));
      expect(result.status).toBe(200);
      expect(schemaErrors(TokenResponseSchema, result.body)).toEqual([]);
      expect(result.body.refresh_token).toEqual(expect.any(String));
      const { payload } = decodeJwt(result.body.access_token);
      expectCommonClaims(payload, partner);
      expect(String(payload['scp']).split(' ')).toContain('user_impersonation');
      expect(String(payload['upn']).toLowerCase()).toBe(partner.userName?.toLowerCase());
      expect(payload['idtyp']).not.toBe('app');
      expect(payload['oid']).toEqual(expect.any(String));
      // An App+User token may do what an App-only one may not.
      const invitation = await ctx.api.request('GET', '/v1/customers/relationshiprequests', {
        token: result.body.access_token,
      });
      expect(invitation.status).toBe(200);
      const app = await tokenRequest(ctx, partner.tenantId, clientCredentials(partner));
      expectError(
        await ctx.api.request('GET', '/v1/customers/relationshiprequests', { token: app.body.access_token }),
        403,
        900150,
      );
    });

    it('the refresh_token grant gives a new App+User token and a new refresh token', async () => {
      const partner = sandbox();
      const first = await tokenRequest(ctx, partner.tenantId, passwordGrant(partner));
      const refreshed = await tokenRequest(ctx, partner.tenantId, {
        grant_type: 'refresh_token',
        client_id: partner.clientId,
        client_secret: partner.clientSecret,
        refresh_token: first.body.refresh_token,
        scope: `${PARTNER_CENTER_USER_SCOPE} offline_access`,
      });
      expect(refreshed.status).toBe(200);
      expect(schemaErrors(TokenResponseSchema, refreshed.body)).toEqual([]);
      expect(refreshed.body.refresh_token).toEqual(expect.any(String));
      expect(refreshed.body.refresh_token).not.toBe(first.body.refresh_token);
      expect(refreshed.body.access_token).not.toBe(first.body.access_token);
      const { payload } = decodeJwt(refreshed.body.access_token);
      expectCommonClaims(payload, partner);
      expect(String(payload['scp']).split(' ')).toContain('user_impersonation');
      expect(String(payload['upn']).toLowerCase()).toBe(partner.userName?.toLowerCase());
      const used = await ctx.api.request('GET', '/v1/customers/relationshiprequests', {
        token: refreshed.body.access_token,
      });
      expect(used.status).toBe(200);
      const garbage = await tokenRequest(ctx, partner.tenantId, {
        grant_type: 'refresh_token',
        client_id: partner.clientId,
        client_secret: partner.clientSecret,
        refresh_token: 'not-a-refresh-token',
      });
      expectOAuthError(garbage, 400, 'invalid_grant');
    });

    it('a wrong client secret gets 401 invalid_client', async () => {
      const partner = sandbox();
      const result = await tokenRequest(
        ctx,
        partner.tenantId,
        clientCredentials(partner, { client_secret: `${partner.clientSecret}x` }),
      );
      expectOAuthError(result, 401, 'invalid_client');
      expect(result.body.access_token).toBeUndefined();
    });

    it('an unknown client gets 400 unauthorized_client', async () => {
      const partner = sandbox();
      const result = await tokenRequest(ctx, partner.tenantId, clientCredentials(partner, { client_id: randomUUID() }));
      expectOAuthError(result, 400, 'unauthorized_client');
    });

    it('a scope that is not Partner Center gets 400 invalid_scope', async () => {
      const partner = sandbox();
      for (const scope of ['https://graph.microsoft.com/.default', 'openid'])
        expectOAuthError(
          await tokenRequest(ctx, partner.tenantId, clientCredentials(partner, { scope })),
          400,
          'invalid_scope',
        );
    });

    it('an unknown tenant gets 400 invalid_request', async () => {
      const partner = sandbox();
      expectOAuthError(await tokenRequest(ctx, randomUUID(), clientCredentials(partner)), 400, 'invalid_request');
    });

    it('a wrong password gets 400 invalid_grant; an unknown grant type 400 unsupported_grant_type', async () => {
      const partner = sandbox();
      expectOAuthError(
        await tokenRequest(ctx, partner.tenantId, passwordGrant(partner, { password: `${partner.password}x` })),
        400,
        'invalid_grant',
      );
      expectOAuthError(
        await tokenRequest(ctx, partner.tenantId, clientCredentials(partner, { grant_type: 'implicit' })),
        400,
        'unsupported_grant_type',
      );
    });

    it('the JWKS at /{tenant}/discovery/v2.0/keys verifies issued tokens, and not tampered ones', async () => {
      const partner = sandbox();
      const app = await tokenRequest(ctx, partner.tenantId, clientCredentials(partner));
      const user = await tokenRequest(ctx, partner.tenantId, passwordGrant(partner));
      const response = await fetch(`${ctx.target.authority}/${partner.tenantId}/discovery/v2.0/keys`);
      expect(response.status).toBe(200);
      const jwks = (await response.json()) as { keys: { kid?: string; kty?: string; n?: string; e?: string }[] };
      expect(jwks.keys.length).toBeGreaterThan(0);
      for (const key of jwks.keys) {
        expect(key.kty).toBe('RSA');
        expect(key.kid).toEqual(expect.any(String));
        expect(key).not.toHaveProperty('d');
      }
      expect(verifyWithJwks(app.body.access_token, jwks)).toBe(true);
      expect(verifyWithJwks(user.body.access_token, jwks)).toBe(true);
      expect(verifyWithJwks(withTamperedPayload(app.body.access_token, { tid: randomUUID() }), jwks)).toBe(false);
    });

    it('the v1 /oauth2/token endpoint with resource gives a Partner Center token', async () => {
      const partner = sandbox();
      const result = await tokenRequest(
        ctx,
        partner.tenantId,
        {
          grant_type: 'client_credentials',
          client_id: partner.clientId,
          client_secret: partner.clientSecret,
          resource: PARTNER_CENTER_AUDIENCE,
        },
        'v1',
      );
      expect(result.status).toBe(200);
      expect(result.body.token_type).toBe('Bearer');
      const { payload } = decodeJwt(result.body.access_token);
      expectCommonClaims(payload, partner);
      const used = await ctx.api.request('GET', '/v1/customers?size=1', { token: result.body.access_token });
      expect(used.status).toBe(200);
    });

    it('malformed token requests get OAuth errors, never a 500', async () => {
      const partner = sandbox();
      const bodies: [string, string][] = [
        ['application/x-www-form-urlencoded', ''],
        ['application/x-www-form-urlencoded', 'garbage'],
        ['application/x-www-form-urlencoded', 'grant_type='],
        ['application/x-www-form-urlencoded', 'grant_type=client_credentials&grant_type=password'],
        ['application/x-www-form-urlencoded', `grant_type=client_credentials&client_id=${'x'.repeat(5000)}`],
        ['application/x-www-form-urlencoded', 'grant_type=refresh_token&refresh_token=a.b.c'],
        ['application/x-www-form-urlencoded', 'grant_type=password&username=%00&password=%00'],
        [
          'application/x-www-form-urlencoded',
          `grant_type=client_credentials&client_id=%00&scope=${PARTNER_CENTER_DEFAULT_SCOPE}`,
        ],
        ['application/json', JSON.stringify(clientCredentials(partner))],
        ['text/plain', 'hello'],
      ];
      const failures: string[] = [];
      for (const tenant of [partner.tenantId, '%00', 'common'])
        for (const [type, body] of bodies) {
          const response = await fetch(`${ctx.target.authority}/${tenant}/oauth2/v2.0/token`, {
            method: 'POST',
            headers: { 'Content-Type': type },
            body,
          });
          const text = await response.text();
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          if (response.status < 400 || response.status >= 500 || schemaErrors(TokenErrorSchema, parsed).length > 0)
            failures.push(`${tenant} ${type} ${body.slice(0, 40)} → ${response.status} ${text.slice(0, 120)}`);
        }
      expect(failures).toEqual([]);
    });

    if (capabilities.production)
      it("an app is unknown in another partner's tenant: 400 unauthorized_client", async () => {
        const production = partnerOf(ctx, 'production');
        const result = await tokenRequest(ctx, production.tenantId, clientCredentials(sandbox()));
        expectOAuthError(result, 400, 'unauthorized_client');
        const own = await tokenRequest(ctx, production.tenantId, clientCredentials(production));
        expect(own.status).toBe(200);
        expect(decodeJwt(own.body.access_token).payload['tid']).toBe(production.tenantId);
      });

    if (capabilities.control) {
      it('the tenant may be named by its domain', async () => {
        const partners = await ctx.api.control.ok<{ tenantId: string; domain: string }[]>('GET', '/partners');
        const partner = sandbox();
        const domain = partners.find((p) => p.tenantId === partner.tenantId)?.domain as string;
        const result = await tokenRequest(ctx, domain, clientCredentials(partner));
        expect(result.status).toBe(200);
        expect(decodeJwt(result.body.access_token).payload['tid']).toBe(partner.tenantId);
      });

      it('the v1 endpoint refuses a resource other than Partner Center with 400 invalid_resource', async () => {
        const partner = sandbox();
        const result = await tokenRequest(
          ctx,
          partner.tenantId,
          {
            grant_type: 'client_credentials',
            client_id: partner.clientId,
            client_secret: partner.clientSecret,
            resource: 'https://graph.windows.net',
          },
          'v1',
        );
        expectOAuthError(result, 400, 'invalid_resource');
      });
    }
  });
};
