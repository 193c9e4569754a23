/**
 * @module The request journal as a partner's test reads it through the test kit: an SDK
 * offboarding run recorded call by call, in order, with nothing secret in it; the filters;
 * clearing one partner's entries; the bound.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientSecretCredential, offboardSandboxCustomer, PartnerCenterClient, type FetchLike } from '@partnerbox/sdk';
import { startSandbox, type TestPartner, type TestSandbox, sampleCustomer } from '@partnerbox/testing';

const OFFERS = {
  reservedInstance: 'DZH318Z0BQ4B:0047:DZH318Z0DSM8',
  perpetualSoftware: 'DG7GMGF0DWT0:0001:DG7GMGF0DSQR',
};

interface Sent {
  method: string;
  path: string;
  requestId: string | undefined;
  authorization: string | undefined;
}

/** The global fetch, keeping what each request carried. */
function recordingFetch(sent: Sent[]): FetchLike {
  return async (url, init) => {
    const headers = Object.fromEntries(Object.entries(init.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const parsed = new URL(url);
    sent.push({
      method: init.method,
      path: parsed.pathname + parsed.search,
      requestId: headers['ms-requestid'],
      authorization: headers['authorization'],
    });
    return fetch(url, init);
  };
}

describe('the request journal, read through the test kit', () => {
  let sandbox: TestSandbox;
  let partner: TestPartner;

  beforeAll(async () => {
    sandbox = await startSandbox({ cancellationDelaySeconds: 5 });
    partner = await sandbox.createPartner();
  });
  afterAll(() => sandbox.close());

  it('records every call of an SDK offboarding run, in order, with nothing secret in it', async () => {
    const setup = partner.client();
    const customer = await setup.customers.create(sampleCustomer('journaloffboard'));
    for (const offerId of [OFFERS.reservedInstance, OFFERS.perpetualSoftware])
      await setup.orders.create(customer.id, { lineItems: [{ lineItemNumber: 0, offerId, quantity: 1 }] });
    await sandbox.control.clearRequests({ partner: partner.tenantId });

    const sent: Sent[] = [];
    const client = new PartnerCenterClient({
      baseUrl: sandbox.url,
      fetch: recordingFetch(sent),
      credential: new ClientSecretCredential(partner.tenantId, partner.clientId, partner.clientSecret, {
        authorityHost: sandbox.url,
        fetch: recordingFetch(sent),
      }),
    });
    const result = await offboardSandboxCustomer(client, customer.id, {
      clock: { now: () => Date.now(), sleep: async (ms) => void (await sandbox.control.advanceClock(ms / 1000)) },
    });
    expect(result.deleted).toBe(true);

    const journal = await sandbox.control.listRequests({ partner: partner.tenantId, limit: 1000 });
    expect(journal.map((e) => `${e.method} ${e.path}${e.query}`)).toEqual(sent.map((s) => `${s.method} ${s.path}`));
    const calls = journal.filter((e) => e.path.startsWith('/v1/'));
    expect(calls.map((e) => e.requestId)).toEqual(
      sent.filter((s) => s.path.startsWith('/v1/')).map((s) => s.requestId),
    );
    // The shape of a good run: each blocking order cancelled exactly once, then one delete.
    const patches = calls.filter((e) => e.method === 'PATCH');
    expect(patches).toHaveLength(2);
    expect(new Set(patches.map((e) => e.path)).size).toBe(2);
    expect(calls.at(-1)).toMatchObject({ method: 'DELETE', path: `/v1/customers/${customer.id}`, status: 204 });
    expect(calls.findIndex((e) => e.method === 'DELETE')).toBeGreaterThan(
      calls.findLastIndex((e) => e.method === 'PATCH'),
    );
    for (const patch of patches) expect(JSON.parse(patch.requestBody ?? '{}')).toMatchObject({ status: 'cancelled' });

    const [token] = journal;
    expect(token).toMatchObject({ method: 'POST', path: `/${partner.tenantId}/oauth2/v2.0/token`, status: 200 });
    expect(JSON.parse(token?.requestBody ?? '{}')).toMatchObject({
      client_id: partner.clientId,
      client_secret: '[redacted]',
    });
    expect(JSON.parse(token?.responseBody ?? '{}')).toMatchObject({ token_type: 'Bearer', access_token: '[redacted]' });

    const text = JSON.stringify(journal);
    const bearerTokens = new Set(
      sent.flatMap((s) => (s.authorization ? [s.authorization.replace(/^Bearer /, '')] : [])),
    );
    expect(bearerTokens.size).toBeGreaterThan(0);
    for (const secret of [partner.clientSecret, partner.password, ...bearerTokens]) expect(text).not.toContain(secret);
    for (const entry of journal) {
      expect(entry.partner).toBe(partner.tenantId);
      expect(entry.durationMs).toBeGreaterThanOrEqual(0);
      expect(Date.parse(entry.at)).not.toBeNaN();
    }
  });

  it('filters by method, path glob, status, partner and time, and clears one partner only', async () => {
    const mine = await sandbox.createPartner();
    const other = await sandbox.createPartner();
    const started = new Date();
    const client = mine.client({ retry: { maxRetries: 0 } });
    const customer = await client.customers.create(sampleCustomer('journalfilters'));
    await client.customers.get(customer.id);
    await client.customers.get('00000000-0000-0000-0000-000000000000').catch(() => undefined);
    await other.client().customers.create(sampleCustomer('journalother'));

    const byPartner = await sandbox.control.listRequests({ partner: mine.tenantId, path: '/v1/**' });
    expect(byPartner.map((e) => `${e.method} ${e.status}`)).toEqual(['POST 201', 'GET 200', 'GET 404']);
    expect(await sandbox.control.listRequests({ partner: mine.tenantId, method: 'get', status: '4xx' })).toHaveLength(
      1,
    );
    expect(await sandbox.control.listRequests({ partner: mine.tenantId, status: 201 })).toHaveLength(1);
    expect(await sandbox.control.listRequests({ partner: mine.tenantId, path: '/v1/customers/*' })).toHaveLength(2);
    expect(
      await sandbox.control.listRequests({ partner: mine.tenantId, until: new Date(started.getTime() - 1) }),
    ).toEqual([]);
    expect(
      (await sandbox.control.listRequests({ partner: mine.tenantId, since: started })).length,
    ).toBeGreaterThanOrEqual(3);
    expect(await sandbox.control.listRequests({ partner: mine.tenantId, path: '/v1/**', limit: 1 })).toMatchObject([
      { method: 'GET', status: 404 },
    ]);

    expect(await sandbox.control.clearRequests({ partner: mine.tenantId })).toBeGreaterThanOrEqual(3);
    expect(await sandbox.control.listRequests({ partner: mine.tenantId })).toEqual([]);
    expect((await sandbox.control.listRequests({ partner: other.tenantId })).length).toBeGreaterThan(0);
    const refused = await sandbox.control.call('GET', '/requests?status=4x4');
    expect(refused.status).toBe(400);
    expect((await sandbox.control.call('GET', '/requests?since=yesterday')).status).toBe(400);
  });
});

describe('a bounded journal', () => {
  it('keeps the newest entries and drops the oldest', async () => {
    await using sandbox = await startSandbox({ journalSize: 5 });
    const client = sandbox.partner.client();
    const customer = await client.customers.create(sampleCustomer('journalbound'));
    for (let i = 0; i < 8; i++)
      await client.customers.get(customer.id, { requestId: `00000000-0000-0000-0000-00000000000${i}` });
    const journal = await sandbox.control.listRequests({ limit: 1000 });
    expect(journal.map((e) => e.requestId)).toEqual(
      [3, 4, 5, 6, 7].map((i) => `00000000-0000-0000-0000-00000000000${i}`),
    );
  });
});
