/**
 * @module Partner Center's token audience, scopes, API roots and Entra ID authorities, and the
 * claims its access tokens carry. No TypeBox here: `./types` exports this module to SDK users.
 */

export const PARTNER_CENTER_AUDIENCE = 'https://api.partnercenter.microsoft.com';
export const PARTNER_CENTER_DEFAULT_SCOPE = 'https://api.partnercenter.microsoft.com/.default';
export const PARTNER_CENTER_USER_SCOPE = 'https://api.partnercenter.microsoft.com/user_impersonation';

/** API roots. The global endpoint also serves the US Government cloud. */
export const PARTNER_CENTER_ENDPOINTS = {
  global: 'https://api.partnercenter.microsoft.com',
  usGovernment: 'https://api.partnercenter.microsoft.com',
  china: 'https://partner.partnercenterapi.microsoftonline.cn',
} as const;

/** Entra ID authorities per cloud. */
export const AUTHORITY_HOSTS = {
  global: 'https://login.microsoftonline.com',
  usGovernment: 'https://login.microsoftonline.us',
  china: 'https://login.chinacloudapi.cn',
} as const;

export type CloudName = keyof typeof AUTHORITY_HOSTS;

/**
 * The sandbox's built-in public client ("Partnerbox"), registered in every partner tenant with
 * no secret: the dashboard, `partnerbox login` and MSAL public-client apps sign users in with it
 * (authorization code with PKCE, device code, refresh token, password).
 */
export const PARTNERBOX_PUBLIC_CLIENT_ID = '8c1b2c3e-4f5a-4b6c-9d7e-0a1b2c3d4e5f';
export const PARTNERBOX_PUBLIC_CLIENT_NAME = 'Partnerbox';

/**
 * The claims a Partner Center access token carries. App+User tokens have `scp` and user
 * claims; App-only tokens have no `scp` and `idtyp: "app"`.
 */
export interface PartnerCenterTokenClaims {
  aud: string;
  iss: string;
  tid: string;
  appid: string;
  azp?: string;
  oid: string;
  sub: string;
  iat: number;
  nbf: number;
  exp: number;
  ver: string;
  idtyp?: 'app' | 'user';
  scp?: string;
  upn?: string;
  unique_name?: string;
  name?: string;
  roles?: string[];
}
