/** @module Plain text tables: list commands, `-o table` and `-o tsv`. */

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

/** A header and its rows, as `-o table` prints them and `-o tsv` without the header. */
export interface Table {
  header: string[];
  rows: string[][];
}

/**
 * The table of any JSON value, as `az -o table` draws one: a list of objects gives a row per
 * object and a column per field holding a scalar (or a list of scalars, joined); an object
 * gives one row; a scalar or a list of scalars gives one `Result` column. Nested objects are
 * left out: `--query` picks what to show.
 *
 * @example
 * ```ts
 * tableOf([{ id: 'a1', status: 'active', links: {} }]); // { header: ['id', 'status'], rows: [['a1', 'active']] }
 * ```
 */
export function tableOf(value: unknown): Table {
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) return { header: [], rows: [] };
  if (items.every(Array.isArray)) {
    // `--query '[].[id, name]'`: a row per list, as az names its columns.
    const width = Math.max(...items.map((item: unknown[]) => item.length));
    return {
      header: Array.from({ length: width }, (_, i) => `Column${i + 1}`),
      rows: items.map((item: unknown[]) => Array.from({ length: width }, (_, i) => cellOf(item[i]) ?? '')),
    };
  }
  if (!items.every(isRecord)) return { header: ['Result'], rows: items.map((item) => [cellOf(item) ?? '']) };
  const header: string[] = [];
  for (const item of items) {
    for (const [key, field] of Object.entries(item)) {
      if (!header.includes(key) && cellOf(field) !== undefined) header.push(key);
    }
  }
  return { header, rows: items.map((item) => header.map((key) => cellOf(item[key]) ?? '')) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A scalar's text; a list of scalars joined by commas; undefined for what a cell cannot hold. */
function cellOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object')) {
    return value.map((item) => String(item ?? '')).join(',');
  }
  return undefined;
}
