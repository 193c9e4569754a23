/**
 * @module RequestLogger: the logger Fastify gives each request (`request.log`), made into a
 * pino child only if something logs through it. Fastify makes one per request; most requests
 * log nothing but their completion line, which {@link RequestLogger.completed} writes through
 * the parent from a line that holds the request's bindings first: the very line the child would
 * have written.
 * Making the child (an object, its bindings serialised) was a third of what a GET's one log
 * line cost (docs/benchmarks.md, "Logging").
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, LevelWithSilentOrString } from 'pino';
import { writeInfoLine } from './serve-logger.js';

export class RequestLogger implements FastifyBaseLogger {
  readonly #parent: FastifyBaseLogger;
  readonly #bindings: Bindings;
  #child: FastifyBaseLogger | undefined;

  constructor(parent: FastifyBaseLogger, bindings: Bindings) {
    this.#parent = parent;
    this.#bindings = bindings;
  }

  #real(): FastifyBaseLogger {
    return (this.#child ??= this.#parent.child(this.#bindings));
  }

  get level(): LevelWithSilentOrString {
    return this.#child ? this.#child.level : this.#parent.level;
  }

  set level(level: LevelWithSilentOrString) {
    this.#real().level = level;
  }

  /**
   * The completion line (or, with an error, its error line) through the parent, whatever else
   * was logged: `line` holds the request's bindings first (RequestLogController builds it as one
   * object literal), so it is the line the child would write, without making one.
   */
  completed(line: object, message: string, error?: unknown): void {
    if (error) this.#parent.error(Object.assign(line, { err: error }), message);
    else if (!writeInfoLine(this.#parent, line, message)) this.#parent.info(line, message);
  }

  // Methods on the prototype, not closures per request (which would cost what the child does).
  fatal(...args: unknown[]): void {
    (this.#real().fatal as (...args: unknown[]) => void)(...args);
  }

  error(...args: unknown[]): void {
    (this.#real().error as (...args: unknown[]) => void)(...args);
  }

  warn(...args: unknown[]): void {
    (this.#real().warn as (...args: unknown[]) => void)(...args);
  }

  info(...args: unknown[]): void {
    (this.#real().info as (...args: unknown[]) => void)(...args);
  }

  debug(...args: unknown[]): void {
    (this.#real().debug as (...args: unknown[]) => void)(...args);
  }

  trace(...args: unknown[]): void {
    (this.#real().trace as (...args: unknown[]) => void)(...args);
  }

  silent(...args: unknown[]): void {
    (this.#real().silent as (...args: unknown[]) => void)(...args);
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#real().child(bindings, options);
  }
}
