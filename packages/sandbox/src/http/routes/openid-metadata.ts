/**
 * @module The OpenID Connect discovery document (OpenID Connect Discovery 1.0, section 3) in
 * Entra ID's layout, for the v2.0 and v1 endpoints. MSAL reads `authorization_endpoint`,
 * `token_endpoint`, `issuer`, `jwks_uri` and `end_session_endpoint`, and derives the device
 * code endpoint from the token endpoint; every URL names the origin the client used.
 */

export function openIdMetadata(version: 'v2.0' | 'v1', origin: string, tenant: string, knownTenant: boolean) {
  const base = `${origin}/${tenant}`;
  const oauth = version === 'v2.0' ? `${base}/oauth2/v2.0` : `${base}/oauth2`;
  // Entra ID's multi-tenant metadata names a placeholder issuer that each token fills in.
  const issuerTenant = knownTenant ? tenant : '{tenantid}';
  const issuer = version === 'v2.0' ? `${origin}/${issuerTenant}/v2.0` : `https://sts.windows.net/${issuerTenant}/`;
  return {
    issuer,
    authorization_endpoint: `${oauth}/authorize`,
    token_endpoint: `${oauth}/token`,
    device_authorization_endpoint: `${oauth}/devicecode`,
    end_session_endpoint: `${oauth}/logout`,
    jwks_uri: version === 'v2.0' ? `${base}/discovery/v2.0/keys` : `${base}/discovery/keys`,
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    grant_types_supported: [
      'authorization_code',
      'refresh_token',
      'client_credentials',
      'password',
      'urn:ietf:params:oauth:grant-type:device_code',
    ],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'nbf',
      'nonce',
      'name',
      'preferred_username',
      'oid',
      'tid',
      'ver',
    ],
    request_uri_parameter_supported: false,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
  };
}
