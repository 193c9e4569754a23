/**
 * @module createServeLogger: where `partnerbox serve` writes its log, and in what form. Lines go
 * through an asynchronous sonic-boom destination (pino's), so a request never waits for a write:
 * lines queue while one write is in flight and leave together. pino flushes that queue
 * synchronously when the process exits; {@link ServeLogger.flush} does it on demand.
 */
import { isatty } from 'node:tty';
import { pino, type DestinationStream, type Logger } from 'pino';
import { formatLogLine } from './format-log-line.js';

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

export function createServeLogger(options: ServeLoggerOptions = {}): ServeLogger {
  const fd = options.fd ?? 1;
  const format = !options.format || options.format === 'auto' ? (isatty(fd) ? 'pretty' : 'json') : options.format;
  // Lines are written in batches of ~8 KB, and at least every 100 ms when fewer arrive: one
  // write per line cost a thread-pool round trip each (docs/benchmarks.md, "Logging").
  const destination = pino.destination({ dest: fd, sync: false, minLength: 8192, periodicFlush: 100 });
  const stream: DestinationStream =
    format === 'pretty' ? { write: (line: string) => destination.write(formatLogLine(line)) } : destination;
  // No pid and hostname on every line: MS-ServerId names the instance, and lines stay short.
  const logger = pino({ level: options.level ?? 'info', base: null }, stream);
  return {
    logger,
    format,
    flush: () => {
      // flushSync throws while an asynchronous write is still in flight; the exit handler
      // pino registered writes whatever remains.
      try {
        destination.flushSync();
      } catch {
        // see above
      }
    },
  };
}
