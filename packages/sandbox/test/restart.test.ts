import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient, customerBody, OFFERS, orderBody, readPartners, type Target } from '@partnerbox/conformance';
import { buildApp, SQLITE_FILE_NAME } from '@partnerbox/sandbox';

const dir = mkdtempSync(path.join(tmpdir(), 'partnerbox-restart-'));
const file = path.join(dir, SQLITE_FILE_NAME);

/** Starts the sandbox on the data directory without an admin key: it generates and keeps one. */
async function start(): Promise<{ target: Target; adminKey: string }> {
  const app = await buildApp({
    store: { kind: 'sqlite', file },
    provisioningDelaySeconds: 0,
    cancellationDelaySeconds: 30,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  const url = `http://127.0.0.1:${address.port}`;
  const adminKey = app.sandbox.settings.adminKey;
  const partners = await readPartners(url, adminKey);
  return {
    adminKey,
    target: {
      name: 'restartable',
      baseUrls: [url],
      authority: url,
      sandboxPartner: partners.sandbox,
      productionPartner: partners.production,
      control: { adminKey, url },
      close: () => app.close(),
    },
  };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('restarting on the same data directory', () => {
  it('keeps partners, keys, the admin key, customers, the clock, fault rules and cancellations in flight', async () => {
    const first = await start();
    const api1 = new ApiClient(first.target);
    const token = await api1.token(first.target.sandboxPartner);
    const customer = (await api1.request('POST', '/v1/customers', { token, body: customerBody() })).body;
    const order = (
      await api1.request('POST', `/v1/customers/${customer.id}/orders`, {
        token,
        body: orderBody(OFFERS.reservedInstance),
      })
    ).body;
    const cancelled = await api1.request('PATCH', `/v1/customers/${customer.id}/orders/${order.id}`, {
      token,
      body: { id: order.id, status: 'cancelled' },
    });
    expect(cancelled.body.status).toBe('pending');
    await api1.control.advanceClock(10);
    const rule = await api1.control.addFault({
      path: '/v1/customers/*/subscriptions',
      kind: 'error',
      status: 503,
      times: 3,
    });
    await first.target.close();

    const second = await start();
    try {
      expect(second.adminKey).toBe(first.adminKey);
      expect(second.target.sandboxPartner).toEqual(first.target.sandboxPartner);
      const api2 = new ApiClient(second.target);
      // A token issued before the restart still verifies: the signing key is in the store.
      const got = await api2.request('GET', `/v1/customers/${customer.id}`, { token });
      expect(got.status).toBe(200);
      const clock = await api2.control.ok<{ offsetSeconds: number }>('GET', '/clock');
      expect(clock.offsetSeconds).toBe(10);
      const faults = await api2.control.ok<{ id: string; remaining: number }[]>('GET', '/faults');
      expect(faults.map((f) => [f.id, f.remaining])).toEqual([[rule.id, 3]]);
      // The cancellation requested before the restart is still in flight, then completes.
      const during = await api2.request('GET', `/v1/customers/${customer.id}/orders/${order.id}`, { token });
      expect(during.body.status).toBe('pending');
      expect((await api2.request('DELETE', `/v1/customers/${customer.id}`, { token })).status).toBe(400);
      await api2.control.advanceClock(30);
      const after = await api2.request('GET', `/v1/customers/${customer.id}/orders/${order.id}`, { token });
      expect(after.body.status).toBe('cancelled');
      expect((await api2.request('DELETE', `/v1/customers/${customer.id}`, { token })).status).toBe(204);
    } finally {
      await second.target.close();
    }
  });
});
