/**
 * @module RequestJournal: every `/v1` and token request, kept in the store (so every instance
 * of a deployment sees every other's) and bounded (the oldest go first). Recording costs the
 * request a push of a draft onto an in-memory batch; the batch is completed (ids, times, the
 * answer's redaction) and written in one insert later, so a burst of requests costs one write,
 * not one each, and an entry the bound would drop anyway is never built or written.
 * Listing writes this instance's pending batch first, so a client that reads the journal after
 * its own call always finds it; another instance's entries appear once that instance has
 * written them, within some 25 ms of its answer.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { NewJournalRow } from '../store/schema.js';
import type { Store } from '../store/store.js';
import type { JournalEntry, JournalQuery, NewJournalEntry } from './journal-entry.js';
import { journalBody, journalBodyBytes, MAX_JOURNAL_BODY_CHARS } from './redact.js';

/** Default bound of the journal: entries kept across the deployment. */
export const DEFAULT_JOURNAL_SIZE = 1000;

/**
 * How long entries wait to be written together, and how many trigger a write at once. Writing
 * on every turn of the event loop cost a GET 2.5x its CPU under load (one transaction per few
 * requests); 25 ms batches make it one transaction per hundreds (docs/benchmarks.md).
 */
export const JOURNAL_BATCH_DELAY_IN_MS = 25;
export const JOURNAL_BATCH_SIZE = 500;
/**
 * Batching where no other instance reads the table (the embedded store): once a second, never
 * sooner. A listing flushes first, so nothing a client can observe changes, and under load the
 * bound caps what is written at `size` rows a second whatever the request rate. The price: a
 * process killed without its shutdown loses up to a second of the journal.
 */
export const EXCLUSIVE_JOURNAL_BATCHING = { batchDelayInMs: 1000, batchSize: Number.POSITIVE_INFINITY } as const;

/**
 * A batch is completed and written a slice at a time, each slice in its own turn of the event
 * loop, so requests that arrive meanwhile are answered between slices. Written whole, a second
 * of list pages under load (1000 entries of 16 KB) held the event loop for 80-200 ms on SQLite,
 * the p99 of every request behind it (docs/benchmarks.md); a slice is some 1-2 ms.
 */
export const JOURNAL_SLICE_ENTRIES = 64;
export const JOURNAL_SLICE_CHARS = 256 * 1024;

/**
 * Slices where the write is a statement sent to a server (a shared store): there only completing
 * and encoding the entries hold the event loop (a few µs an entry), while each statement costs
 * the client ~100-200 µs of CPU (pg's write, read and wake-up), so a 25 ms batch goes whole
 * up to the characters bound: 64-entry slices made three statements of a GET load's batch.
 */
export const SHARED_JOURNAL_SLICING = { sliceEntries: JOURNAL_BATCH_SIZE } as const;

/** Where the slice that starts at `start` ends: at most `entries` entries and the characters above. */
export function sliceEnd(drafts: readonly JournalDraft[], start: number, entries = JOURNAL_SLICE_ENTRIES): number {
  let chars = 0;
  let end = start;
  while (end < drafts.length && end - start < entries && chars < JOURNAL_SLICE_CHARS) {
    const draft = drafts[end++] as JournalDraft;
    chars += (draft.response?.length ?? 0) + (draft.requestBody?.length ?? 0);
  }
  return end;
}

/**
 * An entry as the request leaves it: what the reply holds, nothing computed. The answer is
 * kept as the text that was sent (it is immutable, often a cached text) and redacted when
 * written; one longer than the journal keeps is cut and redacted now, into a buffer, so that
 * a second of list pages waiting for their write does not hold 50 KB strings each on the heap
 * (they outlived young-generation collections: GC was 15% of a list page's CPU).
 */
export interface JournalDraft extends Omit<NewJournalEntry, 'id' | 'at' | 'responseBody'> {
  /** Epoch ms the request arrived. */
  atMs: number;
  response: string | Buffer | undefined;
}

/**
 * What the journal keeps of the last few answers, made once for each. The same answer often
 * comes back many times in a row (a customer polled, each GET the same cached text; a list
 * page polled): checking its text for secret names cost ~4 µs each time for a customer (1.2 KB
 * through one case-insensitive regex), and cutting and encoding a list page's ~60 µs.
 * Compared by `===`, which is a pointer comparison for the same string and stops at the
 * first difference (or at the lengths) otherwise.
 */
class RecentAnswers<T> {
  static readonly SIZE = 4;
  readonly #make: (sent: string) => T;
  readonly #sent: string[] = [];
  readonly #kept: T[] = [];
  #next = 0;

  constructor(make: (sent: string) => T) {
    this.#make = make;
  }

  get(sent: string): T {
    const at = this.#sent.indexOf(sent);
    if (at >= 0) return this.#kept[at] as T;
    const kept = this.#make(sent);
    this.#sent[this.#next] = sent;
    this.#kept[this.#next] = kept;
    this.#next = (this.#next + 1) % RecentAnswers.SIZE;
    return kept;
  }
}

// Long answers are cut when recorded (see JournalDraft), and the same for every journal.
const recentLongAnswers = new RecentAnswers(journalBodyBytes);

