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

/**
 * The loggers made here, each with where its lines go: the completion line of every request is
 * written there as text (RequestLogger.completed), in the format these loggers write (pino's
 * defaults: level, epoch-ms time, the fields, msg). A logger made elsewhere, whose options this
 * module does not know, writes it through pino.
 */
const lineSinks = new WeakMap<object, { logger: Logger; write: (line: string) => unknown }>();

/** Writes `fields` as an info line of `logger` when it is one made here and info is on; else false. */
export function writeInfoLine(logger: object, fields: object, message: string): boolean {
  const sink = lineSinks.get(logger);
  if (!sink || !sink.logger.isLevelEnabled('info')) return false;
  sink.write(infoLineText(fields, message, Date.now()));
  return true;
}

/**
 * pino's line for `logger.info(fields, message)` with `base: null`, the default timestamp and no
 * formatters, made by one JSON.stringify instead of pino's own serialising (~3 µs a request
 * less, a third of what the completion line cost a GET; docs/benchmarks.md). Fields are plain
 * values (strings, numbers), as the completion line's are.
 */
export function infoLineText(fields: object, message: string, timeMs: number): string {
  const body = JSON.stringify(fields);
  const middle = body.length > 2 ? `${body.slice(1, -1)},` : '';
  return `{"level":30,"time":${timeMs},${middle}"msg":${JSON.stringify(message)}}\n`;
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
  lineSinks.set(logger, { logger, write: (line) => stream.write(line) });
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
