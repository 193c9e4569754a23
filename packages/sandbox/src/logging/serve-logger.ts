/**
 * @module createServeLogger: where `partnerbox serve` writes its log, and in what form. Lines are
 * gathered into ~64 KB chunks (LineBatcher) for an asynchronous sonic-boom destination (pino's),
 * so a request never waits for a write: chunks queue while one write is in flight and leave
 * together. Everything pending is written synchronously when the process exits;
 * {@link ServeLogger.flush} does it on demand.
 */
import { isatty } from 'node:tty';
import { pino, type DestinationStream, type Logger } from 'pino';
import { formatLogLine } from './format-log-line.js';
import { LineBatcher } from './line-batcher.js';

export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
/** `auto`: `pretty` when the destination is a terminal, JSON lines otherwise. */
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface ServeLoggerOptions {
  level?: string;
  format?: LogFormat;
  /** File descriptor to write to; default 1 (stdout). */
  fd?: number;
}

export interface ServeLogger {
  logger: Logger;
  /** The format chosen (`auto` resolved). */
  format: 'json' | 'pretty';
  /** Writes out every queued line before returning. */
  flush(): void;
}

// pino registers its exit flush only for a destination it was handed itself: one listener for
// every logger made, rather than one each (Node warns past ten).
const exitFlushes = new Set<() => void>();
function flushOnExit(flush: () => void): void {
  if (exitFlushes.size === 0) process.once('exit', () => exitFlushes.forEach((f) => f()));
  exitFlushes.add(flush);
}

export function createServeLogger(options: ServeLoggerOptions = {}): ServeLogger {
  const fd = options.fd ?? 1;
  const format = !options.format || options.format === 'auto' ? (isatty(fd) ? 'pretty' : 'json') : options.format;
  // Lines leave in chunks of ~64 KB, and at least every 100 ms when fewer arrive: one write per
  // line cost a thread-pool round trip each, and one sonic-boom write per line a scan of its
  // buffer; 8 KB chunks still cost 2.6-3.4 µs a line, 64 KB ones 1.2-1.5 (docs/benchmarks.md,
  // "Logging").
  const destination = pino.destination({ dest: fd, sync: false });
  // A reader that went away (EPIPE) or a full disk must not take the server down: the log
  // stops, requests go on (see server.ts for the banner's half).
  let broken = false;
  destination.on('error', () => (broken = true));
  const batcher = new LineBatcher(
    { write: (chunk: string) => (broken ? false : destination.write(chunk)) },
    { chunkLength: 65_536, maxDelayInMs: 100 },
  );
  const stream: DestinationStream =
    format === 'pretty' ? { write: (line: string) => batcher.write(formatLogLine(line)) } : batcher;
  // No pid and hostname on every line: MS-ServerId names the instance, and lines stay short.
  const logger = pino({ level: options.level ?? 'info', base: null }, stream);
  const flush = () => {
    batcher.pass();
    if (broken) return;
    try {
      destination.flushSync();
    } catch {
      // Not open yet, or closed: nothing of ours is left to write.
    }
  };
  flushOnExit(flush);
  return { logger, format, flush };
}
