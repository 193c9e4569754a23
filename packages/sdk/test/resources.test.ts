/** @module Entitlement, order and subscription operations: routes, bodies and headers. */
import { describe, it, expect } from 'vitest';
import type { Subscription } from '@partnerbox/contract';
import { PartnerCenterClient, StaticTokenCredential } from '../src/index.js';
import { fakeFetch, pathOf, scripted } from './helpers/fake-fetch.js';

const credential = new StaticTokenCredential('t');
const collection = (items: unknown[]) => ({
  totalCount: items.length,
  items,
  attributes: { objectType: 'Collection' },
});

function subscription(status: string, etag = 'etag-1'): Subscription {
  return {
    id: 'sub-1',
    offerId: 'CFQ7TTC0LH18:0001',
    quantity: 2,
    creationDate: '2025-01-01T00:00:00Z',
    effectiveStartDate: '2025-01-01T00:00:00Z',
    commitmentEndDate: '2026-01-01T00:00:00Z',
    status,
    autoRenewEnabled: true,
    billingType: 'license',
    contractType: 'subscription',
    orderId: 'o1',
    attributes: { objectType: 'Subscription', etag },
  };
}

describe('client.entitlements', () => {
  it('lists with the type and expiry filters', async () => {
    const http = scripted(
      { body: collection([]) },
      { body: collection([{ referenceOrder: { id: 'o1', lineItemId: '0' } }]) },
    );
    const client = new PartnerCenterClient({ credential, fetch: http.fetch });
    await client.entitlements.list('c1');
    const { items, totalCount } = await client.entitlements.list('c1', {
      entitlementType: 'reservedInstance',
      showExpiry: true,
    });
    expect(totalCount).toBe(1);
    expect(items[0]?.referenceOrder.id).toBe('o1');
    expect(http.requests.map((r) => pathOf(r.url))).toEqual([
      '/v1/customers/c1/entitlements',
      '/v1/customers/c1/entitlements?entitlementType=reservedInstance&showExpiry=true',
    ]);
  });
});

describe('client.orders', () => {
  it('lists, reads, creates, cancels and reads provisioning status', async () => {
    const http = fakeFetch((request) => {
      if (request.method === 'POST') return { status: 201, body: { id: 'new-order', status: 'pending' } };
      if (request.method === 'PATCH') return { body: { id: 'o/1', status: 'cancelled' } };
      if (request.url.endsWith('/provisioningstatus'))
        return { body: collection([{ lineItemNumber: 0, status: 'fulfilled' }]) };
      if (request.url.endsWith('/orders')) return { body: collection([{ id: 'o/1', status: 'Completed' }]) };
      return { body: { id: 'o/1', status: 'completed' } };
    });
    const client = new PartnerCenterClient({ credential, fetch: http.fetch });
    expect((await client.orders.list('c1')).items).toHaveLength(1);
    expect((await client.orders.get('c1', 'o/1')).status).toBe('completed');
    const lineItems = [{ lineItemNumber: 0, offerId: 'DZH318Z0BQ3W:0001:DZH318Z0BQ3Q', quantity: 1 }];
    expect((await client.orders.create('c1', { lineItems })).status).toBe('pending');
    expect((await client.orders.cancel('c1', 'o/1')).status).toBe('cancelled');
    await client.orders.cancel('c1', 'o/1', { lineItems: [{ lineItemNumber: 0, quantity: 1 }] });
    expect((await client.orders.getProvisioningStatus('c1', 'o/1')).items[0]?.status).toBe('fulfilled');

    expect(http.requests.map((r) => `${r.method} ${pathOf(r.url)}`)).toEqual([
      'GET /v1/customers/c1/orders',
      'GET /v1/customers/c1/orders/o%2F1',
      'POST /v1/customers/c1/orders',
      'PATCH /v1/customers/c1/orders/o%2F1',
      'PATCH /v1/customers/c1/orders/o%2F1',
      'GET /v1/customers/c1/orders/o%2F1/provisioningstatus',
    ]);
    expect(http.requests[2]?.body).toEqual({ referenceCustomerId: 'c1', lineItems });
    expect(http.requests[3]?.body).toEqual({ id: 'o/1', status: 'cancelled' });
    expect(http.requests[4]?.body).toEqual({
      id: 'o/1',
      status: 'cancelled',
      lineItems: [{ lineItemNumber: 0, quantity: 1 }],
    });
  });
});

describe('client.subscriptions', () => {
  it('lists all or by order', async () => {
    const http = fakeFetch(() => ({ body: collection([subscription('active')]) }));
    const client = new PartnerCenterClient({ credential, fetch: http.fetch });
    await client.subscriptions.list('c1');
    await client.subscriptions.list('c1', { orderId: 'o 1' });
    expect(http.requests.map((r) => pathOf(r.url))).toEqual([
      '/v1/customers/c1/subscriptions',
      '/v1/customers/c1/subscriptions?order_id=o%201',
    ]);
  });

  it('update PATCHes the whole object with If-Match from its etag, or the one given, or none', async () => {
    const http = fakeFetch((request) => ({ body: request.body }));
    const client = new PartnerCenterClient({ credential, fetch: http.fetch });
    const current = { ...subscription('active'), friendlyName: 'Sales' };
    await client.subscriptions.update('c1', current);
    await client.subscriptions.update('c1', current, { ifMatch: 'W/"other"' });
    await client.subscriptions.update('c1', current, { ifMatch: false });
    expect(http.requests[0]?.body).toEqual(current);
    expect(pathOf(http.requests[0]?.url ?? '')).toBe('/v1/customers/c1/subscriptions/sub-1');
    expect(http.requests.map((r) => r.headers['if-match'])).toEqual(['"etag-1"', 'W/"other"', undefined]);
  });

  it('suspend reads then PATCHes status suspended; reactivate PATCHes active', async () => {
    const http = scripted(
      { body: subscription('Active', 'e1') },
      { body: subscription('suspended', 'e2') },
      { body: subscription('active', 'e3') },
    );
    const client = new PartnerCenterClient({ credential, fetch: http.fetch });
    const suspended = await client.subscriptions.suspend('c1', 'sub-1', { requestId: 'suspend-1' });
    expect(suspended.status).toBe('suspended');
    await client.subscriptions.reactivate('c1', suspended);
    expect(http.requests.map((r) => `${r.method} ${pathOf(r.url)}`)).toEqual([
      'GET /v1/customers/c1/subscriptions/sub-1',
      'PATCH /v1/customers/c1/subscriptions/sub-1',
      'PATCH /v1/customers/c1/subscriptions/sub-1',
    ]);
    expect(http.requests[1]?.body).toMatchObject({
      id: 'sub-1',
      status: 'suspended',
      quantity: 2,
      attributes: { etag: 'e1' },
    });
    expect(http.requests[1]?.headers['if-match']).toBe('"e1"');
    expect(http.requests[1]?.headers['ms-requestid']).toBe('suspend-1');
    expect(http.requests[0]?.headers['ms-requestid']).not.toBe('suspend-1');
    expect(http.requests[2]?.body).toMatchObject({ status: 'active' });
    expect(http.requests[2]?.headers['if-match']).toBe('"e2"');
  });

  it('does not PATCH a subscription already in the wanted state', async () => {
    const http = scripted({ body: subscription('SUSPENDED') });
    const client = new PartnerCenterClient({ credential, fetch: http.fetch });
    expect((await client.subscriptions.suspend('c1', 'sub-1')).status).toBe('SUSPENDED');
    expect(http.requests).toHaveLength(1);
  });
});
