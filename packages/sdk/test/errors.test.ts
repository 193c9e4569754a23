/** @module PartnerCenterError: parsing of every error body shape, and redaction of the bearer token. */
import { describe, it, expect } from 'vitest';
import { PartnerCenterErrorCode } from '@partnerbox/contract';
import {
  PartnerCenterClient,
  PartnerCenterError,
  StaticTokenCredential,
  isPartnerCenterError,
  pathOf,
} from '../src/index.js';
import { scripted, type Reply } from './helpers/fake-fetch.js';

const credential = new StaticTokenCredential('super-secret-token');

async function failWith(reply: Reply): Promise<PartnerCenterError> {
  const http = scripted(reply);
  const client = new PartnerCenterClient({ credential, fetch: http.fetch, retry: { maxRetries: 0 } });
  const error = await client.customers.get('3f2f0e2c-0000-4000-8000-000000000001').catch((e: unknown) => e);
  if (!(error instanceof PartnerCenterError)) throw new Error(`expected a PartnerCenterError, got ${String(error)}`);
  return error;
}

describe('PartnerCenterError', () => {
  it('carries status, code, description, data, source and the ids', async () => {
    const error = await failWith({
      status: 404,
      headers: { 'MS-RequestId': 'req-1', 'MS-CorrelationId': 'cor-1' },
      body: {
        code: 20002,
        description: 'No relationship between caller and account.',
        data: ['a', 'b'],
        source: 'PartnerFD',
      },
    });
    expect(error).toMatchObject({
      name: 'PartnerCenterError',
      statusCode: 404,
      code: PartnerCenterErrorCode.NoRelationship,
      description: 'No relationship between caller and account.',
      data: ['a', 'b'],
      source: 'PartnerFD',
      requestId: 'req-1',
      correlationId: 'cor-1',
      retryAfterInMs: undefined,
    });
    expect(error.message).toContain('HTTP 404, code 20002: No relationship between caller and account.');
    expect(error.message).toContain('req-1');
    expect(error.request.method).toBe('GET');
    expect(error.request.url).toBe(
      'https://api.partnercenter.microsoft.com/v1/customers/3f2f0e2c-0000-4000-8000-000000000001',
    );
    expect(error.response?.body).toMatchObject({ code: 20002 });
    expect(isPartnerCenterError(error)).toBe(true);
  });

  it('never keeps the Authorization header', async () => {
    const error = await failWith({
      status: 400,
      body: { code: 2000, description: 'Tenant Id must be a GUID.', data: [], source: 'x' },
    });
    expect(error.request.headers['authorization']).toBe('REDACTED');
    expect(JSON.stringify(error)).not.toContain('super-secret-token');
    expect(JSON.stringify(error.request)).not.toContain('super-secret-token');
    expect(error.message).not.toContain('super-secret-token');
    expect(error.stack).not.toContain('super-secret-token');
  });

  it('falls back to the request ids when the response does not echo them', async () => {
    const error = await failWith({
      status: 400,
      body: { code: 800002, description: 'Invalid request input', data: [], source: 'x' },
    });
    expect(error.requestId).toBe(error.request.headers['ms-requestid']);
    expect(error.correlationId).toBe(error.request.headers['ms-correlationid']);
    expect(error.requestId).toBeTruthy();
  });

  it('accepts code as a string, PascalCase keys, and non-string data', async () => {
    const stringCode = await failWith({
      status: 400,
      body: { code: '900118', description: 'Invalid Customer Id', data: [] },
    });
    expect(stringCode.code).toBe(900118);
    const pascal = await failWith({
      status: 400,
      body: { Code: 3000, Description: 'Invalid property', Data: [{ field: 'x' }, 7] },
    });
    expect(pascal).toMatchObject({ code: 3000, description: 'Invalid property', data: ['{"field":"x"}', '7'] });
    const named = await failWith({ status: 400, body: { code: 'InvalidOperation', description: 'nope' } });
    expect(named.code).toBeUndefined();
  });

  it('reads the newer variant with message, and plain-text bodies', async () => {
    const variant = await failWith({
      status: 409,
      body: {
        code: 600061,
        message: 'A partner confirmed agreement already exists for the customer.',
        isRetryable: false,
      },
    });
    expect(variant).toMatchObject({
      code: 600061,
      description: 'A partner confirmed agreement already exists for the customer.',
    });
    const text = await failWith({ status: 502, text: 'Bad Gateway' });
    expect(text).toMatchObject({ statusCode: 502, code: undefined, description: 'Bad Gateway', data: [] });
    const empty = await failWith({ status: 500, text: '' });
    expect(empty.description).toBe('HTTP 500');
  });

  it('reads the gateway throttling body and Retry-After', async () => {
    const error = await failWith({
      status: 429,
      headers: { 'Retry-After': '57' },
      body: { statusCode: 429, message: 'Rate limit is exceeded. Try again in 57 seconds.' },
    });
    expect(error).toMatchObject({ statusCode: 429, code: undefined, retryAfterInMs: 57_000 });
    expect(error.description).toBe('Rate limit is exceeded. Try again in 57 seconds.');
  });

  it('tolerates a leading BOM in error and success bodies', async () => {
    const error = await failWith({
      status: 400,
      text: '\uFEFF{"code":2000,"description":"Tenant Id must be a GUID.","data":[],"source":"PartnerApiServiceControllers"}',
    });
    expect(error.code).toBe(2000);

    const http = scripted({ text: '\uFEFF{"id":"c1","relationshipToPartner":"some_future_value"}' });
    const client = new PartnerCenterClient({ credential, fetch: http.fetch });
    const customer = await client.customers.get('c1');
    expect(customer).toEqual({ id: 'c1', relationshipToPartner: 'some_future_value' });
  });

  it('reports a success body that is not JSON', async () => {
    const http = scripted({ text: '<html>proxy login</html>' });
    const client = new PartnerCenterClient({ credential, fetch: http.fetch });
    await expect(client.customers.get('c1')).rejects.toMatchObject({
      name: 'PartnerCenterError',
      statusCode: 200,
      description: 'The response body is not valid JSON',
    });
  });

  it('isPartnerCenterError recognises a copy from another package version by shape', () => {
    const foreign = Object.assign(new Error('x'), {
      name: 'PartnerCenterError',
      statusCode: 400,
      description: 'x',
      request: { method: 'GET', url: 'u', headers: {} },
    });
    expect(isPartnerCenterError(foreign)).toBe(true);
    expect(isPartnerCenterError(new Error('x'))).toBe(false);
    expect(isPartnerCenterError({ name: 'PartnerCenterError' })).toBe(false);
    expect(isPartnerCenterError(undefined)).toBe(false);
  });

  it.each([
    ['https://api.partnercenter.microsoft.com/v1/customers?size=2', '/v1/customers?size=2'],
    ['http://127.0.0.1:8080/v1/customers/c1/orders', '/v1/customers/c1/orders'],
    ['/v1/customers', '/v1/customers'],
    ['not a url', 'not a url'],
  ])('pathOf(%j) is %j, as the message shows it', (url, expected) => {
    expect(pathOf(url)).toBe(expected);
  });
});
