/** @module Async iteration over Partner Center's paged collections, item by item or page by page. */
import type { Collection, Link } from '@partnerbox/contract/types';

/** Options of `byPage()`. */
export interface PageSettings {
  /** Page size requested from the service (`?size=`), where the collection supports it. */
  maxPageSize?: number | undefined;
}

/**
 * Iterates items across pages; `byPage()` iterates the pages themselves (each a Partner Center
 * collection, with `items`, `totalCount` for that page, and `links`). Same shape as Azure
 * SDK's PagedAsyncIterableIterator.
 */
export interface PagedAsyncIterableIterator<TItem, TPage = Collection<TItem>> {
  next(): Promise<IteratorResult<TItem, undefined>>;
  [Symbol.asyncIterator](): PagedAsyncIterableIterator<TItem, TPage>;
  byPage(settings?: PageSettings): AsyncIterableIterator<TPage>;
}

/** Fetches one page: the first when `link` is undefined, else the one `link` (a `links.next`) names. */
export type FetchPage<TItem> = (link: Link | undefined, settings: PageSettings) => Promise<Collection<TItem>>;

/**
 * Builds the iterator from a page fetcher. Paging follows `links.next` until it is absent; a
 * next link identical to the previous one (same URI, same continuation headers) stops with an
 * error instead of looping forever.
 *
 * @example
 * ```ts
 * const customers = createPagedIterator<Customer>((link) => fetchCustomersPage(link));
 * for await (const customer of customers) console.log(customer.id);
 * ```
 */
export function createPagedIterator<TItem>(
  fetchPage: FetchPage<TItem>,
): PagedAsyncIterableIterator<TItem, Collection<TItem>> {
  async function* pages(settings: PageSettings = {}): AsyncGenerator<Collection<TItem>, undefined> {
    let link: Link | undefined;
    let previousKey: string | undefined;
    for (;;) {
      const page = await fetchPage(link, settings);
      yield page;
      link = page.links?.next;
      if (!link) return undefined;
      const key = JSON.stringify([link.uri, link.headers]);
      if (key === previousKey)
        throw new Error(`Paging stopped: the service returned the same next link twice (${link.uri})`);
      previousKey = key;
    }
  }

  async function* items(): AsyncGenerator<TItem, undefined> {
    for await (const page of pages()) yield* page.items;
    return undefined;
  }

  const iterator = items();
  const paged: PagedAsyncIterableIterator<TItem, Collection<TItem>> = {
    next: () => iterator.next(),
    [Symbol.asyncIterator]: () => paged,
    byPage: (settings) => pages(settings),
  };
  return paged;
}
