/**
 * @module RequestJournal: every `/v1` and token request, kept in the store (so every instance
 * of a deployment sees every other's) and bounded (the oldest go first). Recording costs the
 * request a push onto an in-memory batch; the batch is written in one insert once the current
 * turn of the event loop is done, so a burst of requests costs one write, not one each.
 * Listing writes this instance's pending batch first, so a client that reads the journal after
 * its own call always finds it; another instance's entries appear once that instance has
 * written them, within some 25 ms of its answer.
 */
import type { Store } from '../store/store.js';
import type { JournalEntry, JournalQuery, NewJournalEntry } from './journal-entry.js';

/** Default bound of the journal: entries kept across the deployment. */
export const DEFAULT_JOURNAL_SIZE = 1000;

/**
 * How long entries wait to be written together, and how many trigger a write at once. Writing
 * on every turn of the event loop cost a GET 2.5x its CPU under load (one transaction per few
 * requests); 25 ms batches make it one transaction per hundreds (docs/benchmarks.md).
 */
export const JOURNAL_BATCH_DELAY_IN_MS = 25;
export const JOURNAL_BATCH_SIZE = 500;

export class RequestJournal {
  readonly #store: Store;
  readonly #size: number;
  #pending: NewJournalEntry[] = [];
  #writing: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;

  constructor(store: Store, size = DEFAULT_JOURNAL_SIZE) {
    this.#store = store;
    this.#size = size;
  }

  get enabled(): boolean {
    return this.#size > 0;
  }

  record(entry: NewJournalEntry): void {
    if (!this.enabled) return;
    this.#pending.push(entry);
    if (this.#pending.length >= JOURNAL_BATCH_SIZE) void this.flush();
    else if (!this.#timer) {
      this.#timer = setTimeout(() => void this.flush(), JOURNAL_BATCH_DELAY_IN_MS);
      this.#timer.unref();
    }
  }

  /** Writes what is pending; resolves once everything recorded so far is in the store. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#pending;
    this.#pending = [];
    // Batches are written one after another, so insertion order is recording order.
    this.#writing = this.#writing.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.#store.appendJournal(batch, this.#size);
      } catch {
        // A journal that cannot be written (the database is away) must not fail requests;
        // these entries are lost, as a log line would be.
      }
    });
    return this.#writing;
  }

  async list(query: JournalQuery, pathMatches?: (path: string) => boolean): Promise<JournalEntry[]> {
    await this.flush();
    if (!pathMatches) return this.#store.listJournal(query);
    const { limit, ...rest } = query;
    const matching = (await this.#store.listJournal(rest)).filter((entry) => pathMatches(entry.path));
    return limit === undefined ? matching : matching.slice(-limit);
  }

  async clear(partner?: string): Promise<number> {
    await this.flush();
    return this.#store.clearJournal(partner);
  }
}
