/**
 * @module formatLogLine: a pino JSON line as a person reads it on a terminal, e.g.
 * `13:04:28.123 INFO  GET /v1/customers/1f… 200 0.42 ms  requestId=… correlationId=…`.
 */
/** The message of the one line each request gets (RequestLogController). */
export const REQUEST_COMPLETED_MESSAGE = 'request completed';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const SHOWN_ELSEWHERE = new Set(['level', 'time', 'msg', 'method', 'url', 'statusCode', 'responseTimeMs', 'err']);

function clock(time: unknown): string {
  const date = new Date(typeof time === 'number' ? time : Date.now());
  return date.toISOString().slice(11, 23);
}

function scalar(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function formatLogLine(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const level = (LEVELS[Number(record['level'])] ?? String(record['level'])).padEnd(5);
  const message =
    record['msg'] === REQUEST_COMPLETED_MESSAGE
      ? `${scalar(record['method'])} ${scalar(record['url'])} ${scalar(record['statusCode'])} ${scalar(record['responseTimeMs'])} ms`
      : scalar(record['msg'] ?? '');
  const rest = Object.entries(record)
    .filter(([key]) => !SHOWN_ELSEWHERE.has(key))
    .map(([key, value]) => `${key}=${scalar(value)}`);
  const err = record['err'] as { stack?: unknown; message?: unknown } | undefined;
  const errText = err ? `\n  ${scalar(err.stack ?? err.message).replaceAll('\n', '\n  ')}` : '';
  return `${clock(record['time'])} ${level} ${message}${rest.length > 0 ? `  ${rest.join(' ')}` : ''}${errText}\n`;
}
