/**
 * @module PKCE (RFC 7636) as the sandbox requires it: S256 only. RFC 7636 section 4.1 bounds the
 * verifier (43 to 128 unreserved characters); an S256 challenge is 43 base64url characters.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export const isPkceVerifier = (verifier: string): boolean => VERIFIER.test(verifier);
export const isS256Challenge = (challenge: string): boolean => S256_CHALLENGE.test(challenge);

export const s256Challenge = (verifier: string): string =>
  createHash('sha256').update(verifier, 'ascii').digest('base64url');

/** True when `verifier` is well formed and hashes to `challenge`. */
export function pkceMatches(verifier: string, challenge: string): boolean {
  if (!isPkceVerifier(verifier) || !isS256Challenge(challenge)) return false;
  return timingSafeEqual(Buffer.from(s256Challenge(verifier)), Buffer.from(challenge));
}
