/**
 * @module The `framing` case family, over raw sockets: a write request to a live customer, its
 * Content-Length true or shorter than the body, followed by bytes that may or may not be HTTP.
 * Whatever the server does, the first answer on the connection is the request's own: a 2xx
 * means it happened, anything else means the state is as it was. No answer at all is the one
 * ambiguous outcome: the case half-closes its socket after sending, and Node's HTTP server
 * takes a half-closed connection for an aborted one, dropping the responses still owed on it
 * (found by this family on PostgreSQL, where answers take longer), as when a client goes away.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { parseResponses, rawExchange, rawRequest } from '../raw-http.js';
import type { FuzzTarget, Snapshot } from './fuzz-target.js';

export interface FramingCase {
  request: 'delete-customer' | 'cancel-order' | 'create-order' | 'remove-relationship';
  customer: number;
  /** Bytes the declared Content-Length leaves out of the body (0: it is exact). */
  shortBy: number;
  trailer: string;
}

const trailer: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 60 }),
  fc.constantFrom(
    '\r\n\r\n',
    'GARBAGE\r\n\r\n',
    '\u0000\u0001',
    'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n',
    'HTTP/1.1 200 OK\r\n\r\n',
  ),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);

export const framingCaseArbitrary: fc.Arbitrary<FramingCase> = fc.record({
  request: fc.constantFrom('delete-customer', 'cancel-order', 'create-order', 'remove-relationship'),
  customer: fc.nat(),
  shortBy: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 })),
  trailer,
});

function requestText(fuzz: FuzzTarget, c: FramingCase, before: Snapshot): string {
  const ids = fuzz.liveIds(before);
  const customerId = ids.customers[c.customer % Math.max(1, ids.customers.length)] ?? 'none';
  const order = ids.orders.find((o) => o.customerId === customerId)?.id ?? 'none';
  const sandbox = fuzz.token('sandbox-app');
  const user = fuzz.token('sandbox-user');
  const [method, path, body, token] = {
    'delete-customer': ['DELETE', `/v1/customers/${customerId}`, '{}', sandbox],
    'cancel-order': ['PATCH', `/v1/customers/${customerId}/orders/${order}`, '{"status":"cancelled"}', sandbox],
    'create-order': [
      'POST',
      `/v1/customers/${customerId}/orders`,
      '{"lineItems":[{"lineItemNumber":0,"offerId":"E59159FC-6F67-4599-B3CB-17FF4020F643","quantity":1}]}',
      sandbox,
    ],
    'remove-relationship': ['PATCH', `/v1/customers/${customerId}`, '{"relationshipToPartner":"none"}', user],
  }[c.request] as [string, string, string, string | undefined];
  const contentLength = Math.max(0, Buffer.byteLength(body) - c.shortBy);
  return rawRequest(method, path, { ...(token ? { token } : {}), body, contentLength }) + c.trailer;
}

export async function runFramingCase(fuzz: FuzzTarget, c: FramingCase, before: Snapshot): Promise<void> {
  const answer = await rawExchange(fuzz.base, requestText(fuzz, c, before));
  const responses = parseResponses(answer);
  const first = responses[0]?.status;
  const what = `${c.request} short by ${c.shortBy}, then ${JSON.stringify(c.trailer)}: answered ${responses.map((r) => r.status).join(', ') || 'nothing'}`;
  for (const r of responses) expect(r.status, what).toBeLessThan(500);
  if (first !== undefined && first >= 300)
    expect(await fuzz.snapshot(), `${what}, and the state changed`).toEqual(before);
  await fuzz.expectHealthy(what);
}
