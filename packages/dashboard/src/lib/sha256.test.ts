import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Fallback } from './sha256.js';

// Lengths around the 55/56/64-byte padding boundaries, where a SHA-256 written by hand breaks.
const LENGTHS = [0, 1, 3, 43, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000];

describe('the PKCE hash without crypto.subtle', () => {
  it.each(LENGTHS)('matches node:crypto for %i bytes', (length) => {
    const data = new Uint8Array(length).map((_, i) => (i * 31 + 7) & 0xff);
    expect(Buffer.from(sha256Fallback(data)).toString('hex')).toBe(createHash('sha256').update(data).digest('hex'));
  });
});
