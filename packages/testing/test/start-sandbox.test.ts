import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isPartnerCenterError, offboardSandboxCustomer } from '@partnerbox/sdk';
import {
  connectSandbox,
  SandboxControlError,
  startSandbox,
  type TestSandbox,
  sampleCustomer,
} from '@partnerbox/testing';

const RESERVED_INSTANCE = 'DZH318Z0BQ4B:0047:DZH318Z0DSM8';

describe('startSandbox', () => {
  let sandbox: TestSandbox;
  const written: string[] = [];

  beforeAll(async () => {
    const spy = vi.spyOn(process.stdout, 'write');
    try {
      sandbox = await startSandbox();
      await (await fetch(`${sandbox.url}/v1/customers`)).text();
      written.push(...spy.mock.calls.map((call) => String(call[0])));
    } finally {
      spy.mockRestore();
    }
  });
  afterAll(() => sandbox.close());

  it('listens on a free local port and prints nothing', async () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(sandbox.url).port)).toBeGreaterThan(0);
    expect(written).toEqual([]);
    expect((await fetch(`${sandbox.url}/healthz`)).status).toBe(200);
  });

  it('hands out App-only credentials for the SDK and as plain values', async () => {
    const created = await sandbox.partner.client().customers.create(sampleCustomer('kitapp'));
    expect(created.companyProfile.domain).toMatch(/^kitapp[0-9a-f]{10}\.onmicrosoft\.com$/);
    const { tenantId, clientId, clientSecret } = sandbox.partner;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: 'https://api.partnercenter.microsoft.com/.default',
    });
    const token = await fetch(`${sandbox.url}/${tenantId}/oauth2/v2.0/token`, { method: 'POST', body: form });
    const { access_token } = (await token.json()) as { access_token: string };
    const read = await fetch(`${sandbox.url}/v1/customers/${created.id}`, {
      headers: { Authorization: `Bearer ${access_token}` },
    });
    expect(read.status).toBe(200);
    const raw = await fetch(`${sandbox.url}/v1/customers/${created.id}`, {
      headers: { Authorization: `Bearer ${await sandbox.partner.token()}` },
    });
    expect(raw.status).toBe(200);
  });

  it('hands out App+User credentials: what relationship removal needs and App-only cannot do', async () => {
    const partner = sandbox.productionPartner;
    const customer = await partner.client().customers.create(sampleCustomer('kituser'));
    const appOnly = await partner
      .client()
      .customers.removeResellerRelationship(customer.id)
      .catch((error: unknown) => error);
    expect(isPartnerCenterError(appOnly) && appOnly.statusCode).toBe(403);
    const removed = await partner.userClient().customers.removeResellerRelationship(customer.id);
    expect(removed.relationshipToPartner).toBe('none');
    const claims = JSON.parse(Buffer.from((await partner.token('user')).split('.')[1] ?? '', 'base64url').toString());
    expect(claims.upn).toBe(partner.userName);
    expect(partner.password.length).toBeGreaterThan(0);
  });

  it('gives each test a partner of its own that sees only its own customers', async () => {
    const [first, second] = await Promise.all([sandbox.createPartner(), sandbox.createPartner({ name: 'Second' })]);
    if (!first || !second) throw new Error('two partners');
    expect(first.tenantId).not.toBe(second.tenantId);
    expect(second.name).toBe('Second');
    const mine = await first.client().customers.create(sampleCustomer('kitfirst'));
    await second.client().customers.create(sampleCustomer('kitsecond'));
    const seen: string[] = [];
    for await (const customer of first.client().customers.list()) seen.push(customer.id);
    expect(seen).toEqual([mine.id]);
  });

  it('drives the control plane: clock, faults, scenarios, snapshots, tokens', async () => {
    const partner = await sandbox.createPartner();
    const client = partner.client({ retry: { maxRetries: 0 } });
    const before = await sandbox.control.getClock();
    const after = await sandbox.control.advanceClock(3600);
    expect(after.offsetSeconds - before.offsetSeconds).toBe(3600);

    const fault = await sandbox.control.addFault({
      path: '/v1/customers',
      kind: 'error',
      status: 503,
      tenantId: partner.tenantId,
      times: 1,
    });
    expect((await sandbox.control.listFaults()).map((f) => f.id)).toContain(fault.id);
    const customer = await client.customers.create(sampleCustomer('kitfault')).catch((e: unknown) => e);
    expect(isPartnerCenterError(customer) && customer.statusCode).toBe(503);
    await sandbox.control.clearFaults();
    expect(await sandbox.control.listFaults()).toEqual([]);

    const seeded = await sandbox.control.scenario('customers-only', { count: 2, partnerTenantId: partner.tenantId });
    expect(seeded.customers).toHaveLength(2);
    const snapshot = (await sandbox.control.exportSnapshot()) as { customers: { id: string }[] };
    expect(snapshot.customers.map((c) => c.id)).toEqual(expect.arrayContaining(seeded.customers.map((c) => c.id)));

    const minted = await sandbox.control.mintToken({ partnerTenantId: partner.tenantId, mode: 'user' });
    expect(minted).toMatchObject({ tenantId: partner.tenantId, mode: 'user' });
    const refused = await sandbox.control.scenario('no-such-scenario').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SandboxControlError);
    expect((refused as SandboxControlError).status).toBeGreaterThanOrEqual(400);
  });

  it('offboards with the SDK without waiting: cancellations complete at once by default', async () => {
    const client = (await sandbox.createPartner()).client();
    const customer = await client.customers.create(sampleCustomer('kitoffboard'));
    await client.orders.create(customer.id, {
      lineItems: [{ lineItemNumber: 0, offerId: RESERVED_INSTANCE, quantity: 1 }],
    });
    const result = await offboardSandboxCustomer(client, customer.id);
    expect(result.deleted).toBe(true);
  });

  it('connects to a sandbox started elsewhere and leaves it running on close', async () => {
    const connected = await connectSandbox({ url: `${sandbox.url}/`, adminKey: sandbox.adminKey });
    expect(connected.partner.tenantId).toBe(sandbox.partner.tenantId);
    await connected.close();
    expect((await fetch(`${sandbox.url}/healthz`)).status).toBe(200);
    await expect(connectSandbox({ url: sandbox.url, adminKey: 'wrong' })).rejects.toThrow(/401/);
  });
});

describe('startSandbox options', () => {
  it('keeps orders pending for the delay asked, and stops on dispose', async () => {
    let url: string;
    {
      await using sandbox = await startSandbox({ cancellationDelaySeconds: 30, provisioningDelaySeconds: 5 });
      url = sandbox.url;
      const client = sandbox.partner.client();
      const customer = await client.customers.create(sampleCustomer('kitdelay'));
      const order = await client.orders.create(customer.id, {
        lineItems: [{ lineItemNumber: 0, offerId: RESERVED_INSTANCE, quantity: 1 }],
      });
      expect(order.status).toBe('pending');
      await sandbox.control.advanceClock(10);
      expect((await client.orders.cancel(customer.id, order.id)).status).toBe('pending');
      await sandbox.control.advanceClock(31);
      expect((await client.orders.get(customer.id, order.id)).status).toBe('cancelled');
    }
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
