/* global performance -- read inside the page by page.evaluate, not in Node */
// The dashboard's first load: bytes on the wire and time until the page is usable, in Debian's
// chromium against `partnerbox serve` (SQLite) on this machine. Each load is a fresh browser
// context (empty cache). Run with `npm run bench:dashboard` (it builds first).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const LOADS = Number(process.env.BENCH_LOADS ?? 15);
const adminKey = `pbx_bench_${Date.now()}`;
const dataDir = mkdtempSync(path.join(tmpdir(), 'pbx-dashboard-bench-'));

const server = spawn(
  process.execPath,
  ['packages/cli/dist/bin.js', 'serve', '--data-dir', dataDir, '--port', '0', '--log-level', 'warn'],
  { cwd: root, env: { ...process.env, PARTNERBOX_ADMIN_KEY: adminKey }, stdio: ['ignore', 'pipe', 'pipe'] },
);
const url = await new Promise((resolve, reject) => {
  let output = '';
  const read = (chunk) => {
    output += chunk;
    const match = /listening on (http:\/\/\S+)/.exec(output);
    if (match) resolve(match[1]);
  };
  server.stdout.on('data', read);
  server.stderr.on('data', read);
  server.once('exit', (code) => reject(new Error(`serve exited ${code}: ${output}`)));
});

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = [];
try {
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const responses = [];
    page.on('response', (response) => responses.push(response));
    const started = Date.now();
    await page.goto(`${url}/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const usableMs = Date.now() - started;
    const timing = await page.evaluate(() => {
      const [nav] = performance.getEntriesByType('navigation');
      const resources = performance.getEntriesByType('resource');
      const transfer = [nav, ...resources].reduce((sum, e) => sum + (e.transferSize ?? 0), 0);
      const decoded = [nav, ...resources].reduce((sum, e) => sum + (e.decodedBodySize ?? 0), 0);
      return { domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, transfer, decoded };
    });
    const encodings = [
      ...new Set(
        await Promise.all(responses.map(async (r) => (await r.allHeaders())['content-encoding'] ?? 'identity')),
      ),
    ];
    results.push({ ...timing, usableMs, requests: responses.length, encodings });
    await context.close();
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}

const first = results[0];
console.log(`requests per load: ${first.requests} (${first.encodings.join(', ')})`);
console.log(`bytes on the wire (headers included): ${first.transfer}; decoded: ${first.decoded}`);
console.log(
  `median of ${LOADS} loads, cold cache: DOMContentLoaded ${median(results.map((r) => r.domContentLoaded)).toFixed(0)} ms, load ${median(results.map((r) => r.load)).toFixed(0)} ms, sign-in button shown ${median(results.map((r) => r.usableMs))} ms (from goto, as the test sees it)`,
);
