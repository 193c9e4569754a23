/**
 * @module Request targets in absolute form (`DELETE https://api.partnercenter.microsoft.com/v1/…
 * HTTP/1.1`), the way every request example of Microsoft's docs is written: RFC 9112 (3.2.2)
 * has servers accept it, and routing reads the path and query it names. Origin-form targets
 * (`/v1/…`) pass through untouched.
 */

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

/**
 * @example
 * ```ts
 * originForm('https://api.partnercenter.microsoft.com/v1/customers?size=40'); // '/v1/customers?size=40'
 * originForm('/v1/customers'); // '/v1/customers'
 * ```
 */
export function originForm(target: string): string {
  if (target.startsWith('/')) return target;
  const authority = ABSOLUTE.exec(target);
  if (!authority) return target;
  const rest = target.slice(authority[0].length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}
