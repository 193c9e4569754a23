/**
 * @module LineBatcher: log lines gathered into chunks before they reach the destination.
 * sonic-boom measures the byte length of its whole pending buffer on every write (up to
 * 16 KB scanned per line: ~4 µs a line, more than pino spends building it); handed ~8 KB
 * chunks instead, it does that once per chunk (docs/benchmarks.md, "Logging").
 * Lines are kept as a list and joined once per chunk: appended to one string, a chunk was a
 * tree of thousands of pieces (pino builds each line by concatenation) that V8 flattened on
 * sonic-boom's first look at it, ~3 µs a line under load, a third of what logging cost a GET.
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
  #lines: string[] = [];
  #pendingLength = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(destination: ChunkDestination, options: LineBatcherOptions) {
    this.#destination = destination;
    this.#chunkLength = options.chunkLength;
    this.#maxDelayInMs = options.maxDelayInMs;
  }

  write(line: string): boolean {
    this.#lines.push(line);
    this.#pendingLength += line.length;
    if (this.#pendingLength >= this.#chunkLength) this.pass();
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
    if (this.#lines.length === 0) return;
    const chunk = this.#lines.join('');
    this.#lines = [];
    this.#pendingLength = 0;
    this.#destination.write(chunk);
  }
}
