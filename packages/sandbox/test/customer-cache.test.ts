import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, customerBody, startEmbeddedTarget, type Target } from '@partnerbox/conformance';

// The embedded store caches customers for the hot GET; every way a customer changes must show
// on the very next read. Each case reads twice first (a customer is kept from its second read
// on), so the entry is cached when the change comes.
let target: Target;
let api: ApiClient;
beforeAll(async () => {
  target = await startEmbeddedTarget();
  api = new ApiClient(target);
});
afterAll(() => target.close());

async function createAndRead(token: string): Promise<string> {
  const created = await api.request('POST', '/v1/customers', { token, body: customerBody() });
  expect(created.status).toBe(201);
  for (let read = 0; read < 2; read++)
    expect((await api.request('GET', `/v1/customers/${created.body.id}`, { token })).status).toBe(200);
  return created.body.id as string;
}

describe('the embedded store never serves a stale customer', () => {
  it('after DAP removal, relationship removal, and re-establishment', async () => {
    const production = target.productionPartner;
    if (!production) throw new Error('no production partner');
    const user = (await api.control.mintToken({ partner: 'production', mode: 'user' })).access_token;
    const id = await createAndRead(user);
    await api.request('PATCH', `/v1/customers/${id}`, { token: user, body: { allowDelegatedAccess: false } });
    expect((await api.request('GET', `/v1/customers/${id}`, { token: user })).body.allowDelegatedAccess).toBe(false);
    await api.request('PATCH', `/v1/customers/${id}`, { token: user, body: { relationshipToPartner: 'none' } });
    expect((await api.request('GET', `/v1/customers/${id}`, { token: user })).status).toBe(404);
    await api.control.ok('POST', '/invitations/accept', { partnerTenantId: production.tenantId, customerTenantId: id });
    const back = await api.request('GET', `/v1/customers/${id}`, { token: user });
    expect(back.status).toBe(200);
    expect(back.body.relationshipToPartner).toBe('reseller');
  });

  it('after delete, reset and snapshot import', async () => {
    const token = await api.token(target.sandboxPartner);
    const deleted = await createAndRead(token);
    expect((await api.request('DELETE', `/v1/customers/${deleted}`, { token })).status).toBe(204);
    expect((await api.request('GET', `/v1/customers/${deleted}`, { token })).status).toBe(404);

    const kept = await createAndRead(token);
    const snapshot = await api.control.ok('GET', '/snapshot');
    await api.control.reset();
    expect((await api.request('GET', `/v1/customers/${kept}`, { token })).status).toBe(404);
    await api.control.ok('PUT', '/snapshot', snapshot);
    expect((await api.request('GET', `/v1/customers/${kept}`, { token })).status).toBe(200);
    const other = await createAndRead(token);
    await api.control.ok('PUT', '/snapshot', snapshot);
    expect((await api.request('GET', `/v1/customers/${other}`, { token })).status).toBe(404);
  });
});
