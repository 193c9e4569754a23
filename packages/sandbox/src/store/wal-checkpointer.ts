/**
 * @module WalCheckpointer: the embedded store's WAL checkpoints, run on a worker thread with its
 * own connection, off the event loop that answers requests.
 *
 * SQLite checkpoints automatically in the connection whose commit takes the WAL past 1000 pages:
 * that commit then copies the WAL into the database file and syncs it before returning, and on
 * the event loop that is a stall. Measured: a second of list pages' journal (16 MB) took 80 ms
 * to insert and 130 ms more with the checkpoints it set off; under load every request queued
 * behind them (docs/benchmarks.md). A PASSIVE checkpoint from another connection neither takes
 * the write lock nor waits for readers, so the writer never waits for it.
 *
 * A passive checkpoint alone does not bound the WAL: it ends with an fsync, and while a slow
 * disk holds it the writer goes on appending, so the checkpoint never catches up with the end
 * of the WAL, which then never starts over and grows for as long as the writes go on
 * (measured: 66 MB in a second of 4 MB/s of writes on a busy disk). Past
 * {@link WRITER_TAKES_OVER_AFTER_PAGES} the writer's own automatic checkpoint comes back until
 * the WAL has started over: its checkpoint, in a commit, finds the worker's copying done and
 * the WAL starts over at its next write, a wait on the event loop again but only while writes
 * outrun the disk. (Not a RESTART checkpoint from the worker: it holds the write lock for all
 * the copying, and a bulk load's writer gave up after its 5 s wait, a 503.) The writer's own
 * automatic checkpoint is off while the worker runs and keeps up, and back to SQLite's default
 * if the worker ever stops.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

/** SQLite's default, restored on the writer whenever the worker is not running. */
const WRITER_AUTOCHECKPOINT_PAGES = 1000;
/** WAL pages past which the writer checkpoints again, until the WAL starts over: 16 MB of 4 KB pages. */
export const WRITER_TAKES_OVER_AFTER_PAGES = 4096;

/** How often the worker checkpoints what has been committed since. */
export const CHECKPOINT_INTERVAL_IN_MS = 100;

/**
 * Started a little after the store opens, not at once: the worker's start (a new V8 isolate and
 * the driver) would compete for the cores with the server's own start-up, and until it runs the
 * writer checkpoints as it always did.
 */
export const CHECKPOINTER_START_DELAY_IN_MS = 1000;

// CommonJS, evaluated in the worker: the driver is loaded from the path the main thread
// resolved, so it is the same package however the server was installed or bundled.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
let timer;
let behind = false;
const checkpoint = () => {
  try {
    // log: the frames in the WAL since it last started over.
    const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)');
    if (log > workerData.takeOverAfterPages !== behind) {
      behind = !behind;
      parentPort.postMessage(behind ? 'behind' : 'caught up');
    }
  } catch (error) {
    // SQLITE_BUSY: another checkpoint (a closing connection's) is running; the next tick retries.
    if (error && error.code !== 'SQLITE_BUSY') throw error;
  }
  timer = setTimeout(checkpoint, workerData.intervalInMs);
};
parentPort.on('message', (message) => {
  if (message !== 'close') return;
  clearTimeout(timer);
  // The last connection to close checkpoints everything and removes the WAL; the store closes
  // its own connections first, so that happens here.
  db.close();
  parentPort.close();
});
parentPort.postMessage('ready');
checkpoint();
`;

export interface WalCheckpointerOptions {
  intervalInMs?: number;
  startDelayInMs?: number;
  /** Default {@link WRITER_TAKES_OVER_AFTER_PAGES}. */
  takeOverAfterPages?: number;
}

export class WalCheckpointer {
  readonly #writer: BetterSqlite3.Database;
  readonly #file: string;
  readonly #intervalInMs: number;
  readonly #takeOverAfterPages: number;
  #worker: Worker | undefined;
  #startTimer: NodeJS.Timeout | undefined;
  #stopped = false;
  #running = false;

  constructor(writer: BetterSqlite3.Database, file: string, options: WalCheckpointerOptions = {}) {
    this.#writer = writer;
    this.#file = file;
    this.#intervalInMs = options.intervalInMs ?? CHECKPOINT_INTERVAL_IN_MS;
    this.#takeOverAfterPages = options.takeOverAfterPages ?? WRITER_TAKES_OVER_AFTER_PAGES;
    this.#startTimer = setTimeout(() => this.#start(), options.startDelayInMs ?? CHECKPOINTER_START_DELAY_IN_MS);
    this.#startTimer.unref();
  }

  /** Whether the worker is checkpointing (and the writer's own automatic checkpoint is off). */
  get running(): boolean {
    return this.#running;
  }

  #start(): void {
    this.#startTimer = undefined;
    if (this.#stopped) return;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        file: this.#file,
        intervalInMs: this.#intervalInMs,
        takeOverAfterPages: this.#takeOverAfterPages,
      },
    });
    this.#worker = worker;
    worker.unref();
    worker.on('message', (message) => {
      if (this.#stopped || !this.#writer.open) return;
      if (message === 'ready') this.#running = true;
      // Off while the worker keeps up; the writer's own again while it is behind.
      if (message === 'ready' || message === 'caught up') this.#writer.pragma('wal_autocheckpoint = 0');
      else if (message === 'behind') this.#writer.pragma(`wal_autocheckpoint = ${WRITER_AUTOCHECKPOINT_PAGES}`);
    });
    // A worker that fails (its connection cannot be opened, a disk error) leaves the writer to
    // checkpoint as SQLite does by default; nothing is lost, only the stall comes back.
    worker.on('error', () => undefined);
    worker.on('exit', () => {
      this.#worker = undefined;
      this.#running = false;
      if (this.#writer.open) this.#writer.pragma(`wal_autocheckpoint = ${WRITER_AUTOCHECKPOINT_PAGES}`);
    });
  }

  /**
   * Stops the worker; called once the store's own connections are closed, so the worker's is
   * the last and its close checkpoints the whole WAL into the database file.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#startTimer);
    const worker = this.#worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    // Held from now on: a process with nothing else left to do must still wait for the close.
    worker.ref();
    worker.postMessage('close');
    await exited;
  }
}
