/**
 * HTTP framing on a real listening server, over raw sockets: bytes that follow a complete
 * request and are not HTTP (a Content-Length shorter than the body, say) must not hide the
 * answer to that request. The client sees the request's own response first, then a 400 for
 * the garbage, and only then is the connection closed; what it sees matches what happened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, customerBody, startEmbeddedTarget, type Target } from '@partnerbox/conformance';
import { parseResponses, rawExchange, rawRequest } from './support/raw-http.js';

let target: Target;
let api: ApiClient;
let base: string;
let token: string;

beforeAll(async () => {
  target = await startEmbeddedTarget();
  api = new ApiClient(target);
  base = target.baseUrls[0] as string;
  token = await api.token(target.sandboxPartner);
});
afterAll(() => target.close());

async function newCustomer(): Promise<string> {
  const created = await api.request('POST', '/v1/customers', { token, body: customerBody() });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

async function customerStatus(id: string): Promise<number> {
  return (await api.request('GET', `/v1/customers/${id}`, { token })).status;
}

describe('garbage after a complete request', () => {
  it('answers a DELETE whose Content-Length is shorter than its body before the 400 for the rest', async () => {
    const id = await newCustomer();
    const body = '{}{"this is": "the rest of the body"}';
    const answer = parseResponses(
      await rawExchange(base, rawRequest('DELETE', `/v1/customers/${id}`, { token, body, contentLength: 2 })),
    );
    expect(answer.map((r) => r.status)).toEqual([204, 400]);
    expect(await customerStatus(id)).toBe(404);
  });

  it('answers a create followed by bytes that are not HTTP, and the customer exists', async () => {
    const request = rawRequest('POST', '/v1/customers', { token, body: JSON.stringify(customerBody()) });
    const answer = parseResponses(await rawExchange(base, `${request}\u0001\u0002 not http\r\n\r\n`));
    expect(answer.map((r) => r.status)).toEqual([201, 400]);
    const created = JSON.parse(answer[0]?.body ?? '{}') as { id: string };
    expect(await customerStatus(created.id)).toBe(200);
    expect(JSON.parse(answer[1]?.body ?? '{}')).toMatchObject({ code: 800002 });
  });

  it('answers every pipelined request, in order, before the 400 for the garbage after them', async () => {
    const first = await newCustomer();
    const second = await newCustomer();
    const answer = parseResponses(
      await rawExchange(
        base,
        rawRequest('DELETE', `/v1/customers/${first}`, { token }) +
          rawRequest('GET', `/v1/customers/${second}`, { token }) +
          rawRequest('DELETE', `/v1/customers/${second}`, { token }) +
          'GARBAGE\r\n\r\n',
      ),
    );
    expect(answer.map((r) => r.status)).toEqual([204, 200, 204, 400]);
    expect([await customerStatus(first), await customerStatus(second)]).toEqual([404, 404]);
  });

  it('answers a request refused by validation, then the garbage, and changes nothing', async () => {
    const id = await newCustomer();
    const answer = parseResponses(
      await rawExchange(
        base,
        rawRequest('PATCH', `/v1/customers/${id}`, {
          token,
          body: '{"relationshipToPartner":"none"}x',
          contentLength: 32,
        }) + '\u0000\u0000',
      ),
    );
    // App-only token: relationship removal needs App+User, so 403, and the customer stays.
    expect(answer.map((r) => r.status)).toEqual([403, 400]);
    expect(await customerStatus(id)).toBe(200);
  });

  it('still answers garbage alone with 400 and keeps serving', async () => {
    expect(parseResponses(await rawExchange(base, 'NOT HTTP AT ALL\r\n\r\n')).map((r) => r.status)).toEqual([400]);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});

describe('a body over the 1 MB limit', () => {
  it('gets its 413 whole, the rest of the body is read, and the next request on the connection is answered', async () => {
    const id = await newCustomer();
    const huge = JSON.stringify({ ...customerBody(), padding: 'x'.repeat(1_200_000) });
    const answer = parseResponses(
      await rawExchange(
        base,
        rawRequest('POST', '/v1/customers', { token, body: huge }) +
          rawRequest('GET', `/v1/customers/${id}`, { token }),
      ),
    );
    expect(answer.map((r) => r.status)).toEqual([413, 200]);
    expect(answer[0]?.headers['connection']).not.toBe('close');
    expect(JSON.parse(answer[0]?.body ?? '{}')).toMatchObject({ code: expect.any(Number) });
    expect(JSON.parse(answer[1]?.body ?? '{}')).toMatchObject({ id });
  });

  it('closes the connection after the 413 when the body declared is too large to read through', async () => {
    // 64 MB declared, a little sent: nothing more is read, and nothing else is answered.
    const request = rawRequest('POST', '/v1/customers', {
      token,
      body: 'x'.repeat(1000),
      contentLength: 64 * 1_048_576,
    });
    const answer = parseResponses(await rawExchange(base, request));
    expect(answer.map((r) => r.status)).toEqual([413]);
    expect(answer[0]?.headers['connection']).toBe('close');
  });
});
