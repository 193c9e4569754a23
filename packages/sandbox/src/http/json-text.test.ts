import { describe, expect, it } from 'vitest';
import { customerRecord } from '../domain/test-records.js';
import { collectionJson, customerJson, customerListItemJson } from './json-text.js';
import { collection, link, renderCustomer, renderCustomerListItem } from './render.js';

describe('the JSON text of hot answers', () => {
  it('a customer: the text of its rendered shape, made again for a changed record', () => {
    const record = customerRecord();
    expect(customerJson(record)).toBe(JSON.stringify(renderCustomer(record)));
    expect(customerJson(record)).toBe(customerJson(record));
    const renamed = {
      ...record,
      companyName: 'Renamed Ltd',
      billing: { ...record.billing, companyName: 'Renamed Ltd' },
    };
    expect(customerJson(renamed)).toBe(JSON.stringify(renderCustomer(renamed)));
    expect(customerJson(renamed)).toContain('Renamed Ltd');
  });

  it.each([
    ['its domain', { domain: 'renamed.onmicrosoft.com' }],
    ['its company name', { companyName: 'Renamed Ltd' }],
    ['its relationship', { relationship: 'none' as const }],
  ])('a list item kept by id is made again when %s changes', (_what, change) => {
    const item = { ...customerRecord(), id: crypto.randomUUID() };
    expect(customerListItemJson(item)).toBe(JSON.stringify(renderCustomerListItem(item)));
    const changed = { ...item, ...change };
    expect(customerListItemJson(changed)).toBe(JSON.stringify(renderCustomerListItem(changed)));
    expect(customerListItemJson(changed)).not.toBe(customerListItemJson(item));
  });

  it('a collection: the same text as serialising it with its items', () => {
    const items = [0, 1, 2].map((n) => ({
      ...customerRecord(),
      id: crypto.randomUUID(),
      companyName: `C${n} "quoted"`,
    }));
    const page = collection([], '/customers?size=3', { totalCount: items.length });
    page.links = { self: link('/customers?size=3'), next: link('/customers?size=3&seekOperation=Next', 'GET', []) };
    page.continuationToken = 'abc';
    const whole = { ...page, items: items.map(renderCustomerListItem) };
    expect(collectionJson(page, items.map(customerListItemJson))).toBe(JSON.stringify(whole));
    expect(JSON.parse(collectionJson(collection([]), []))).toEqual(collection([]));
  });
});
