/**
 * @module Which redirect URIs a sign-in may return to. No app registers redirect URIs in the
 * sandbox, so every app gets what Entra ID allows a public client on loopback (any port, as
 * RFC 8252 section 7.3 asks of native apps) plus any URI on the sandbox's own public origin.
 */

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The URI parsed when it is allowed; undefined otherwise. */
export function allowedRedirectUri(uri: string, publicOrigin: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  // RFC 6749 section 3.1.2: a redirection endpoint must not include a fragment.
  if (uri.includes('#') || url.username || url.password) return undefined;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.origin === new URL(publicOrigin).origin) return url;
  return LOOPBACK_HOSTS.has(url.hostname) ? url : undefined;
}
