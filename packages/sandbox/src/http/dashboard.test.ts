import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';

const INDEX =
  '<!doctype html><html><head><title>t</title></head><body><script src="/assets/app-1a2b.js"></script></body></html>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(2000))});`;

describe('the dashboard plugin', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pbx-dashboard-'));
  let app: FastifyInstance;
  let bare: FastifyInstance;

  beforeAll(async () => {
    mkdirSync(path.join(dir, 'built/assets'), { recursive: true });
    writeFileSync(path.join(dir, 'built/index.html'), INDEX);
    writeFileSync(path.join(dir, 'built/assets/app-1a2b.js'), SCRIPT);
    app = await buildApp({ dashboardDir: path.join(dir, 'built'), adminKey: 'k' });
    bare = await buildApp({ dashboardDir: path.join(dir, 'missing'), adminKey: 'k' });
  });
  afterAll(async () => {
    await app.close();
    await bare.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['br', 'br', (b: Buffer) => brotliDecompressSync(b)],
    ['gzip, deflate', 'gzip', (b: Buffer) => gunzipSync(b)],
    ['br;q=0, gzip;q=0.5', 'gzip', (b: Buffer) => gunzipSync(b)],
    ['identity', undefined, (b: Buffer) => b],
    [undefined, undefined, (b: Buffer) => b],
  ])('serves index.html at / for Accept-Encoding %s', async (accept, encoding, decode) => {
    const response = await app.inject({
      method: 'GET',
      url: '/',
      headers: accept === undefined ? {} : { 'accept-encoding': accept },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-encoding']).toBe(encoding);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(decode(response.rawPayload).toString()).toBe(INDEX);
  });

  it('serves hashed assets as immutable, and answers 304 to their etag', async () => {
    const first = await app.inject({ method: 'GET', url: '/assets/app-1a2b.js' });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(first.headers['cache-control']).toContain('immutable');
    expect(first.body).toBe(SCRIPT);
    const again = await app.inject({
      method: 'GET',
      url: '/assets/app-1a2b.js',
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  it.each([
    ['/assets/missing.js', 'text/html'],
    ['/customers/123', 'text/html'],
    ['/v1/nothing', 'text/html'],
    ['/_sandbox/nothing', 'application/json'],
  ])('leaves %s (Accept %s) to the API: a Partner Center 404, not the page', async (url, accept) => {
    const response = await app.inject({ method: 'GET', url, headers: { accept } });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/json');
  });

  it('keeps the OpenAPI document free of the dashboard routes', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).not.toContain('/');
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/assets'))).toBe(false);
  });

  it('says how to build the dashboard when this copy has none', async () => {
    const response = await bare.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('npm run build');
  });
});

describe("the dashboard's compressed forms", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pbx-dashboard-pre-'));
  const built = path.join(dir, 'built');
  const script = path.join(built, 'assets/app-1a2b.js');
  const apps: FastifyInstance[] = [];
  const start = async () => {
    const app = await buildApp({ dashboardDir: built, adminKey: 'k' });
    apps.push(app);
    return app;
  };
  const get = async (app: FastifyInstance, url: string, accept: string) =>
    app.inject({ method: 'GET', url, headers: { 'accept-encoding': accept } });

  beforeAll(() => {
    mkdirSync(path.join(built, 'assets'), { recursive: true });
    writeFileSync(path.join(built, 'index.html'), INDEX);
    writeFileSync(script, SCRIPT);
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('compresses on first request where the build wrote none', async () => {
    const app = await start();
    expect(brotliDecompressSync((await get(app, '/assets/app-1a2b.js', 'br')).rawPayload).toString()).toBe(SCRIPT);
    expect(gunzipSync((await get(app, '/assets/app-1a2b.js', 'gzip')).rawPayload).toString()).toBe(SCRIPT);
  });

  it("serves the build's precompressed files, written by scripts/precompress-dashboard.mjs, and no route of their own", async () => {
    execFileSync(process.execPath, [
      fileURLToPath(new URL('../../../../scripts/precompress-dashboard.mjs', import.meta.url)),
      built,
    ]);
    const app = await start();
    const br = await get(app, '/assets/app-1a2b.js', 'br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(SCRIPT);
    const gzip = await get(app, '/', 'gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(INDEX);
    expect((await get(app, '/assets/app-1a2b.js.br', 'identity')).statusCode).toBe(404);
  });

  it('reads a precompressed file rather than compressing again', async () => {
    // A marker that is valid brotli but not what compressing the script gives: seen only if read from disk.
    const marker = brotliCompressSync(Buffer.from('from the build'));
    writeFileSync(`${script}.br`, marker);
    const app = await start();
    expect(brotliDecompressSync((await get(app, '/assets/app-1a2b.js', 'br')).rawPayload).toString()).toBe(
      'from the build',
    );
  });

  it('ignores a precompressed file older than its file (left by an earlier build)', async () => {
    writeFileSync(`${script}.br`, brotliCompressSync(Buffer.from('an earlier build')));
    const past = new Date(Date.now() - 60_000);
    utimesSync(`${script}.br`, past, past);
    const app = await start();
    expect(brotliDecompressSync((await get(app, '/assets/app-1a2b.js', 'br')).rawPayload).toString()).toBe(SCRIPT);
  });
});
