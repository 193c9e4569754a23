import { describe, expect, it } from 'vitest';
import { customerRecord } from '../domain/test-records.js';
import { collectionJson, customerJson, customerListItemJson, ListingTexts } from './json-text.js';
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
    expect(
      collectionJson(
        page,
        items.map((item) => customerListItemJson(item)),
      ),
    ).toBe(JSON.stringify(whole));
    expect(JSON.parse(collectionJson(collection([]), []))).toEqual(collection([]));
  });
});

describe('ListingTexts', () => {
  it('answers a page only for the version it was made at', () => {
    const pages = new ListingTexts();
    pages.set('a', 7, '{"page":1}');
    expect(pages.get('a', 7)).toBe('{"page":1}');
    expect(pages.get('a', 8)).toBeUndefined();
    expect(pages.get('b', 7)).toBeUndefined();
    pages.set('a', 8, '{"page":2}');
    expect(pages.get('a', 7)).toBeUndefined();
    expect(pages.get('a', 8)).toBe('{"page":2}');
    expect(pages.size).toBe(1);
  });

  it('tells a page asked for before from one asked for the first time', () => {
    const pages = new ListingTexts();
    expect(pages.askedBefore('a')).toBe(false);
    expect(pages.askedBefore('b')).toBe(false);
    expect(pages.askedBefore('a')).toBe(true);
    expect(pages.askedBefore('a')).toBe(true);
    // The oldest keys are forgotten past the bound.
    for (let n = 0; n < ListingTexts.ASKED_LIMIT; n++) pages.askedBefore(`k${n}`);
    expect(pages.askedBefore('b')).toBe(false);
  });

  it('holds at most its characters, dropping the oldest pages first', () => {
    const pages = new ListingTexts(100);
    for (const key of ['a', 'b', 'c', 'd']) pages.set(key, 1, key.repeat(30));
    expect(pages.get('a', 1)).toBeUndefined();
    for (const key of ['b', 'c', 'd']) expect(pages.get(key, 1)).toBe(key.repeat(30));
    // Replacing a page frees its characters first: nothing else has to go.
    pages.set('d', 2, 'd'.repeat(40));
    expect(pages.get('b', 1)).toBe('b'.repeat(30));
    pages.set('e', 1, 'e'.repeat(30));
    expect(pages.get('b', 1)).toBeUndefined();
    expect(pages.get('c', 1)).toBe('c'.repeat(30));
    // A page longer than the whole bound is not kept, and evicts nothing.
    pages.set('huge', 1, 'x'.repeat(101));
    expect(pages.get('huge', 1)).toBeUndefined();
    expect(pages.get('e', 1)).toBe('e'.repeat(30));
  });
});
