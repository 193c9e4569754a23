/**
 * @module The half-open range of strings that start with a prefix, so that a `starts_with`
 * filter reads one index range instead of every customer of the partner (issue 11: 106× slower
 * at 100k customers with a full scan).
 *
 * Both stores compare these columns by code point: SQLite's BINARY collation compares UTF-8
 * bytes, whose order is code point order, and PostgreSQL is told `COLLATE "C"` (byte order of
 * its UTF-8 encoding), whatever the database's locale. The bounds are bound parameters, never
 * a LIKE pattern, so `%`, `_` and `\` are ordinary characters and nothing needs escaping.
 */

const MAX_CODE_POINT = 0x10ffff;
const SURROGATES_START = 0xd800;
const SURROGATES_END = 0xdfff;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The smallest code point above `cp` that a string can hold (surrogates are not characters). */
function nextCodePoint(cp: number): number | undefined {
  if (cp >= MAX_CODE_POINT) return undefined;
  const next = cp + 1;
  return next >= SURROGATES_START && next <= SURROGATES_END ? SURROGATES_END + 1 : next;
}

export interface PrefixRange {
  /** Inclusive: the prefix itself. */
  from: string;
  /** Exclusive; undefined when no string above the prefix's range exists (all code points maximal). */
  below: string | undefined;
}

/**
 * Every string starting with `prefix` lies in `[from, below)`, and nothing else does: `below` is
 * the prefix with its last code point raised by one (dropping trailing maximal code points first).
 * Lone surrogates become U+FFFD first, as both drivers write them (UTF-8 cannot hold them), so the
 * bounds compare against what the columns really contain.
 */
export function prefixRange(raw: string): PrefixRange {
  const prefix = raw.replace(LONE_SURROGATE, '\ufffd');
  const points = [...prefix].map((c) => c.codePointAt(0) ?? 0);
  while (points.length > 0) {
    const last = points.pop() ?? 0;
    const raised = nextCodePoint(last);
    if (raised !== undefined) return { from: prefix, below: String.fromCodePoint(...points, raised) };
  }
  return { from: prefix, below: undefined };
}
