/** @module Partner Center's token audience, scopes, authorities and the token endpoint's wire shapes. */
import Type, { type Static } from 'typebox';

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

export const TokenResponseSchema = Type.Object(
  {
    token_type: Type.Literal('Bearer'),
    expires_in: Type.Integer(),
    ext_expires_in: Type.Optional(Type.Integer()),
    scope: Type.Optional(Type.String()),
    access_token: Type.String(),
    refresh_token: Type.Optional(Type.String()),
  },
  { title: 'TokenResponse' },
);
export type TokenResponse = Static<typeof TokenResponseSchema>;

/** The OAuth 2.0 error body Entra ID returns from its token endpoint. */
export const TokenErrorSchema = Type.Object(
  {
    error: Type.String(),
    error_description: Type.String(),
    error_codes: Type.Optional(Type.Array(Type.Integer())),
    timestamp: Type.Optional(Type.String()),
    trace_id: Type.Optional(Type.String()),
    correlation_id: Type.Optional(Type.String()),
  },
  { title: 'TokenError' },
);
export type TokenError = Static<typeof TokenErrorSchema>;

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
