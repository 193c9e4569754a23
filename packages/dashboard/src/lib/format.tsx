/** @module Display helpers shared by the pages. */

export function formatDate(value: string | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? value
    : date
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC');
}

/** Partner Center sends statuses in varying case; compare them case-insensitively. */
export function statusIs(value: string | undefined, wanted: string): boolean {
  return (value ?? '').toLowerCase() === wanted.toLowerCase();
}

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge status-${status.toLowerCase()}`}>{status}</span>;
}
