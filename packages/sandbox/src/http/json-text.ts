/**
 * @module The JSON text of the hottest answers, made once and kept: a customer read by id and
 * the items of list pages. Rendering and serialising them again on every read was most of a
 * list page's CPU after the database (issue 11: a list page at 20× a bare route serving the
 * same bytes); the text is exactly what `JSON.stringify` of the rendered shape gives.
 */
import type { Collection } from '@partnerbox/contract';
import type { CustomerRecord } from '../domain/records.js';
import { Doorkeeper } from '../store/lru-cache.js';
import { renderCustomer, renderCustomerListItem, type ListedCustomer } from './render.js';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * By record: records are immutable, and the embedded store's cache hands out the same one until
 * the customer changes, when a new record (and a new text) takes its place.
 */
const customerTexts = new WeakMap<CustomerRecord, string>();

export function customerJson(customer: CustomerRecord): string {
  let text = customerTexts.get(customer);
  if (text === undefined) {
    text = JSON.stringify(renderCustomer(customer));
    customerTexts.set(customer, text);
  }
  return text;
}

/**
 * List items are read fresh from the store each time: kept by id, checked against what they
 * show, the oldest dropped first past the bound. Not least recently used: a page is a hundred
 * hits, and an LRU's reordering on each cost more than making a dropped text again.
 */
export const LIST_ITEM_TEXT_LIMIT = 20_000;
const listItemTexts = new Map<string, ListedCustomer & { text: string }>();

/** `keep`: false for a page that will not be kept either (see {@link ListingTexts.askedBefore}). */
export function customerListItemJson(customer: ListedCustomer, keep = true): string {
  const kept = listItemTexts.get(customer.id);
  // Everything renderCustomerListItem reads besides the id.
  if (
    kept?.domain === customer.domain &&
    kept.companyName === customer.companyName &&
    kept.relationship === customer.relationship
  )
    return kept.text;
  const text = JSON.stringify(renderCustomerListItem(customer));
  if (!keep) return text;
  if (kept === undefined && listItemTexts.size >= LIST_ITEM_TEXT_LIMIT) {
    const oldest = listItemTexts.keys().next();
    if (!oldest.done) listItemTexts.delete(oldest.value);
  }
  const { id, domain, companyName, relationship } = customer;
  listItemTexts.set(id, { id, domain, companyName, relationship, text });
  return text;
}

/**
 * A collection's text with its items' texts in place of its (empty) `items`: the same text as
 * `JSON.stringify` of the collection holding the items, since `totalCount` (a number) is the
 * only field before them.
 */
export function collectionJson(collection: Collection<unknown>, itemTexts: readonly string[]): string {
  const text = JSON.stringify({ ...collection, items: [] });
  const at = text.indexOf('"items":[]');
  if (at < 0) throw new Error('a collection without items');
  return `${text.slice(0, at)}"items":[${itemTexts.join(',')}]${text.slice(at + '"items":[]'.length)}`;
}

/**
 * Whole list pages' texts, kept while the store's listing version stays the same (a client
 * polling a page, a dashboard refreshing it): reading a page's rows and putting its text
 * together again was four fifths of a list page's CPU, 9.5× a bare route serving the same bytes
 * (docs/benchmarks.md). One per app (a version means something to one store only), bounded by
 * the characters it holds; the oldest page goes first.
 */
export class ListingTexts {
  static readonly MAX_CHARS = 4 * 1024 * 1024;
  static readonly ASKED_LIMIT = 4096;
  readonly #maxChars: number;
  readonly #pages = new Map<string, { version: number; text: string }>();
  readonly #asked = new Doorkeeper<string>(ListingTexts.ASKED_LIMIT);
  #chars = 0;

  constructor(maxChars = ListingTexts.MAX_CHARS) {
    this.#maxChars = maxChars;
  }

  /**
   * True when `key` was asked for before: only then is its page worth keeping (see Doorkeeper).
   * A page asked for once (a client paging through a long list once, pages at random places)
   * would only pass through: at 1,000,000 customers, random pages kept grew the heap to an RSS
   * of 360 MB before a full collection.
   */
  askedBefore(key: string): boolean {
    return this.#asked.askedBefore(key);
  }

  /** The text kept for `key`, if it was made at `version`. */
  get(key: string, version: number): string | undefined {
    const kept = this.#pages.get(key);
    return kept?.version === version ? kept.text : undefined;
  }

  set(key: string, version: number, text: string): void {
    const kept = this.#pages.get(key);
    if (kept) {
      this.#chars -= kept.text.length;
      this.#pages.delete(key);
    }
    if (text.length > this.#maxChars) return;
    for (const [oldest, page] of this.#pages) {
      if (this.#chars + text.length <= this.#maxChars) break;
      this.#pages.delete(oldest);
      this.#chars -= page.text.length;
    }
    this.#pages.set(key, { version, text });
    this.#chars += text.length;
  }

  get size(): number {
    return this.#pages.size;
  }
}
