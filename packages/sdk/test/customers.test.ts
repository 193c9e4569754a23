/** @module Customer operations and paging. */
import { describe, it, expect } from 'vitest';
import type { Customer } from '@partnerbox/contract';
import { PartnerCenterClient, StaticTokenCredential } from '../src/index.js';
import { GUID, fakeFetch, pathOf, scripted, type RecordedRequest } from './helpers/fake-fetch.js';

const credential = new StaticTokenCredential('t');

function customer(id: string, relationshipToPartner = 'reseller'): Customer {
  return {
    id,
    companyProfile: {
      tenantId: id,
      domain: `${id}.onmicrosoft.com`,
      companyName: id,
      attributes: { objectType: 'CustomerCompanyProfile' },
    },
    relationshipToPartner,
    attributes: { objectType: 'Customer' },
  };
}

/** Three pages: the first next link without /v1, the second with it, both with a continuation token. */
function pagedCustomers() {
  return fakeFetch((request: RecordedRequest) => {
    const token = request.headers['ms-continuationtoken'];
    if (token === undefined) {
      return {
        body: {
          totalCount: 2,
          items: [customer('a'), customer('b')],
          links: {
            self: { uri: '/customers?size=2', method: 'GET', headers: [] },
            next: {
              uri: '/customers?size=2&seekOperation=Next',
              method: 'GET',
              headers: [{ key: 'MS-ContinuationToken', value: 'token-page-2' }],
            },
          },
          attributes: { objectType: 'Collection' },
        },
      };
    }
    if (token === 'token-page-2') {
      return {
        body: {
          totalCount: 2,
          items: [customer('c', 'syndication'), customer('d', 'a_relationship_from_the_future')],
          links: {
            self: { uri: '/v1/customers?size=2', method: 'GET', headers: [] },
            next: {
              uri: '/v1/customers?size=2&seekOperation=Next',
              method: 'GET',
              headers: [{ key: 'MS-ContinuationToken', value: 'token-page-3' }],
            },
          },
          attributes: { objectType: 'Collection' },
        },
      };
    }
    return {
      body: {
        totalCount: 1,
        items: [customer('e')],
        links: { self: { uri: '/v1/customers?size=2', method: 'GET', headers: [] } },
        attributes: { objectType: 'Collection' },
      },
    };
  });
}

describe('client.customers.list', () => {
  it('iterates customers across pages, following next links with and without /v1', async () => {
    const http = pagedCustomers();
    const client = new PartnerCenterClient({ credential, fetch: http.fetch, baseUrl: 'https://pc.example' });
    const ids: string[] = [];
    for await (const c of client.customers.list({ size: 2 })) ids.push(c.id);
    expect(ids).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(http.requests.map((r) => pathOf(r.url))).toEqual([
      '/v1/customers?size=2',
      '/v1/customers?size=2&seekOperation=Next',
      '/v1/customers?size=2&seekOperation=Next',
    ]);
    expect(http.requests.map((r) => r.headers['ms-continuationtoken'])).toEqual([
      undefined,
      'token-page-2',
      'token-page-3',
    ]);
  });

  it('byPage yields the collections; pages share a correlation id but not request ids', async () => {
    const http = pagedCustomers();
    const client = new PartnerCenterClient({ credential, fetch: http.fetch });
    const pages = [];
    for await (const page of client.customers.list({ requestId: 'first-page' }).byPage({ maxPageSize: 2 }))
      pages.push(page);
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1]);
    expect(pages[0]?.links?.next?.headers[0]?.value).toBe('token-page-2');
    expect(pathOf(http.requests[0]?.url ?? '')).toBe('/v1/customers?size=2');
    const correlation = new Set(http.requests.map((r) => r.headers['ms-correlationid']));
    expect(correlation.size).toBe(1);
    expect([...correlation][0]).toMatch(GUID);
    const requestIds = http.requests.map((r) => r.headers['ms-requestid']);
    expect(requestIds[0]).toBe('first-page');
    expect(new Set(requestIds).size).toBe(3);
  });

  it('keeps unknown enum values as they came', async () => {
    const http = pagedCustomers();
    const client = new PartnerCenterClient({ credential, fetch: http.fetch });
    const relationships: string[] = [];
    for await (const c of client.customers.list()) relationships.push(c.relationshipToPartner);
    expect(relationships).toContain('a_relationship_from_the_future');
  });

  it('sends the filter as URL-encoded JSON in the documented shape', async () => {
    const http = scripted({ body: { totalCount: 0, items: [], attributes: { objectType: 'Collection' } } });
    const client = new PartnerCenterClient({ credential, fetch: http.fetch });
    const found = [];
    for await (const c of client.customers.list({ size: 40, filter: { field: 'companyName', value: 'Cont oso&' } }))
      found.push(c);
    expect(found).toEqual([]);
    const url = new URL(http.requests[0]?.url ?? '');
    expect(url.searchParams.get('size')).toBe('40');
    expect(JSON.parse(url.searchParams.get('filter') ?? '')).toEqual({
      Field: 'CompanyName',
      Value: 'Cont oso&',
      Operator: 'starts_with',
    });
    expect(url.search).toContain('%20');
    expect(url.search).not.toContain('+');
  });

  it('stops with an error when the service repeats the same next link', async () => {
    const http = fakeFetch(() => ({
      body: {
        totalCount: 1,
        items: [customer('loop')],
        links: {
          self: { uri: '/customers', method: 'GET', headers: [] },
          next: {
            uri: '/customers?seekOperation=Next',
            method: 'GET',
            headers: [{ key: 'MS-ContinuationToken', value: 'same' }],
          },
        },
        attributes: { objectType: 'Collection' },
      },
    }));
    const client = new PartnerCenterClient({ credential, fetch: http.fetch });
    const seen: string[] = [];
    await expect(async () => {
      for await (const c of client.customers.list()) seen.push(c.id);
    }).rejects.toThrow(/same next link/);
    expect(seen).toEqual(['loop', 'loop']);
    expect(http.requests).toHaveLength(2);
  });

  it('treats a page without items as empty', async () => {
    const http = scripted({ body: { totalCount: 0, attributes: { objectType: 'Collection' } } });
    const client = new PartnerCenterClient({ credential, fetch: http.fetch });
    const result = await client.customers.list().next();
    expect(result.done).toBe(true);
  });
});

