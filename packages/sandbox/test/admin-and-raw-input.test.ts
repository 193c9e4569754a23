import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiClient,
  customerBody,
  startEmbeddedTarget,
  startPostgresTarget,
  type Target,
} from '@partnerbox/conformance';
import { rawExchange as raw } from './support/raw-http.js';

describe.each([
  ['SQLite', () => startEmbeddedTarget()],
  ['PostgreSQL', () => startPostgresTarget()],
])('bad input to the control plane and the HTTP parser, on %s', (_name, start) => {
  let target: Target;
  let api: ApiClient;
  let base: string;
  beforeAll(async () => {
    target = await start();
    api = new ApiClient(target);
    base = target.baseUrls[0] as string;
    const token = await api.token(target.sandboxPartner);
    await api.request('POST', '/v1/customers', { token, body: customerBody() });
  });
  afterAll(() => target.close());

  it('refuses malformed or inconsistent snapshots with 400 800002, changing nothing', async () => {
    const before = await api.control.ok<Record<string, unknown[]>>('GET', '/snapshot');
    const customer = before['customers']?.[0] as Record<string, unknown>;
    const variants: [string, (s: Record<string, unknown[]>) => void][] = [
      ['a number column holding text', (s) => ((s['customers']?.[0] as Record<string, unknown>)['seq'] = 'abc')],
      ['a missing field', (s) => delete (s['partners']?.[0] as Record<string, unknown>)['domain']],
      [
        'an unknown enum value (900126, as everywhere)',
        (s) => ((s['customers']?.[0] as Record<string, unknown>)['relationship'] = 'friend'),
      ],
      ['a NUL character', (s) => ((s['customers']?.[0] as Record<string, unknown>)['companyName'] = 'a\u0000b')],
      ['two customers with one id', (s) => s['customers']?.push({ ...customer, domain: 'other.onmicrosoft.com' })],
      [
        'a customer of a partner the snapshot lacks',
        (s) => s['customers']?.push({ ...customer, id: 'c-x', partnerId: 'nobody', domain: 'x.onmicrosoft.com' }),
      ],
      ['records that are not objects', (s) => s['orders']?.push(42 as unknown as Record<string, unknown>)],
    ];
    for (const [what, mutate] of variants) {
      const snapshot = structuredClone(before);
      mutate(snapshot);
      const response = await api.control.call('PUT', '/snapshot', snapshot);
      expect(response.status, what).toBe(400);
      expect(response.body.code, what).toBe(what.includes('900126') ? 900126 : 800002);
    }
    const after = await api.control.ok<Record<string, unknown[]>>('GET', '/snapshot');
    expect({ ...after, exportedAt: '' }).toEqual({ ...before, exportedAt: '' });
  });

  it('answers 404 for fault rule ids that are not GUIDs, NUL included', async () => {
    for (const id of ['%00', 'not-a-guid', '00000000-0000-0000-0000-000000000000']) {
      const response = await api.control.call('DELETE', `/faults/${id}`);
      expect(response.status, id).toBe(404);
      expect(response.body.code, id).toBe(3000);
    }
  });

  it('answers oversized headers with 431 and malformed HTTP with 400, in Partner Center’s error shape', async () => {
    const tooLarge = await raw(base, `GET /v1/customers HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(tooLarge).toMatch(/^HTTP\/1.1 431 /);
    expect(JSON.parse(tooLarge.slice(tooLarge.indexOf('\r\n\r\n') + 4))).toMatchObject({
      code: 800002,
      source: 'PartnerFD',
    });
    const garbage = await raw(base, 'THIS IS NOT HTTP\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1.1 400 /);
    expect(JSON.parse(garbage.slice(garbage.indexOf('\r\n\r\n') + 4))).toMatchObject({ code: 800002 });
    // The server is still serving.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
