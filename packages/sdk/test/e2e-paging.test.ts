/** @module End to end: paging through 500 customers of a real sandbox with the SDK. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appOnlyClient, recordingFetch, startRealSandbox, type RealSandbox } from './helpers/real-sandbox.js';

const COUNT = 500;
let sandbox: RealSandbox;
let seededIds: string[];

beforeAll(async () => {
  sandbox = await startRealSandbox();
  // The production partner: the integration-sandbox partner stops at 75 customers.
  const seeded = await sandbox.api.control.scenario('customers-only', {
    count: COUNT,
    partnerTenantId: sandbox.production.tenantId,
  });
  seededIds = seeded.customers.map((customer) => customer.id);
}, 120_000);
afterAll(() => sandbox.close());

describe('paging customers against a real sandbox', () => {
  it('iterates over all 500 customers, following links.next and replaying its continuation header', async () => {
    const wire = recordingFetch();
    const client = appOnlyClient(sandbox, sandbox.production, { fetch: wire.fetch });

    const ids: string[] = [];
    for await (const customer of client.customers.list({ size: 120 })) ids.push(customer.id);

    expect(seededIds).toHaveLength(COUNT);
    expect(ids).toHaveLength(COUNT);
    expect(new Set(ids)).toEqual(new Set(seededIds));
    // 120 + 120 + 120 + 120 + 20: five pages, the first one plain, the others through the next link.
    const pages = wire.requests.filter((request) => request.method === 'GET');
    expect(pages).toHaveLength(5);
    expect(pages[0]?.path).toBe('/v1/customers?size=120');
    expect(pages[0]?.continuationToken).toBeUndefined();
    for (const page of pages.slice(1)) {
      expect(page.path).toMatch(/^\/v1\/customers\?.*seekOperation=Next/);
      expect(page.continuationToken).toBeTruthy();
    }
    // One logical listing: one correlation id, a request id per page.
    expect(new Set(pages.map((page) => page.correlationId)).size).toBe(1);
    expect(new Set(pages.map((page) => page.requestId)).size).toBe(pages.length);
  });

  it('pages with byPage(), each page counting its own items', async () => {
    const client = appOnlyClient(sandbox, sandbox.production);
    const sizes: number[] = [];
    const totals: number[] = [];
    for await (const page of client.customers.list().byPage({ maxPageSize: 64 })) {
      sizes.push(page.items.length);
      totals.push(page.totalCount);
    }
    expect(sizes).toEqual([64, 64, 64, 64, 64, 64, 64, 52]);
    expect(totals).toEqual(sizes);
  });

  it('carries a filter across pages', async () => {
    const client = appOnlyClient(sandbox, sandbox.production);
    const names: string[] = [];
    for await (const customer of client.customers.list({
      size: 25,
      filter: { field: 'companyName', value: 'customers only 1' },
    })) {
      names.push(customer.companyProfile.companyName ?? '');
    }
    // "Customers Only 1", "…10"–"…19" and "…100"–"…199".
    expect(names).toHaveLength(111);
    expect(names.every((name) => name.startsWith('Customers Only 1'))).toBe(true);
  });

  it('stops early without reading further pages', async () => {
    const wire = recordingFetch();
    const client = appOnlyClient(sandbox, sandbox.production, { fetch: wire.fetch });
    let seen = 0;
    for await (const customer of client.customers.list({ size: 100 })) {
      expect(customer.id).toBeTruthy();
      if (++seen === 150) break;
    }
    expect(wire.requests.filter((request) => request.method === 'GET')).toHaveLength(2);
  });
});
