/**
 * @module A streamed NDJSON snapshot read on a worker thread beside the writer: the worker
 * splits the lines, parses them, checks every record and invariant (control/snapshot-stream.ts)
 * and maps the aggregates to rows; the event loop only hands it the body and writes the rows it
 * gets back. At a million customers the reading is half of an import's CPU, which on one thread
 * came before every insert; this machine has two cores. Both directions wait for the other:
 * the worker pulls the body a chunk at a time, and stops `BATCHES_AHEAD` batches ahead of the
 * writer, so neither side buffers more than a few megabytes.
 */
import { existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Worker, type MessagePort } from 'node:worker_threads';
import { PartnerCenterError, isPartnerCenterError } from '../errors.js';
import { rowBatches, type TableRows } from '../store/bulk-queries.js';
import type { SnapshotHead } from '../store/store.js';
import { readSnapshotStream } from './snapshot-stream.js';

/** Batches the worker may send before the writer has written the first of them. */
export const BATCHES_AHEAD = 4;

/**
 * Bodies that declare at most this many bytes are read on the event loop: the worker's start
 * (a V8 isolate loading the reader's modules, ~0.5 s) costs more than reading them.
 */
export const WORKER_MIN_BYTES = 16 * 1024 * 1024;

export interface SnapshotReading {
  head: SnapshotHead;
  batches: AsyncIterable<TableRows>;
  /** Ends the reading (the worker, if any) whether or not the batches were read to the end. */
  close(): Promise<void>;
}

type ToWorker = { type: 'chunk'; chunk: Uint8Array } | { type: 'end' } | { type: 'written' };
type FromWorker =
  | { type: 'pull' }
  | { type: 'head'; head: SnapshotHead }
  | { type: 'rows'; rows: TableRows }
  | { type: 'done' }
  | { type: 'refused'; statusCode: number; body: PartnerCenterError['body'] }
  | { type: 'failed'; message: string };

/**
 * The compiled worker module beside this one: in the single-file build (dist/bundle/) and in
 * dist/control/ both resolve to dist/control/. Under the test runner this module is the
 * TypeScript source, which a worker cannot load; the tests run after the build, so its compiled
 * twin in dist/ is the one started.
 */
function workerFile(): string {
  const file = fileURLToPath(new URL('../control/snapshot-reader-worker.js', import.meta.url));
  return file.replace(/([/\\])src([/\\]control[/\\])/, '$1dist$2');
}

/** Reads `body` on a worker thread, or on the event loop when it says it is small. */
export async function readSnapshot(
  body: Readable,
  nowMs: number,
  declaredBytes: number | undefined,
): Promise<SnapshotReading> {
  if (declaredBytes !== undefined && declaredBytes <= WORKER_MIN_BYTES) {
    const { head, aggregates } = await readSnapshotStream(body, nowMs);
    return { head, batches: rowBatches(aggregates), close: async () => undefined };
  }
  return readSnapshotInWorker(body, nowMs);
}

export async function readSnapshotInWorker(body: Readable, nowMs: number): Promise<SnapshotReading> {
  const file = workerFile();
  if (!existsSync(file)) throw new Error(`The snapshot reader ${file} is not built (npm run build).`);
  const worker = new Worker(file, { workerData: { nowMs } });
  const inbox = new Inbox();
  const chunks = body.iterator({ destroyOnReturn: false }) as AsyncIterator<Buffer>;
  const send = (message: ToWorker) => worker.postMessage(message);
  worker.on('message', (message: FromWorker) => {
    if (message.type !== 'pull') return inbox.put(message);
    chunks.next().then(
      (next) => send(next.done ? { type: 'end' } : { type: 'chunk', chunk: next.value }),
      // The client went away part way: the snapshot is not whole, so nothing may be imported.
      (error: unknown) => inbox.fail(error instanceof Error ? error : new Error(String(error))),
    );
  });
  worker.on('error', (error) => inbox.fail(error));
  worker.on('exit', () => inbox.fail(new Error('The snapshot reader stopped.')));
  const close = async () => {
    worker.removeAllListeners('exit');
    await worker.terminate();
    // Let go of the body (once a pull in flight is answered), so that a refusal part way can
    // drain the rest and its 400 reach the client.
    void chunks.return?.().then(() => body.resume());
  };
  try {
    const first = await inbox.take();
    if (first.type !== 'head') throw unexpected(first);
    return { head: first.head, batches: written(inbox, send, close), close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function* written(inbox: Inbox, send: (message: ToWorker) => void, close: () => Promise<void>) {
  try {
    for (;;) {
      const message = await inbox.take();
      if (message.type === 'done') return;
      if (message.type !== 'rows') throw unexpected(message);
      yield message.rows;
      send({ type: 'written' });
    }
  } finally {
    await close();
  }
}

/** The error a message other than the expected one stands for. */
function unexpected(message: FromWorker): Error {
  if (message.type === 'refused') return new PartnerCenterError(message.statusCode, message.body);
  if (message.type === 'failed') return new Error(message.message);
  return new Error(`The snapshot reader sent ${message.type} out of turn.`);
}

/** The worker's messages in order, and the first failure once they run out. */
class Inbox {
  readonly #messages: FromWorker[] = [];
  #waiting: { resolve: (message: FromWorker) => void; reject: (error: Error) => void } | undefined;
  #failure: Error | undefined;

  put(message: FromWorker): void {
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (waiting) waiting.resolve(message);
    else this.#messages.push(message);
  }

  fail(error: Error): void {
    this.#failure ??= error;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.reject(this.#failure);
  }

  take(): Promise<FromWorker> {
    const message = this.#messages.shift();
    if (message) return Promise.resolve(message);
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => (this.#waiting = { resolve, reject }));
  }
}

/** The worker's side: reads what the main thread hands it from `port`, answers on `port`. */
export async function serveSnapshotReader(port: MessagePort, nowMs: number): Promise<void> {
  const post = (message: FromWorker) => port.postMessage(message);
  let ahead = 0;
  let resume: (() => void) | undefined;
  // A megabyte ahead: a pull is a round trip between the threads, and a chunk is 64 KB.
  const input = new Readable({ highWaterMark: 1024 * 1024, read: () => post({ type: 'pull' }) });
  port.on('message', (message: ToWorker) => {
    if (message.type === 'chunk') input.push(message.chunk);
    else if (message.type === 'end') input.push(null);
    else {
      ahead -= 1;
      resume?.();
      resume = undefined;
    }
  });
  try {
    const { head, aggregates } = await readSnapshotStream(input, nowMs);
    post({ type: 'head', head });
    for await (const rows of rowBatches(aggregates)) {
      post({ type: 'rows', rows });
      ahead += 1;
      if (ahead >= BATCHES_AHEAD) await new Promise<void>((r) => (resume = r));
    }
    post({ type: 'done' });
  } catch (error) {
    if (isPartnerCenterError(error)) post({ type: 'refused', statusCode: error.statusCode, body: error.body });
    else post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}
