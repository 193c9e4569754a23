/** @module Identifier shapes Partner Center uses: GUIDs, 33-character order ids, 12-hex alternate ids. */
import { randomBytes, randomUUID } from 'node:crypto';

export const newGuid = (): string => randomUUID();

/** Order ids look like `Cs_jyTxubLpvdJXdo8xcQZN6I2RsLrgZ1`: 32 URL-safe characters and a trailing 1. */
/** What an order id may look like: what newOrderId makes, and the docs' examples. */
export const ORDER_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const newOrderId = (): string => `${randomBytes(24).toString('base64url')}1`;

export const newAlternateId = (): string => randomBytes(6).toString('hex');

const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#$%&*+=?';

export function newPassword(length = 14): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => PASSWORD_ALPHABET[b % PASSWORD_ALPHABET.length]).join('');
}

/**
 * `MS-CV` correlation vectors: 16 base64-alphabet characters and a `.0` suffix, unique per
 * response: a random per-process prefix and a counter. Fresh randomness per response was a
 * measurable share of the hot path.
 */
let vectorCount = 0;
const vectorPrefix = randomBytes(6).toString('base64url');

export const newCorrelationVector = (): string =>
  `${vectorPrefix}${(vectorCount++ % 0x1000000).toString(36).padStart(8, '0')}.0`;

export const newSecret = (): string => randomBytes(24).toString('base64url');
