/** @module Plain text tables for list commands. */

/**
 * Left-aligned columns separated by two spaces, a header row first. Cells are single-line.
 *
 * @example
 * ```ts
 * formatTable(['ID', 'STATUS'], [['a1', 'active']]);
 * ```
 */
export function formatTable(header: string[], rows: string[][]): string {
  const clean = (cell: string) => cell.replace(/\s+/g, ' ');
  const all = [header, ...rows.map((row) => row.map(clean))];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  return all
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
