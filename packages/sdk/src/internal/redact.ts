/** @module Header snapshots that never keep credentials. */

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);
export const REDACTED = 'REDACTED';

/** Copies headers into a plain object, replacing the bearer token and cookies with `REDACTED`. */
export function redactHeaders(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  headers.forEach((value, name) => {
    result[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value;
  });
  return result;
}

export function headersToRecord(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  headers.forEach((value, name) => {
    result[name] = value;
  });
  return result;
}
