/**
 * @module Durations on the command line, shown and parsed one way: `90s`, `10m`, `1h30m`,
 * `500ms`. A bare number is refused: `--poll-interval 2000` once meant 2000 seconds to some
 * and 2 seconds to others.
 */

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/**
 * Milliseconds of a duration such as `90s`, `10m`, `1h30m` or `250ms` (what
 * {@link formatDuration} prints). Returns undefined when the text is not one, a bare number
 * included.
 *
 * @example
 * ```ts
 * parseDuration('1m30s'); // 90_000
 * ```
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(match[1]) * (UNITS[match[2] ?? 's'] ?? 0);
  }
  return Math.round(total);
}

/**
 * Formats milliseconds for people: `850ms`, `12s`, `4m05s`.
 *
 * @example
 * ```ts
 * formatDuration(245_000); // "4m05s"
 * ```
 */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  const seconds = Math.round(ms / 1_000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
}
