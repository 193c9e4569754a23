/**
 * @module A bounded least-recently-used map. The customer cache used to be cleared whole at its
 * limit, so a partner with more customers than the limit kept refilling it from the database
 * (GET by id 2× slower at 100k customers, issue 11); evicting one entry at a time keeps the hot set.
 */

/**
 * A Map keeps insertion order, so its first key is the least recently used one as long as every
 * hit moves its key to the end (delete, then set again).
 */
export class LruCache<K, V> {
  readonly #entries = new Map<K, V>();
  readonly limit: number;

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('An LRU cache holds at least one entry');
    this.limit = limit;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.limit) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }

  /** Keys from least to most recently used, for tests. */
  keys(): K[] {
    return [...this.#entries.keys()];
  }
}
