/**
 * @module LineBatcher: log lines gathered into chunks before they reach the destination.
 * sonic-boom measures the byte length of its whole pending buffer on every write (up to
 * 16 KB scanned per line: ~4 µs a line, more than pino spends building it); handed ~8 KB
 * chunks instead, it does that once per chunk (docs/benchmarks.md, "Logging").
 */

/** Where chunks go: pino's sonic-boom destination, or anything with a `write`. */
export interface ChunkDestination {
  write(chunk: string): unknown;
}

export interface LineBatcherOptions {
  /** Characters gathered before a chunk is passed on. */
  chunkLength: number;
  /** The longest a line waits when fewer arrive. */
  maxDelayInMs: number;
}

export class LineBatcher {
  readonly #destination: ChunkDestination;
  readonly #chunkLength: number;
  readonly #maxDelayInMs: number;
  #pending = '';
  #timer: NodeJS.Timeout | undefined;

  constructor(destination: ChunkDestination, options: LineBatcherOptions) {
    this.#destination = destination;
    this.#chunkLength = options.chunkLength;
    this.#maxDelayInMs = options.maxDelayInMs;
  }

  write(line: string): boolean {
    this.#pending += line;
    if (this.#pending.length >= this.#chunkLength) this.pass();
    else if (!this.#timer) {
      this.#timer = setTimeout(() => this.pass(), this.#maxDelayInMs);
      this.#timer.unref();
    }
    return true;
  }

  /** Hands everything gathered to the destination now. */
  pass(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending === '') return;
    const chunk = this.#pending;
    this.#pending = '';
    this.#destination.write(chunk);
  }
}
