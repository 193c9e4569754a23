/** @module Query strings: page sizes, filters, continuation tokens and entitlement flags that are not what the docs say. */
import { describe, it } from 'vitest';
import { expectError } from '../helpers.js';
import { expectInvalidInput, forgedCursor, type BadInputTheme } from './bad-input-context.js';

export const queryStrings: BadInputTheme = (context) => {
  const { customerPath } = context;
  describe('query strings', () => {
    it('size that is negative, not a number or not an integer gets 400 800002 naming size', async () => {
      for (const size of ['-1', 'abc', '1.5', '1e3', ''])
        expectInvalidInput(await context.send({ method: 'GET', path: `/v1/customers?size=${size}` }), 'size');
    });

    it('a filter that is not the documented JSON gets 400 800002; an unknown field 900126', async () => {
      const encode = encodeURIComponent;
      for (const filter of ['notjson', encode('{"Field":'), encode('[1]'), encode('"Domain"')])
        expectError(await context.send({ method: 'GET', path: `/v1/customers?filter=${filter}` }), 400, 800002);
      expectError(
        await context.send({
          method: 'GET',
          path: `/v1/customers?filter=${encode('{"Field":"Domain","Operator":"starts_with"}')}`,
        }),
        400,
        800002,
      );
      expectError(
        await context.send({
          method: 'GET',
          path: `/v1/customers?filter=${encode('{"Field":"Email","Value":"a","Operator":"starts_with"}')}`,
        }),
        400,
        900126,
      );
    });

    it('seekOperation=Next without a continuation token, or with a garbage one, gets 400 800002', async () => {
      const path = '/v1/customers?size=2&seekOperation=Next';
      expectError(await context.send({ method: 'GET', path }), 400, 800002);
      for (const token of [
        'garbage!!',
        'x'.repeat(4000),
        forgedCursor({ afterSeq: 1e300, size: 10 }),
        forgedCursor({ afterSeq: 0, size: 1.5 }),
        forgedCursor({ afterSeq: -1, size: 10 }),
        forgedCursor({ afterSeq: 0, size: 10, filter: { field: 'password', prefix: 'a' } }),
        forgedCursor(null),
      ]) {
        const response = await context.send({
          method: 'GET',
          path,
          options: { headers: { 'MS-ContinuationToken': token } },
        });
        expectInvalidInput(response, 'ms-continuationtoken');
      }
    });

    it('entitlement query values that are not booleans get 400 800002 naming the parameter', async () => {
      expectInvalidInput(
        await context.send({ method: 'GET', path: `${customerPath()}/entitlements?showExpiry=maybe` }),
        'showExpiry',
      );
    });
  });
};
