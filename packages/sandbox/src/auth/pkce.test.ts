import { describe, expect, it } from 'vitest';
import { isPkceVerifier, isS256Challenge, pkceMatches, s256Challenge } from './pkce.js';

// RFC 7636 appendix B's example pair.
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('PKCE S256', () => {
  it('hashes the RFC 7636 example verifier to its challenge', () => {
    expect(s256Challenge(RFC_VERIFIER)).toBe(RFC_CHALLENGE);
  });

  it.each([
    { verifier: RFC_VERIFIER, challenge: RFC_CHALLENGE, matches: true },
    { verifier: `${RFC_VERIFIER.slice(0, -1)}Y`, challenge: RFC_CHALLENGE, matches: false },
    { verifier: RFC_CHALLENGE, challenge: RFC_CHALLENGE, matches: false },
    { verifier: 'short', challenge: s256Challenge('short'), matches: false },
    { verifier: RFC_VERIFIER, challenge: `${RFC_CHALLENGE}=`, matches: false },
    { verifier: 'a'.repeat(129), challenge: s256Challenge('a'.repeat(129)), matches: false },
    { verifier: 'a'.repeat(128), challenge: s256Challenge('a'.repeat(128)), matches: true },
  ])('verifier $verifier against $challenge: $matches', ({ verifier, challenge, matches }) => {
    expect(pkceMatches(verifier, challenge)).toBe(matches);
  });

  it.each([
    { value: RFC_VERIFIER, verifier: true, challenge: true },
    { value: 'a'.repeat(42), verifier: false, challenge: false },
    { value: 'a'.repeat(44), verifier: true, challenge: false },
    { value: `${'a'.repeat(42)}+`, verifier: false, challenge: false },
    { value: `${'a'.repeat(42)}~`, verifier: true, challenge: false },
  ])('$value: verifier $verifier, S256 challenge $challenge', ({ value, verifier, challenge }) => {
    expect({ verifier: isPkceVerifier(value), challenge: isS256Challenge(value) }).toEqual({ verifier, challenge });
  });
});
