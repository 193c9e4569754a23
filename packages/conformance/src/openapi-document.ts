/**
 * @module Reading the sandbox's OpenAPI document as tools do: its local `$ref`s
 * (`#/components/...`) resolved, so that code that walks schemas (the bad-input sweep, the
 * fuzzer, the contract check) sees each one whole.
 */

function pointer(document: unknown, ref: string): unknown {
  let node = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    if (node === undefined) throw new Error(`The OpenAPI document has no ${ref}`);
  }
  return node;
}

/**
 * A copy of `document` with every local `$ref` replaced by what it points at (siblings of a
 * `$ref`, such as a description, are kept). Throws on a reference to nothing, or a cycle.
 */
export function dereference<T>(document: T): T {
  const resolve = (node: unknown, seen: readonly string[]): unknown => {
    if (Array.isArray(node)) return node.map((item) => resolve(item, seen));
    if (!node || typeof node !== 'object') return node;
    const { $ref, ...rest } = node as Record<string, unknown>;
    if (typeof $ref === 'string' && $ref.startsWith('#/')) {
      if (seen.includes($ref)) throw new Error(`The OpenAPI document refers to itself: ${[...seen, $ref].join(' → ')}`);
      const target = resolve(pointer(document, $ref), [...seen, $ref]);
      return Object.keys(rest).length === 0 ? target : { ...(target as object), ...(resolve(rest, seen) as object) };
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, resolve(value, seen)]));
  };
  return resolve(document, []) as T;
}
