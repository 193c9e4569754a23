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

/**
 * Which keys were asked for recently: the last `limit` of them, the oldest forgotten first. In
 * front of a cache, it keeps out what is asked for once (TinyLFU's "doorkeeper"): under reads
 * spread over far more keys than a cache holds (random customers of a million), every entry
 * would pass through the cache without a hit, each outliving two young-generation collections
 * there and so promoted, and the old generation grew by megabytes a second until a full
 * collection took it back (RSS, and the pauses, of docs/benchmarks.md's million customers).
 */
export class Doorkeeper<K> {
  readonly #seen = new Set<K>();
  readonly limit: number;

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('A doorkeeper remembers at least one key');
    this.limit = limit;
  }

  /** True when `key` was asked for before (and still remembered); remembers it either way. */
  askedBefore(key: K): boolean {
    if (this.#seen.has(key)) return true;
    if (this.#seen.size >= this.limit) {
      const oldest = this.#seen.values().next();
      if (!oldest.done) this.#seen.delete(oldest.value);
    }
    this.#seen.add(key);
    return false;
  }

  clear(): void {
    this.#seen.clear();
  }
}