/** What a draft keeps of the answer sent. */
export function draftResponse(sent: string | undefined): string | Buffer | undefined {
  if (sent === undefined || sent.length <= MAX_JOURNAL_BODY_CHARS) return sent;
  return recentLongAnswers.get(sent);
}

export interface RequestJournalOptions {
  /** Entries kept; 0 turns the journal off. Default {@link DEFAULT_JOURNAL_SIZE}. */
  size?: number;
  /** Default {@link JOURNAL_BATCH_DELAY_IN_MS}. */
  batchDelayInMs?: number;
  /** Pending entries that trigger a write at once; default {@link JOURNAL_BATCH_SIZE}. */
  batchSize?: number;
  /** Entries written together at most; default {@link JOURNAL_SLICE_ENTRIES}. */
  sliceEntries?: number;
}

/** A draft as the store writes it: an id, the arrival time, the answer redacted. */
function complete(draft: JournalDraft, bodies: RecentAnswers<string | undefined>): NewJournalRow {
  const { response } = draft;
  const responseBody = typeof response === 'string' ? bodies.get(response) : response?.toString();
  return {
    id: randomUUID(),
    // To the millisecond, as a Date keeps it: the arrival is `Date.now() - reply.elapsedTime`,
    // which has a fraction, and PostgreSQL refuses a fraction for a bigint (the batch was lost).
    at: Math.trunc(draft.atMs),
    duration_ms: draft.durationMs,
    method: draft.method,
    path: draft.path,
    query: draft.query,
    status: draft.status,
    partner_id: draft.partner ?? null,
    request_id: draft.requestId,
    correlation_id: draft.correlationId ?? null,
    server_id: draft.serverId,
    request_body: draft.requestBody ?? null,
    response_body: responseBody ?? null,
  };
}

/** Told of entries a write lost: their count since the last report, and the write's error. */
export type JournalLossReport = (lost: number, error: unknown) => void;

/** The longest a run of lost batches goes unreported after its first (a database away for long). */
export const JOURNAL_LOSS_REPORT_INTERVAL_IN_MS = 60_000;

export class RequestJournal {
  readonly #store: Store;
  readonly #size: number;
  readonly #delayInMs: number;
  readonly #batchSize: number;
  readonly #sliceEntries: number;
  readonly #bodies = new RecentAnswers(journalBody);
  #pending: JournalDraft[] = [];
  #writing: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #onLoss: JournalLossReport | undefined;
  #unreported = 0;
  #reportedAtMs = Number.NEGATIVE_INFINITY;

  constructor(store: Store, options: RequestJournalOptions = {}) {
    this.#store = store;
    this.#size = options.size ?? DEFAULT_JOURNAL_SIZE;
    this.#delayInMs = options.batchDelayInMs ?? JOURNAL_BATCH_DELAY_IN_MS;
    this.#batchSize = options.batchSize ?? JOURNAL_BATCH_SIZE;
    this.#sliceEntries = options.sliceEntries ?? JOURNAL_SLICE_ENTRIES;
  }

  /**
   * Where lost entries are reported (the server's log): at once for the first batch lost, then
   * at most once a minute with the count lost meanwhile, so an outage is one line a minute, not
   * one per batch.
   */
  reportLossesTo(report: JournalLossReport): void {
    this.#onLoss = report;
  }

  #lost(count: number, error: unknown): void {
    this.#unreported += count;
    const nowMs = Date.now();
    if (!this.#onLoss || nowMs - this.#reportedAtMs < JOURNAL_LOSS_REPORT_INTERVAL_IN_MS) return;
    const lost = this.#unreported;
    this.#unreported = 0;
    this.#reportedAtMs = nowMs;
    try {
      this.#onLoss(lost, error);
    } catch {
      // A report that fails must not fail the journal's writes.
    }
  }

  get enabled(): boolean {
    return this.#size > 0;
  }

  record(draft: JournalDraft): void {
    if (!this.enabled) return;
    this.#pending.push(draft);
    // Only the newest `size` can survive the write's trim: the rest are dropped here, in
    // chunks, so a long batch under load holds at most twice the bound.
    if (this.#pending.length >= 2 * this.#size) this.#pending = this.#pending.slice(-this.#size);
    if (this.#pending.length >= this.#batchSize) void this.flush();
    else if (!this.#timer) {
      this.#timer = setTimeout(() => void this.flush(), this.#delayInMs);
      this.#timer.unref();
    }
  }

  /** Writes what is pending; resolves once everything recorded so far is in the store. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const drafts = this.#pending;
    this.#pending = [];
    // Batches, and their slices, are written one after another, so insertion order is
    // recording order.
    this.#writing = this.#writing.then(async () => {
      const kept = drafts.length > this.#size ? drafts.slice(-this.#size) : drafts;
      let start = 0;
      try {
        while (start < kept.length) {
          if (start > 0) await nextTurn();
          const end = sliceEnd(kept, start, this.#sliceEntries);
          const rows = kept.slice(start, end).map((draft) => complete(draft, this.#bodies));
          await this.#store.appendJournal(rows, this.#size);
          start = end;
        }
      } catch (error) {
        // A journal that cannot be written (the database is away) must not fail requests;
        // what was not written yet is lost, and said so in the log.
        this.#lost(kept.length - start, error);
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
