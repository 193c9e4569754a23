import fc from 'fast-check';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RequestLogger } from './request-logger.js';
import { createServeLogger, infoLineText } from './serve-logger.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function pinoInfoLine(fields: object, message: string, timeMs: number): string {
  let text = '';
  const logger = pino({ base: null, timestamp: () => `,"time":${timeMs}` }, { write: (line: string) => (text = line) });
  logger.info(fields, message);
  return text;
}

describe('infoLineText', () => {
  it("is pino's info line, byte for byte, for the completion line's fields", () => {
    const fields = {
      requestId: 'b5d7f8a0-1234-4c3e-9a6b-0123456789ab',
      method: 'GET',
      url: '/v1/customers/7645c444-f159-4f6b-a830-579fc06ca9a3?size=100&filter=%7B%22a%22%7D',
      statusCode: 200,
      responseTimeMs: 0.42,
      correlationId: 'd0cb8b99-196b-4d6c-86b8-27f6d8be16dc',
    };
    expect(infoLineText(fields, 'request completed', 1796166832324)).toBe(
      pinoInfoLine(fields, 'request completed', 1796166832324),
    );
    expect(infoLineText({}, 'm', 5)).toBe(pinoInfoLine({}, 'm', 5));
  });

  it('is the same line for any strings and numbers a request can bring (quotes, controls, unicode)', () => {
    // Well-formed strings: a lone surrogate is one case where JSON.stringify (escaped) and pino
    // (the raw code unit) differ, and a URL or header reaches the log as latin1 text, never one.
    const text = fc.string({ unit: 'binary', maxLength: 80 }).filter((s) => !LONE_SURROGATE.test(s));
    fc.assert(
      fc.property(
        fc.record({
          requestId: text,
          method: text,
          url: text,
          statusCode: fc.integer(),
          responseTimeMs: fc.double({ noNaN: true, noDefaultInfinity: true }),
        }),
        fc.option(text, { nil: undefined }),
        text,
        fc.nat(),
        (fields, correlationId, message, timeMs) => {
          const line = correlationId === undefined ? fields : { ...fields, correlationId };
          expect(infoLineText(line, message, timeMs)).toBe(pinoInfoLine(line, message, timeMs));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the completion line of a logger made by createServeLogger', () => {
  function fileLogger(level: string) {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'pbx-serve-logger-')), 'out.log');
    const fd = openSync(file, 'w');
    const serve = createServeLogger({ fd, format: 'json', level });
    // The chunk flush() hands on may be in an asynchronous write already (sonic-boom writes
    // only what is queued behind it synchronously): wait for the lines, then close.
    const read = async (lines: number) => {
      serve.flush();
      const deadline = Date.now() + 5_000;
      let text = readFileSync(file, 'utf8');
      while (text.split('\n').filter(Boolean).length < lines && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        text = readFileSync(file, 'utf8');
      }
      closeSync(fd);
      return text;
    };
    return { serve, read };
  }
  const line = { requestId: 'r1', method: 'GET', url: '/v1/customers/x', statusCode: 200, responseTimeMs: 0.5 };

  it('is written as text, the line pino writes, in order with the lines pino writes', async () => {
    const { serve, read } = fileLogger('info');
    const before = Date.now();
    serve.logger.info({ n: 1 }, 'first');
    new RequestLogger(serve.logger, { requestId: 'r1' }).completed({ ...line }, 'request completed');
    serve.logger.info({ n: 2 }, 'last');
    const lines = (await read(3))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l['msg'])).toEqual(['first', 'request completed', 'last']);
    const { time, ...rest } = lines[1] as { time: number };
    expect(time).toBeGreaterThanOrEqual(before);
    expect(rest).toEqual({ level: 30, ...line, msg: 'request completed' });
    expect(Object.keys(lines[1] ?? {})).toEqual(['level', 'time', ...Object.keys(line), 'msg']);
  });

  it('is not written when the level is above info, nor after the level is raised', async () => {
    const { serve, read } = fileLogger('warn');
    new RequestLogger(serve.logger, { requestId: 'r1' }).completed({ ...line }, 'request completed');
    serve.logger.level = 'info';
    new RequestLogger(serve.logger, { requestId: 'r2' }).completed({ ...line, requestId: 'r2' }, 'request completed');
    serve.logger.level = 'error';
    new RequestLogger(serve.logger, { requestId: 'r3' }).completed({ ...line, requestId: 'r3' }, 'request completed');
    const lines = (await read(1))
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { requestId: string });
    expect(lines.map((l) => l.requestId)).toEqual(['r2']);
  });
});
