/** @module The token endpoint's wire shapes (the audience, scopes and authorities are in authorities.ts). */
import Type, { type Static } from 'typebox';

export const TokenResponseSchema = Type.Object(
  {
    token_type: Type.Literal('Bearer'),
    expires_in: Type.Integer(),
    ext_expires_in: Type.Optional(Type.Integer()),
    scope: Type.Optional(Type.String()),
    access_token: Type.String(),
    refresh_token: Type.Optional(Type.String()),
    /** App+User grants: the signed-in user (`tid`, `oid`, `preferred_username`, `name`). */
    id_token: Type.Optional(Type.String()),
    /** MSAL's account key (base64url JSON `{ uid, utid }`), when the request asked `client_info=1`. */
    client_info: Type.Optional(Type.String()),
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
    error_uri: Type.Optional(Type.String()),
  },
  { title: 'TokenError' },
);
export type TokenError = Static<typeof TokenErrorSchema>;

/** `POST /{tenant}/oauth2/v2.0/devicecode`: what a device shows its user (RFC 8628, as Entra ID answers). */
export const DeviceCodeResponseSchema = Type.Object(
  {
    device_code: Type.String(),
    user_code: Type.String(),
    verification_uri: Type.String(),
    expires_in: Type.Integer(),
    interval: Type.Integer(),
    message: Type.String(),
  },
  { title: 'DeviceCodeResponse' },
);
export type DeviceCodeResponse = Static<typeof DeviceCodeResponseSchema>;
