/**
 * @module The customer list's seek paging: page sizes, and the continuation token, which is
 * opaque to clients and carries the seek position, the page size and the filter.
 */
import { HEADERS } from '@partnerbox/contract';
import { errors } from '../errors.js';
import type { CustomerPrefixFilter } from '../store/store.js';
import { isCustomerPrefixFilter } from './customer-filter.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

/** Where the next page starts, how long it is, and what it is filtered by. */
export interface Cursor {
  afterSeq: number;
  size: number;
  filter?: CustomerPrefixFilter;
}

export function encodeContinuationToken(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function isPosition(value: Partial<Cursor>): value is Partial<Cursor> & Pick<Cursor, 'afterSeq' | 'size'> {
  return (
    typeof value.afterSeq === 'number' &&
    Number.isSafeInteger(value.afterSeq) &&
    value.afterSeq >= 0 &&
    typeof value.size === 'number' &&
    Number.isInteger(value.size) &&
    value.size > 0 &&
    value.size <= MAX_PAGE_SIZE
  );
}

function parseToken(token: string): Cursor | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (!isPosition(value)) return undefined;
    const cursor: Cursor = { afterSeq: value.afterSeq, size: value.size };
    // A forged filter (wrong field, or a NUL PostgreSQL cannot compare) makes the token invalid.
    if (value.filter === undefined) return cursor;
    return isCustomerPrefixFilter(value.filter) ? { ...cursor, filter: value.filter } : undefined;
  } catch {
    return undefined;
  }
}

/** The cursor a client's token holds; 400 800002 for anything this server did not issue. */
export function decodeContinuationToken(token: string): Cursor {
  const cursor = parseToken(token);
  if (!cursor) throw errors.invalidInput(HEADERS.continuationToken, 'The continuation token is not valid.');
  return cursor;
}
