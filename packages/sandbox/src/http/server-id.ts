/**
 * @module The instance's `MS-ServerId`: digits, as in every example of Microsoft's docs
 * (`202010223`, `000002`, `030020344`), so a client that parses it as a number keeps working.
 */

/** FNV-1a over the text: a stable number for a name, the same in every process. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * A given id made of digits is kept; any other name becomes nine digits derived from it, the
 * same for the same name, so each instance of a deployment keeps a distinct, stable id.
 *
 * @example
 * ```ts
 * numericServerId('202010223'); // '202010223'
 * numericServerId('conformance-0'); // nine digits, always the same
 * ```
 */
export function numericServerId(name: string): string {
  if (/^\d{1,18}$/.test(name)) return name;
  return String(fnv1a(name) % 1_000_000_000).padStart(9, '0');
}

/**
 * The default id of a process: three digits from the host name, then the process id (seven
 * digits, zero-padded), so the instances behind one proxy (one host, several processes) and on
 * several hosts are told apart, and the process is found from the header.
 */
export function defaultServerId(host: string, pid: number): string {
  return `${String(fnv1a(host) % 1000).padStart(3, '0')}${String(pid).padStart(7, '0')}`;
}
