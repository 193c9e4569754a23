import { describe, expect, it } from 'vitest';
import { decodeContinuationToken, encodeContinuationToken, MAX_PAGE_SIZE, type Cursor } from './continuation-token.js';
import { parseCustomerFilter } from './customer-filter.js';

const token = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('continuation tokens', () => {
  it.each<Cursor>([
    { afterSeq: 0, size: 1 },
    { afterSeq: 41, size: MAX_PAGE_SIZE },
    { afterSeq: 7, size: 10, filter: { field: 'companyName', prefix: 'Con' } },
    { afterSeq: 7, size: 10, filter: { field: 'domain', prefix: '' } },
  ])('round-trips %o', (cursor) => {
    expect(decodeContinuationToken(encodeContinuationToken(cursor))).toEqual(cursor);
  });

  it.each([
    ['not base64 JSON', '!!!'],
    ['a negative position', token({ afterSeq: -1, size: 10 })],
    ['a fractional position', token({ afterSeq: 1.5, size: 10 })],
    ['a page of zero', token({ afterSeq: 0, size: 0 })],
    ['a page over the maximum', token({ afterSeq: 0, size: MAX_PAGE_SIZE + 1 })],
    ['an unknown filter field', token({ afterSeq: 0, size: 10, filter: { field: 'email', prefix: 'a' } })],
    ['a filter prefix with NUL', token({ afterSeq: 0, size: 10, filter: { field: 'domain', prefix: 'a\u0000' } })],
    ['a filter that is not an object', token({ afterSeq: 0, size: 10, filter: 'domain' })],
  ])('refuses %s with 400 800002', (_what, forged) => {
    expect(() => decodeContinuationToken(forged)).toThrow(
      expect.objectContaining({ statusCode: 400, body: expect.objectContaining({ code: 800002 }) }),
    );
  });
});

describe('the customer filter', () => {
  it.each([
    ['{"Field":"CompanyName","Value":"Con","Operator":"starts_with"}', { field: 'companyName', prefix: 'Con' }],
    ['{"field":"DOMAIN","value":"a.b","operator":"STARTS_WITH"}', { field: 'domain', prefix: 'a.b' }],
    ['{"Field":" companyname ","Value":"","Operator":" starts_with "}', { field: 'companyName', prefix: '' }],
  ])('reads %s', (raw, filter) => {
    expect(parseCustomerFilter(raw)).toEqual(filter);
  });

  it.each([
    ['not JSON', 800002],
    ['{"Field":"Email","Value":"a","Operator":"starts_with"}', 900126],
    ['{"Field":"Domain","Value":"a","Operator":"contains"}', 900126],
  ])('refuses %s with %i', (raw, code) => {
    expect(() => parseCustomerFilter(raw)).toThrow(
      expect.objectContaining({ body: expect.objectContaining({ code }) }),
    );
  });
});
