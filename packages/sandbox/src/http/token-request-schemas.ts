/**
 * @module The token endpoint's form bodies, one per grant, for the OpenAPI document only: the
 * endpoint reads its form itself and answers Entra ID's errors, so these never validate a
 * request (a schema in `body` would answer Partner Center's error shape instead).
 */
import { PARTNER_CENTER_AUDIENCE } from '@partnerbox/contract';

const clientId = {
  type: 'string',
  description: 'The app’s client id; or sent with the secret in `Authorization: Basic` (client_secret_basic).',
};
const clientSecret = { type: 'string', description: 'The app’s secret (or in `Authorization: Basic`).' };
const scope = (example: string) => ({
  type: 'string',
  description: `Space-separated scopes naming Partner Center (v2 endpoint), e.g. \`${example}\`.`,
});
const resource = {
  type: 'string',
  description: `The v1 endpoint’s audience instead of a scope: \`${PARTNER_CENTER_AUDIENCE}\`.`,
};

const grant = (title: string, grantType: string, properties: Record<string, unknown>, required: string[]) => ({
  title,
  type: 'object',
  required: ['grant_type', ...required],
  properties: { grant_type: { type: 'string', const: grantType }, client_id: clientId, ...properties },
});

export const ClientCredentialsGrantSchema = grant(
  'ClientCredentialsGrant',
  'client_credentials',
  { client_secret: clientSecret, scope: scope(`${PARTNER_CENTER_AUDIENCE}/.default`), resource },
  [],
);

export const PasswordGrantSchema = grant(
  'PasswordGrant',
  'password',
  {
    client_secret: clientSecret,
    username: { type: 'string' },
    password: { type: 'string', format: 'password' },
    scope: scope(`${PARTNER_CENTER_AUDIENCE}/user_impersonation offline_access`),
    resource,
  },
  ['username', 'password'],
);

export const RefreshTokenGrantSchema = grant(
  'RefreshTokenGrant',
  'refresh_token',
  {
    client_secret: clientSecret,
    refresh_token: { type: 'string' },
    scope: scope(`${PARTNER_CENTER_AUDIENCE}/.default`),
  },
  ['refresh_token'],
);

export const AuthorizationCodeGrantSchema = grant(
  'AuthorizationCodeGrant',
  'authorization_code',
  {
    client_secret: {
      ...clientSecret,
      description: 'Required of an app registration; never sent by the public client.',
    },
    code: { type: 'string', description: 'The code the sign-in page redirected with.' },
    redirect_uri: { type: 'string', description: 'The redirect URI the code was requested with.' },
    code_verifier: { type: 'string', description: 'The PKCE verifier whose S256 hash was the code_challenge.' },
    scope: scope(`${PARTNER_CENTER_AUDIENCE}/user_impersonation offline_access`),
  },
  ['code', 'redirect_uri'],
);

export const DeviceCodeGrantSchema = grant(
  'DeviceCodeGrant',
  'urn:ietf:params:oauth:grant-type:device_code',
  { device_code: { type: 'string', description: 'From POST /{tenant}/oauth2/v2.0/devicecode.' } },
  ['device_code'],
);

/** `POST /{tenant}/oauth2/v2.0/devicecode` (RFC 8628), and its v1 form with `resource`. */
export const DeviceCodeRequestSchema = {
  title: 'DeviceCodeRequest',
  type: 'object',
  required: ['client_id'],
  properties: {
    client_id: { type: 'string', description: 'A public client, such as Partnerbox’s own.' },
    scope: scope(`${PARTNER_CENTER_AUDIENCE}/user_impersonation offline_access`),
    resource,
  },
};

/** The grants the token endpoint takes, told apart by the `const` of their `grant_type`. */
export function tokenRequestSchema(grants: readonly { title: string; properties: object }[]) {
  return { title: 'TokenRequest', oneOf: grants };
}

export const TokenRequestSchema = tokenRequestSchema([
  ClientCredentialsGrantSchema,
  PasswordGrantSchema,
  RefreshTokenGrantSchema,
  AuthorizationCodeGrantSchema,
  DeviceCodeGrantSchema,
]);