describe('client.customers operations', () => {
  it('get, create, deleteFromSandbox and requestResellerRelationship use the documented routes', async () => {
    const http = scripted(
      { body: customer('c1') },
      { status: 201, body: { ...customer('c2'), userCredentials: { userName: 'admin', password: 'p' } } },
      { status: 204 },
      { body: { url: 'https://admin.microsoft.com/x', attributes: { objectType: 'RelationshipRequest' } } },
    );
    const client = new PartnerCenterClient({ credential, fetch: http.fetch });
    expect((await client.customers.get('c1')).id).toBe('c1');
    const body = {
      companyProfile: { domain: 'c2.onmicrosoft.com' },
      billingProfile: {
        email: 'a@b.c',
        culture: 'en-US',
        language: 'en',
        companyName: 'C2',
        defaultAddress: { country: 'US', city: 'Redmond', addressLine1: '1 Way' },
      },
    };
    const created = await client.customers.create(body, { requestId: 'create-once' });
    expect(created.userCredentials?.userName).toBe('admin');
    await expect(client.customers.deleteFromSandbox('c2')).resolves.toBeUndefined();
    expect((await client.customers.requestResellerRelationship()).url).toBe('https://admin.microsoft.com/x');
    expect(http.requests.map((r) => `${r.method} ${pathOf(r.url)}`)).toEqual([
      'GET /v1/customers/c1',
      'POST /v1/customers',
      'DELETE /v1/customers/c2',
      'GET /v1/customers/relationshiprequests',
    ]);
    expect(http.requests[1]?.body).toEqual(body);
    expect(http.requests[1]?.headers['content-type']).toBe('application/json');
    expect(http.requests[1]?.headers['ms-requestid']).toBe('create-once');
    expect(http.requests[2]?.rawBody).toBeUndefined();
  });

  it('removes the reseller relationship and delegated access with the documented PATCH bodies', async () => {
    const http = scripted(
      { body: customer('c1', 'none') },
      { body: { ...customer('c1'), allowDelegatedAccess: false } },
    );
    const client = new PartnerCenterClient({ credential, fetch: http.fetch });
    expect((await client.customers.removeResellerRelationship('c1')).relationshipToPartner).toBe('none');
    expect((await client.customers.removeDelegatedAccess('c1')).allowDelegatedAccess).toBe(false);
    expect(http.requests.map((r) => [r.method, pathOf(r.url), r.body])).toEqual([
      ['PATCH', '/v1/customers/c1', { relationshipToPartner: 'none', attributes: { objectType: 'Customer' } }],
      ['PATCH', '/v1/customers/c1', { allowDelegatedAccess: false, attributes: { objectType: 'Customer' } }],
    ]);
  });

  it('URL-encodes ids in paths', async () => {
    const http = scripted({ body: {} });
    const client = new PartnerCenterClient({ credential, fetch: http.fetch });
    await client.customers.get('../orders?x=1#y');
    expect(pathOf(http.requests[0]?.url ?? '')).toBe('/v1/customers/..%2Forders%3Fx%3D1%23y');
  });
});
