import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import type { NewJournalRow } from '../store/schema.js';
import {
  draftResponse,
  EXCLUSIVE_JOURNAL_BATCHING,
  JOURNAL_SLICE_CHARS,
  JOURNAL_SLICE_ENTRIES,
  type JournalDraft,
  RequestJournal,
  SHARED_JOURNAL_SLICING,
} from './request-journal.js';
import { journalBody, MAX_JOURNAL_BODY_CHARS, REDACTED } from './redact.js';

function draft(n: number, sent?: string): JournalDraft {
  return {
    atMs: Date.UTC(2026, 11, 1, 12, 0, 0, n),
    durationMs: 1,
    method: 'GET',
    path: `/v1/customers/${n}`,
    query: '',
    status: 200,
    partner: 'p',
    requestId: `r${n}`,
    correlationId: undefined,
    serverId: '1',
    requestBody: undefined,
    response: draftResponse(sent),
  };
}

describe('RequestJournal', () => {
  let store: Store;
  let writes: NewJournalRow[][];
  beforeEach(async () => {
    store = await openStore({ kind: 'memory' });
    await store.migrate();
    writes = [];
    const append = store.appendJournal.bind(store);
    store.appendJournal = (rows, keep) => (writes.push(rows), append(rows, keep));
  });
  afterEach(() => store.close());

  it('completes an entry when it writes it: an id, the arrival time, the answer redacted', async () => {
    const journal = new RequestJournal(store, { size: 10 });
    journal.record(draft(7, JSON.stringify({ access_token: 'eyJ.secret', expires_in: 3599 })));
    const [entry] = await journal.list({});
    expect(entry?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(entry?.at).toBe('2026-12-01T12:00:00.007Z');
    expect(JSON.parse(entry?.responseBody ?? '')).toEqual({ access_token: REDACTED, expires_in: 3599 });
    expect(entry?.responseBody).not.toContain('eyJ.secret');
  });

  it('keeps the arrival to the millisecond, as a Date does (the hook computes it with a fraction)', async () => {
    const journal = new RequestJournal(store, { size: 10 });
    journal.record({ ...draft(7), atMs: Date.UTC(2026, 11, 1, 12, 0, 0, 7) + 0.625 });
    const [entry] = await journal.list({});
    expect(entry?.at).toBe('2026-12-01T12:00:00.007Z');
    expect(writes.flat().map((row) => row.at)).toEqual([Date.UTC(2026, 11, 1, 12, 0, 0, 7)]);
  });

  it('keeps a long answer cut and redacted, the same as a short one would be', async () => {
    const journal = new RequestJournal(store, { size: 10 });
    const long = JSON.stringify({ refresh_token: 'eyJ.secret', items: 'x'.repeat(MAX_JOURNAL_BODY_CHARS) });
    expect(Buffer.isBuffer(draftResponse(long))).toBe(true);
    journal.record(draft(1, long));
    const [entry] = await journal.list({});
    expect(entry?.responseBody?.startsWith(`{"refresh_token":"${REDACTED}","items":"xxx`)).toBe(true);
    expect(entry?.responseBody?.endsWith('…[cut]')).toBe(true);
    expect(entry?.responseBody).not.toContain('eyJ.secret');
  });

  it('builds and writes only the newest `size` of a long batch, and keeps recording order', async () => {
    const journal = new RequestJournal(store, { size: 5, ...EXCLUSIVE_JOURNAL_BATCHING });
    for (let n = 0; n < 23; n++) journal.record(draft(n));
    const listed = await journal.list({});
    expect(listed.map((e) => e.requestId)).toEqual(['r18', 'r19', 'r20', 'r21', 'r22']);
    expect(writes.flat()).toHaveLength(5);
  });

  it('writes an exclusive store once a delay, not at every batch size, yet a listing sees every entry', async () => {
    const journal = new RequestJournal(store, { size: 2000, ...EXCLUSIVE_JOURNAL_BATCHING });
    for (let n = 0; n < 1200; n++) journal.record(draft(n));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(writes).toHaveLength(0);
    expect(await journal.list({})).toHaveLength(1200);
    expect(writes.flat()).toHaveLength(1200);
  });

  it('writes a long batch a slice at a time, answering what else is waiting between slices', async () => {
    const journal = new RequestJournal(store, { size: 1000, ...EXCLUSIVE_JOURNAL_BATCHING });
    const body = JSON.stringify({ items: 'x'.repeat(MAX_JOURNAL_BODY_CHARS) });
    for (let n = 0; n < 300; n++) journal.record(draft(n, n % 2 ? body : undefined));
    // Work queued after the flush starts (a request arriving) runs before the flush is done.
    let between = -1;
    const done = journal.flush();
    setImmediate(() => (between = writes.length));
    await done;
    expect(between).toBeGreaterThan(0);
    expect(between).toBeLessThan(writes.length);
    for (const slice of writes) {
      expect(slice.length).toBeLessThanOrEqual(JOURNAL_SLICE_ENTRIES);
      const chars = slice.reduce((sum, row) => sum + (row.response_body?.length ?? 0), 0);
      // A slice ends once it reaches the bound: by at most its last entry past it.
      expect(chars).toBeLessThan(JOURNAL_SLICE_CHARS + MAX_JOURNAL_BODY_CHARS + 16);
    }
    const listed = await journal.list({});
    expect(listed.map((e) => e.requestId)).toEqual(Array.from({ length: 300 }, (_, n) => `r${n}`));
  });

  it("writes a shared store's batch in one statement up to the characters bound, not 64 entries at a time", async () => {
    const journal = new RequestJournal(store, { size: 1000, batchSize: 1000, ...SHARED_JOURNAL_SLICING });
    for (let n = 0; n < 300; n++) journal.record(draft(n, '{"id":"x"}'));
    await journal.flush();
    expect(writes.map((slice) => slice.length)).toEqual([300]);
    const body = JSON.stringify({ items: 'x'.repeat(MAX_JOURNAL_BODY_CHARS) });
    for (let n = 0; n < 40; n++) journal.record(draft(n, body));
    await journal.flush();
    expect(writes.length).toBeGreaterThan(2);
    for (const slice of writes.slice(1))
      expect(slice.reduce((sum, row) => sum + (row.response_body?.length ?? 0), 0)).toBeLessThan(
        JOURNAL_SLICE_CHARS + MAX_JOURNAL_BODY_CHARS + 16,
      );
  });

  it('keeps each answer as the journal keeps it, the same answer sent again and again or not', async () => {
    const journal = new RequestJournal(store, { size: 100 });
    const answers = [
      JSON.stringify({ access_token: 'eyJ.one', expires_in: 1 }),
      JSON.stringify({ id: 'a', postalCode: '98052' }),
      'not JSON',
      JSON.stringify({ refresh_token: 'eyJ.two' }),
      JSON.stringify({ id: 'b' }),
      JSON.stringify({ password: 'hunter2' }),
    ];
    // Runs of one answer, then more distinct answers in turn than the journal remembers.
    const sent = [0, 0, 0, 1, 1, 0, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 5, 0].map((i) => answers[i] as string);
    // Each a copy, as texts made again for each request are.
    sent.forEach((text, n) => journal.record(draft(n, Buffer.from(text).toString())));
    const listed = await journal.list({});
    expect(listed.map((e) => e.responseBody)).toEqual(sent.map((text) => journalBody(text)));
    expect(listed.map((e) => e.responseBody).join()).not.toMatch(/eyJ|hunter2/);
  });

  it('writes a shared store in short batches, so other instances see entries soon', async () => {
    const journal = new RequestJournal(store, { size: 2000 });
    journal.record(draft(1));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(writes.flat().map((row) => row.request_id)).toEqual(['r1']);
  });

  it('reports entries a refused write lost: the first batch at once, then once a minute with the count', async () => {
    const journal = new RequestJournal(store, { size: 10, sliceEntries: 2 });
    const reports: { lost: number; error: unknown }[] = [];
    journal.reportLossesTo((lost, error) => reports.push({ lost, error }));
    let refuse = false;
    const append = store.appendJournal.bind(store);
    store.appendJournal = (rows, keep) => (refuse ? Promise.reject(new Error('store away')) : append(rows, keep));

    journal.record(draft(1));
    await journal.flush();
    expect(reports).toEqual([]);

    refuse = true;
    for (const n of [2, 3, 4]) journal.record(draft(n));
    await journal.flush();
    expect(reports).toHaveLength(1);
    expect(reports[0]?.lost).toBe(3);
    expect(String(reports[0]?.error)).toContain('store away');

    // Within the minute: counted, not reported.
    journal.record(draft(5));
    await journal.flush();
    expect(reports).toHaveLength(1);

    refuse = false;
    journal.record(draft(6));
    await journal.flush();
    expect((await journal.list({})).map((entry) => entry.requestId)).toEqual(['r1', 'r6']);
  });

  it('counts only what a write lost part way through a batch', async () => {
    const journal = new RequestJournal(store, { size: 10, sliceEntries: 2 });
    const reports: number[] = [];
    journal.reportLossesTo((lost) => reports.push(lost));
    let calls = 0;
    const append = store.appendJournal.bind(store);
    store.appendJournal = (rows, keep) => (++calls > 1 ? Promise.reject(new Error('away')) : append(rows, keep));
    for (const n of [1, 2, 3, 4, 5]) journal.record(draft(n));
    await journal.flush();
    // The first slice (2 entries) was written; the other 3 were lost.
    expect(reports).toEqual([3]);
  });
});
