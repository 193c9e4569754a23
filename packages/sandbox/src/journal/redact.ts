/**
 * @module What the request journal keeps of a body: JSON with every secret-bearing field
 * replaced, and a bounded length. Client secrets, passwords, tokens (access, refresh, id),
 * assertions, authorization and device codes and PKCE verifiers never reach the store.
 */

/** Field names whose values are secrets: snake_case (`refresh_token`) and camelCase (`accessToken`). */
const SECRET_FIELD = /secret|password|assertion|code_?verifier|^code$|^device_?code$|^authorization$|^token$|_token$/i;
const SECRET_CAMEL_FIELD = /[a-z]Token$/;

const isSecretField = (key: string) => SECRET_FIELD.test(key) || SECRET_CAMEL_FIELD.test(key);

export const REDACTED = '[redacted]';

/** The longest body text the journal keeps; longer bodies are cut and marked. */
export const MAX_JOURNAL_BODY_CHARS = 16_384;

/** Nesting the journal follows; deeper values (bad input, mostly) are replaced whole. */
export const MAX_JOURNAL_DEPTH = 32;
export const TOO_DEEP = '[too deeply nested]';

/** A JSON value with each secret field's value replaced by `[redacted]`. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_JOURNAL_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value))
    copy[key] = isSecretField(key) && field !== undefined && field !== null ? REDACTED : redactValue(field, depth + 1);
  return copy;
}

/**
 * A body as the journal stores it: parsed JSON or a form redacted and serialised again, other
 * text kept as it came; cut at MAX_JOURNAL_BODY_CHARS. Undefined for an empty body.
 */
export function journalBody(body: unknown): string | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  if (typeof body === 'string') {
    // Only what survives the cut is stored, so only its field names matter: most answers
    // (a list page's 50 KB among them) name no secret field there and are kept as they are,
    // where parsing, copying and serialising them again cost more than the request itself.
    const kept = cut(body);
    if (!MAY_NAME_A_SECRET.test(kept) || !namesASecretField(kept)) return kept;
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return kept;
    }
    return cut(typeof value === 'string' ? value : JSON.stringify(redactValue(value)));
  }
  return cut(JSON.stringify(redactValue(body)));
}

/**
 * JSON text in which a secret field could hide (a superset of what isSecretField matches, escaped
 * names included). A field named exactly `code` or `device_code` is looked for with its quotes:
 * every customer's `postalCode` made each GET parse, redact and serialise its answer again
 * (measured at ~10% of a GET's CPU with the journal on).
 */
const MAY_NAME_A_SECRET = /secret|password|assertion|verifier|"(device_?)?code"|authorization|token|\\u/i;

/** Every `"name":` of JSON text; a match inside a string value only errs towards redacting. */
const FIELD_NAME = /"((?:[^"\\]|\\.)*)"\s*:/g;

/** A name with an escape in it (`pass\u0077ord`) is read as a secret: only parsing would say. */
function namesASecretField(text: string): boolean {
  for (const match of text.matchAll(FIELD_NAME)) {
    const name = match[1] ?? '';
    if (name.includes('\\') || isSecretField(name)) return true;
  }
  return false;
}

const CUT_MARK = '…[cut]';
const CUT_MARK_BYTES = Buffer.from(CUT_MARK);

function cut(text: string): string {
  return text.length > MAX_JOURNAL_BODY_CHARS ? `${text.slice(0, MAX_JOURNAL_BODY_CHARS)}${CUT_MARK}` : text;
}

/**
 * {@link journalBody} of a text as UTF-8 bytes. The kept part and the mark are encoded apart:
 * joined, they would make a string of two bytes a character (the mark is not Latin-1), whose
 * encoding took 4-5 times as long (~60 µs for a list page's 16 KB).
 */
export function journalBodyBytes(body: string): Buffer {
  const kept = body.length > MAX_JOURNAL_BODY_CHARS ? body.slice(0, MAX_JOURNAL_BODY_CHARS) : body;
  if (MAY_NAME_A_SECRET.test(kept) && namesASecretField(kept)) return Buffer.from(journalBody(body) ?? '');
  return kept === body ? Buffer.from(kept) : Buffer.concat([Buffer.from(kept), CUT_MARK_BYTES]);
}
