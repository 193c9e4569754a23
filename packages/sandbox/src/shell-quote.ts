/** @module Values the banner prints for pasting into a POSIX shell (sh, bash, zsh). */

/**
 * `value` as one shell word: as is when it holds only characters no shell treats specially,
 * else in single quotes (inside which nothing is special), each `'` written as `'\''`.
 * Generated passwords hold `!#$%&*`: printed bare, a paste would expand or cut them.
 *
 * @example
 * ```ts
 * shellQuote('Fx7!k$2#'); // "'Fx7!k$2#'"
 * ```
 */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
