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

/*
 * Ids for server-side generation (issue 11), ordered by when they were made: a million random
 * GUIDs land all over their B-tree indexes (the primary keys, and customer_id in every child
 * table), so each batch rewrote pages everywhere and loading was bound by them. Made in order,
 * each index grows at its end. They keep the shapes above, and their tails stay random.
 */

/** Milliseconds and a 12-bit counter: strictly increasing within the process, even within 1 ms. */
let orderedMs = 0;
let orderedCount = 0;
function nextOrderedStamp(now: number): { ms: number; count: number } {
  if (now > orderedMs) {
    orderedMs = now;
    orderedCount = 0;
  } else if (++orderedCount > 0xfff) {
    // More than 4096 in one millisecond: borrow the next one, as RFC 9562 (6.2) allows.
    orderedMs += 1;
    orderedCount = 0;
  }
  return { ms: orderedMs, count: orderedCount };
}

/** Random bytes drawn from a pooled buffer: one `randomBytes` call per few hundred ids. */
let pool = Buffer.alloc(0);
let poolAt = 0;
function pooledRandom(size: number): Buffer {
  if (poolAt + size > pool.length) {
    pool = randomBytes(4096);
    poolAt = 0;
  }
  poolAt += size;
  return pool.subarray(poolAt - size, poolAt);
}

/** A version 7 GUID (RFC 9562 5.7): a 48-bit millisecond stamp, a 12-bit counter, 62 random bits. */
export function newOrderedGuid(now = Date.now()): string {
  const { ms, count } = nextOrderedStamp(now);
  const stamp = ms.toString(16).padStart(12, '0');
  const tail = pooledRandom(8);
  tail[0] = ((tail[0] ?? 0) & 0x3f) | 0x80; // the RFC 4122 variant
  const hex = tail.toString('hex');
  return `${stamp.slice(0, 8)}-${stamp.slice(8)}-7${count.toString(16).padStart(3, '0')}-${hex.slice(0, 4)}-${hex.slice(4)}`;
}

/** The base64url characters in code point order, so that the encoded stamp sorts as it counts. */
const SORTED_URL_SAFE = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';

/** An order id as `newOrderId` makes (32 URL-safe characters and a 1) whose first 10 sort by time. */
export function newOrderedOrderId(now = Date.now()): string {
  const { ms, count } = nextOrderedStamp(now);
  // 60 bits (48 of milliseconds, 12 of counter) in 10 characters of 6 bits, most significant
  // first; below 2^53 until the year 2255, so plain numbers hold it exactly.
  let value = ms * 4096 + count;
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = (SORTED_URL_SAFE[value % 64] ?? '-') + head;
    value = Math.floor(value / 64);
  }
  return `${head}${pooledRandom(16).toString('base64url').slice(0, 22)}1`;
}

/** `newAlternateId`'s shape, from the pooled random bytes (generation makes a million). */
export const newPooledAlternateId = (): string => pooledRandom(6).toString('hex');
