/**
 * @module The dashboard's static files (built by `packages/dashboard` into `dist/dashboard/`),
 * served at `/` and `/assets/...`. Read once at startup: the whole build is a few tens of
 * kilobytes, and a sandbox serves it to one person at a time. Its brotli and gzip forms are
 * made by the build (`<file>.br`, `<file>.gz`, scripts/precompress-dashboard.mjs), or else on a
 * file's first request: compressing at startup was a third of `serve`'s start-up time
 * (docs/benchmarks.md, "Start-up"). The dashboard routes
 * in the URL fragment (`/#/customers/...`), so no other path falls back to it: `/v1`,
 * `/_sandbox`, the OAuth paths and every API 404 stay exactly as they were.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

/**
 * `../../dist/dashboard/` is the same folder from `src/http/` (tests run the sources) and from
 * `dist/http/` (the built and packed sandbox).
 */
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../dist/dashboard/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

// The page talks only to its own origin; the authorization code arrives in its URL, so it
// sends no Referer anywhere.
const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

export type Coding = 'br' | 'gzip';

/** The file name suffix of each coding's precompressed form, beside the file itself. */
export const PRECOMPRESSED_SUFFIX: Record<Coding, string> = { br: '.br', gzip: '.gz' };

/** The smallest forms, as the build makes them: compressed once, served many times. */
export function compress(identity: Buffer, coding: Coding): Buffer {
  return coding === 'br'
    ? brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
    : gzipSync(identity, { level: 9 });
}

interface StaticFile {
  type: string;
  etag: string;
  identity: Buffer;
  /** Each coding's bytes: read from the build's precompressed file, or compressed on first use. */
  encoded: Partial<Record<Coding, Buffer>>;
  /** Vite names every asset after its content hash: it never changes under its name. */
  immutable: boolean;
}

const isPrecompressed = (name: string): boolean =>
  Object.values(PRECOMPRESSED_SUFFIX).some((suffix) => name.endsWith(suffix));

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return listFiles(dir, relative);
    return isPrecompressed(entry.name) ? [] : [relative];
  });
}

/** A precompressed form written no earlier than its file; an older one belongs to another build. */
function precompressed(file: string, coding: Coding, builtAtMs: number): Buffer | undefined {
  const candidate = `${file}${PRECOMPRESSED_SUFFIX[coding]}`;
  try {
    if (statSync(candidate).mtimeMs < builtAtMs) return undefined;
    return readFileSync(candidate);
  } catch {
    return undefined;
  }
}

function loadFile(dir: string, relative: string): StaticFile {
  const file = path.join(dir, relative);
  const identity = readFileSync(file);
  const builtAtMs = statSync(file).mtimeMs;
  const encoded: Partial<Record<Coding, Buffer>> = {};
  for (const coding of ['br', 'gzip'] as const) {
    const bytes = precompressed(file, coding, builtAtMs);
    if (bytes) encoded[coding] = bytes;
  }
  return {
    type: TYPES[path.extname(relative)] ?? 'application/octet-stream',
    etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`,
    identity,
    encoded,
    immutable: relative.startsWith('assets/'),
  };
}

function encodedAs(file: StaticFile, coding: Coding): Buffer {
  return (file.encoded[coding] ??= compress(file.identity, coding));
}

/** The build's files by URL path (`/`, `/assets/index-abc.js`, ...). */
export function loadDashboard(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  if (!existsSync(path.join(dir, 'index.html'))) return files;
  for (const relative of listFiles(dir)) {
    const file = loadFile(dir, relative);
    files.set(relative === 'index.html' ? '/' : `/${relative}`, file);
  }
  return files;
}

/** Whether `Accept-Encoding` lists the coding with a non-zero weight (RFC 9110, 12.5.3). */
function accepted(request: FastifyRequest, coding: string): boolean {
  const header = request.headers['accept-encoding'];
  if (typeof header !== 'string') return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return name === coding && (q === undefined || Number(q.slice(2)) > 0);
  });
}

function send(request: FastifyRequest, reply: FastifyReply, file: StaticFile): FastifyReply {
  reply
    .header('Content-Type', file.type)
    .header('ETag', file.etag)
    .header('Vary', 'Accept-Encoding')
    .header('Cache-Control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (file.type.startsWith('text/html')) reply.headers(PAGE_HEADERS);
  else reply.header('X-Content-Type-Options', 'nosniff');
  if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
  for (const coding of ['br', 'gzip'] as const)
    if (accepted(request, coding)) return reply.header('Content-Encoding', coding).send(encodedAs(file, coding));
  return reply.send(file.identity);
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partnerbox</title></head>
<body><main><h1>Partnerbox sandbox</h1><p>The dashboard is not built in this copy. Run <code>npm run build</code>
at the repository root, then restart <code>partnerbox serve</code>. The API is at <a href="/docs">/docs</a>.</p></main></body></html>`;

export interface DashboardOptions {
  /** The built dashboard's folder. Default: the sandbox package's `dist/dashboard/`. */
  dir?: string;
}

/** `GET /` and the build's other files; nothing else. */
export function dashboardRoutes(options: DashboardOptions = {}): FastifyPluginAsync {
  return async (app) => {
    const files = loadDashboard(options.dir ?? DEFAULT_DASHBOARD_DIR);
    const hidden = { schema: { hide: true } };
    if (files.size === 0) {
      app.get('/', hidden, async (_request, reply) =>
        reply.code(503).type('text/html; charset=utf-8').headers(PAGE_HEADERS).send(NOT_BUILT),
      );
      return;
    }
    for (const [url, file] of files) app.get(url, hidden, async (request, reply) => send(request, reply, file));
  };
}
