/**
 * @module The origin clients reach the sandbox at, for metadata, token issuers and links:
 * `--public-url` when set; else, with `--trust-proxy`, the proxy's `X-Forwarded-Proto` and
 * `X-Forwarded-Host`; else the scheme this server listens with and the request's Host.
 */
import type { FastifyRequest } from 'fastify';

export interface PublicOriginSettings {
  /** `--public-url`, an origin without a trailing slash. */
  publicUrl: string | undefined;
  trustProxy: boolean;
  tls: boolean;
}

const first = (value: string | string[] | undefined): string | undefined =>
  (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim() || undefined;

// A Host header is a name or address with an optional port, nothing that could end a URL early.
const HOST = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/;

export function publicOrigin(request: FastifyRequest, settings: PublicOriginSettings): string {
  if (settings.publicUrl) return settings.publicUrl;
  let scheme = settings.tls ? 'https' : 'http';
  let host = request.headers.host;
  if (settings.trustProxy) {
    const proto = first(request.headers['x-forwarded-proto'])?.toLowerCase();
    if (proto === 'http' || proto === 'https') scheme = proto;
    host = first(request.headers['x-forwarded-host']) ?? host;
  }
  if (!host || !HOST.test(host)) host = 'localhost';
  return `${scheme}://${host.toLowerCase()}`;
}

/** `--public-url` checked and reduced to its origin (a path would break every link built from it). */
export function parsePublicUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`--public-url must be an absolute http(s) URL, not "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`--public-url must be an http(s) URL, not "${text}"`);
  if (url.pathname !== '/' || url.search || url.hash)
    throw new Error(`--public-url must be an origin (scheme, host and port) without a path: "${text}"`);
  return url.origin;
}
