/**
 * List pages are kept as text while the store's listing version stays (http/json-text.ts,
 * ListingTexts): every way the customers of a partner change must show on the very next page.
 * Each case lists first, so the page is kept when the change comes. On the embedded store in
 * a file (the default), in memory, and on PostgreSQL with two instances, where another
 * instance's writes must show too (no page is kept there).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiClient,
  customerBody,
  startEmbeddedTarget,
  startPostgresTarget,
  type Target,
} from '@partnerbox/conformance';

type Page = { totalCount: number; items: { id: string; relationshipToPartner: string }[]; continuationToken?: string };

async function page(api: ApiClient, token: string, query = 'size=100', headers?: Record<string, string>) {
  const response = await api.request<Page>('GET', `/v1/customers?${query}`, { token, ...(headers ? { headers } : {}) });
  expect(response.status).toBe(200);
  return response.body;
}

const ids = (p: Page) => p.items.map((item) => item.id);

/** A page asked for twice, the same both times: from the second time on, the sandbox keeps it. */
async function kept(api: ApiClient, token: string, query = 'size=100', headers?: Record<string, string>) {
  const first = await page(api, token, query, headers);
  expect(await page(api, token, query, headers)).toEqual(first);
  return first;
}

describe.each([
  ['a SQLite file', () => startEmbeddedTarget()],
  ['memory', () => startEmbeddedTarget({ store: { kind: 'memory' } })],
])('list pages on the embedded store in %s', (_name, start) => {
  let target: Target;
  let api: ApiClient;
  beforeAll(async () => {
    target = await start();
    api = new ApiClient(target);
  });
  afterAll(() => target.close());

  it('answer the same page again, and show a created and a deleted customer at once', async () => {
    const token = await api.token(target.sandboxPartner);
    const first = await kept(api, token);
    const created = await api.request('POST', '/v1/customers', { token, body: customerBody() });
    expect(created.status).toBe(201);
    const after = await page(api, token);
    expect(after.totalCount).toBe(first.totalCount + 1);
    expect(ids(after)).toContain(created.body.id);
    expect(await kept(api, token)).toEqual(after);
    expect((await api.request('DELETE', `/v1/customers/${created.body.id}`, { token })).status).toBe(204);
    expect(ids(await page(api, token))).not.toContain(created.body.id);
  });

  it('show a relationship removed in a production account, and restored, at once', async () => {
    const production = target.productionPartner;
    if (!production) throw new Error('no production partner');
    const user = (await api.control.mintToken({ partner: 'production', mode: 'user' })).access_token;
    const created = await api.request('POST', '/v1/customers', { token: user, body: customerBody() });
    expect(ids(await kept(api, user))).toContain(created.body.id);
    const removed = await api.request('PATCH', `/v1/customers/${created.body.id}`, {
      token: user,
      body: { relationshipToPartner: 'none' },
    });
    expect(removed.status).toBe(200);
    expect(ids(await kept(api, user))).not.toContain(created.body.id);
    await api.control.ok('POST', '/invitations/accept', {
      partnerTenantId: production.tenantId,
      customerTenantId: created.body.id,
    });
    expect(ids(await page(api, user))).toContain(created.body.id);
  });

  it('show customers generated, a reset and a snapshot import at once, each page and filter apart', async () => {
    const partner = await api.control.ok<{ tenantId: string }>('POST', '/partners', { kind: 'production' });
    const { access_token: token } = await api.control.mintToken({ partnerTenantId: partner.tenantId });
    expect((await kept(api, token)).totalCount).toBe(0);
    await api.control.ok('POST', `/partners/${partner.tenantId}/generate`, { count: 7 });
    const small = await kept(api, token, 'size=5');
    expect(small.totalCount).toBe(5);
    const next = await kept(api, token, 'size=5&seekOperation=Next', {
      'MS-ContinuationToken': small.continuationToken ?? '',
    });
    expect(next.totalCount).toBe(2);
    // Another size and a filter are other pages, not the one kept for size=5.
    expect((await kept(api, token, 'size=100')).totalCount).toBe(7);
    const name = (await api.request('GET', `/v1/customers/${small.items[0]?.id}`, { token })).body.companyProfile
      .companyName as string;
    const filter = encodeURIComponent(JSON.stringify({ Field: 'CompanyName', Value: name, Operator: 'starts_with' }));
    const filtered = await kept(api, token, `size=100&filter=${filter}`);
    expect(ids(filtered)).toContain(small.items[0]?.id);

    await api.control.ok('POST', `/partners/${partner.tenantId}/generate`, { count: 3 });
    expect((await page(api, token, 'size=100')).totalCount).toBe(10);
    expect(
      await page(api, token, 'size=5&seekOperation=Next', { 'MS-ContinuationToken': small.continuationToken ?? '' }),
    ).toMatchObject({ totalCount: 5 });

    const sandboxToken = await api.token(target.sandboxPartner);
    await api.request('POST', '/v1/customers', { token: sandboxToken, body: customerBody() });
    expect((await kept(api, sandboxToken)).totalCount).toBeGreaterThan(0);
    const snapshot = await api.control.exportSnapshot();
    await api.control.reset();
    expect((await kept(api, await api.token(target.sandboxPartner))).totalCount).toBe(0);
    await api.control.importSnapshot(snapshot);
    expect((await page(api, await api.token(target.sandboxPartner))).totalCount).toBeGreaterThan(0);
    expect((await page(api, token, 'size=100')).totalCount).toBe(10);
  });
});

describe('list pages on PostgreSQL, two instances', () => {
  let target: Target;
  beforeAll(async () => {
    target = await startPostgresTarget({ instances: 2 });
  });
  afterAll(() => target?.close());

  it("show another instance's writes on the next page", async () => {
    const [first, second] = target.baseUrls as [string, string];
    const one = new ApiClient({ ...target, baseUrls: [first] });
    const other = new ApiClient({ ...target, baseUrls: [second] });
    const token = await one.token(target.sandboxPartner);
    const before = await page(one, token);
    expect(await page(one, token)).toEqual(before);
    const created = await other.request('POST', '/v1/customers', { token, body: customerBody() });
    expect(created.status).toBe(201);
    expect(ids(await page(one, token))).toContain(created.body.id);
  });
});
