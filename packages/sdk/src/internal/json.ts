/** @module Lenient JSON body parsing. */

/**
 * Parses a response body. Some Partner Center front ends (and proxies in front of them) prefix
 * JSON with a UTF-8 byte order mark, which `JSON.parse` rejects; an empty body is `undefined`.
 */
export function parseJsonBody(text: string): unknown {
  const stripped = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (stripped.trim() === '') return undefined;
  return JSON.parse(stripped) as unknown;
}

/** Like {@link parseJsonBody}, but returns the raw text when the body is not JSON. */
export function parseJsonOrText(text: string): unknown {
  try {
    return parseJsonBody(text);
  } catch {
    return text;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a property case-insensitively: several published Partner Center payloads are
 * PascalCase (`Code`, `Description`) where the live service sends camelCase.
 */
export function getPropertyIgnoreCase(record: Record<string, unknown>, name: string): unknown {
  if (name in record) return record[name];
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(record)) {
    if (key.toLowerCase() === lower) return value;
  }
  return undefined;
}
