/**
 * @module JSON Web Tokens as a client sees them: decoded without trust, verified against a
 * JWKS with node:crypto, and forged (another key, a tampered payload, `alg: none`) to prove
 * that the server refuses them.
 */
import { createPublicKey, generateKeyPairSync, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

const json = (part: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

export const base64url = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Splits and decodes a compact JWS; throws when it is not one. */
export function decodeJwt(token: string): DecodedJwt {
  const [header, payload, signature, ...rest] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined || rest.length > 0)
    throw new Error('Not a compact JWS');
  return {
    header: json(header),
    payload: json(payload),
    signingInput: `${header}.${payload}`,
    signature: Buffer.from(signature, 'base64url'),
  };
}

/** True when the token's RS256 signature verifies with the JWKS key of the same `kid`. */
export function verifyWithJwks(token: string, jwks: { keys: (JsonWebKey & { kid?: string })[] }): boolean {
  const { header, signingInput, signature } = decodeJwt(token);
  const jwk = jwks.keys.find((k) => k.kid === header['kid']);
  if (!jwk || header['alg'] !== 'RS256') return false;
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  return verify('RSA-SHA256', Buffer.from(signingInput), key, signature);
}

let otherKey: KeyObject | undefined;

/** An RS256 token with `header` and `payload`, signed by a key the server has never seen. */
export function signWithForeignKey(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  otherKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const input = `${base64url({ ...header, alg: 'RS256' })}.${base64url(payload)}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), otherKey).toString('base64url')}`;
}

/** The token with its payload replaced and its original signature kept. */
export function withTamperedPayload(token: string, change: Record<string, unknown>): string {
  const { payload } = decodeJwt(token);
  const [header, , signature] = token.split('.');
  return `${header}.${base64url({ ...payload, ...change })}.${signature}`;
}

/** The token's claims under `alg: none` and an empty signature. */
export function withAlgNone(token: string): string {
  const { header, payload } = decodeJwt(token);
  return `${base64url({ ...header, alg: 'none' })}.${base64url(payload)}.`;
}
