import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { RequestLogger } from './request-logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const texts: string[] = [];
  const logger = pino(
    { base: null, timestamp: () => ',"time":1' },
    {
      write: (line: string) => {
        texts.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  );
  return { logger, lines, texts };
}

describe('RequestLogger', () => {
  const fields = { method: 'GET', url: '/v1/customers/1', statusCode: 200, responseTimeMs: 0.4 };

  it('writes the completion line a child would have written, byte for byte, without making one', () => {
    const viaChild = capture();
    viaChild.logger.child({ requestId: 'r1' }).info(fields, 'request completed');
    const lazy = capture();
    let children = 0;
    const child = lazy.logger.child.bind(lazy.logger);
    lazy.logger.child = ((...args: Parameters<typeof child>) => (children++, child(...args))) as typeof child;
    new RequestLogger(lazy.logger, { requestId: 'r1' }).completed({ requestId: 'r1', ...fields }, 'request completed');
    expect(lazy.texts).toEqual(viaChild.texts);
    expect(children).toBe(0);
  });

  it('writes the error line the same way, with the error serialised', () => {
    const viaChild = capture();
    const error = new Error('boom');
    viaChild.logger.child({ requestId: 'r2' }).error({ ...fields, err: error }, 'request errored');
    const lazy = capture();
    new RequestLogger(lazy.logger, { requestId: 'r2' }).completed(
      { requestId: 'r2', ...fields },
      'request errored',
      error,
    );
    expect(lazy.lines).toEqual(viaChild.lines);
    expect((lazy.lines[0]?.['err'] as { message?: string }).message).toBe('boom');
  });

  it('becomes a real child for everything else, bindings and level included', () => {
    const { logger, lines } = capture();
    const log = new RequestLogger(logger, { requestId: 'r3' });
    log.warn({ correlationId: 'c' }, 'store unavailable');
    log.debug('not at info');
    log.completed({ requestId: 'r3', ...fields }, 'request completed');
    expect(lines).toEqual([
      { level: 40, time: 1, requestId: 'r3', correlationId: 'c', msg: 'store unavailable' },
      { level: 30, time: 1, requestId: 'r3', ...fields, msg: 'request completed' },
    ]);
    log.level = 'debug';
    log.debug('now shown');
    expect(logger.level).toBe('info');
    expect(lines.at(-1)).toEqual({ level: 20, time: 1, requestId: 'r3', msg: 'now shown' });
    expect(log.child({ step: 1 }).level).toBe('debug');
  });

  it("answers its parent's level until it has a child of its own", () => {
    const { logger } = capture();
    logger.level = 'warn';
    expect(new RequestLogger(logger, { requestId: 'r4' }).level).toBe('warn');
  });
});
