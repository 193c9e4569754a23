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
