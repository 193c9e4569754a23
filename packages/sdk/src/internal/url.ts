/** @module Building Partner Center URLs from paths, query parameters and `links` URIs. */

/** Query parameter values; `undefined` ones are left out. */
export type QueryParameters = Record<string, string | number | boolean | undefined>;

const VERSION_PREFIX = /^\/v1(?=[/?#]|$)/i;

export function trimTrailingSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * Resolves a path or a `links.*.uri` against the API root. Partner Center's link URIs are
 * relative to the API root and come both with and without the `/v1` segment
 * (`/customers?size=40&seekOperation=Next` and `/v1/customers?size=40`), so both are accepted.
 * Absolute URIs are only followed on the client's own origin: following one elsewhere would
 * hand the bearer token to another host.
 */
export function resolveApiUrl(baseUrl: string, pathOrUri: string): string {
  const root = trimTrailingSlashes(baseUrl);
  if (/^https?:\/\//i.test(pathOrUri)) {
    const target = new URL(pathOrUri);
    if (target.origin !== new URL(root).origin) {
      throw new Error(`Refusing to follow a link to another origin: ${target.origin}`);
    }
    return pathOrUri;
  }
  const path = pathOrUri.startsWith('/') ? pathOrUri : `/${pathOrUri}`;
  return VERSION_PREFIX.test(path) ? `${root}${path}` : `${root}/v1${path}`;
}

/** Appends query parameters, encoding with `%20` (not `+`) as Partner Center's samples do. */
export function appendQuery(url: string, query: QueryParameters | undefined): string {
  if (!query) return url;
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  }
  if (pairs.length === 0) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${pairs.join('&')}`;
}

/**
 * The path and query of a request URL, as error messages show it (the origin is the
 * client's own); a string that is not a URL comes back unchanged.
 *
 * @example
 * ```ts
 * pathOf('https://api.partnercenter.microsoft.com/v1/customers?size=2'); // '/v1/customers?size=2'
 * ```
 */
export function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
}

/** Builds a path from literal segments and ids; ids are URL-encoded. */
export function path(strings: TemplateStringsArray, ...ids: string[]): string {
  let result = strings[0] ?? '';
  ids.forEach((id, index) => {
    result += encodeURIComponent(id) + (strings[index + 1] ?? '');
  });
  return result;
}
