// A large sandbox, measured as users run it: `partnerbox serve` on a fresh data directory (or
// PostgreSQL with PARTNERBOX_DATABASE_URL), a production partner given N customers server-side
// (POST /_sandbox/partners/{id}/generate, one order and subscription each), then GET by id of
// random customers, list pages and a prefix filter, a streamed NDJSON export and its import,
// with the server's RSS sampled throughout. Self-contained: node bench/large-sandbox.mjs [N].
// Prints one JSON object; speed lives here, never in a test (issue 11).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, createWriteStream, createReadStream, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { clearInterval, setInterval, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const count = Number(process.argv[2] ?? process.env.PARTNERBOX_BENCH_CUSTOMERS ?? 1_000_000);
const adminKey = 'pbx_bench_large_sandbox_key';
const dir = mkdtempSync(path.join(tmpdir(), 'partnerbox-large-'));
const port = 40_000 + Math.floor(Math.random() * 20_000);
const base = `http://127.0.0.1:${port}`;

const server = spawn(
  process.execPath,
  [
    // For instance --cpu-prof: where the server's time goes, without editing this file.
    ...(process.env.PARTNERBOX_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    path.join(root, 'packages/cli/dist/bin.js'),
    'serve',
    '--port',
    String(port),
    '--data-dir',
    dir,
    '--log-level',
    'warn',
  ],
  { env: { ...process.env, PARTNERBOX_ADMIN_KEY: adminKey }, stdio: ['ignore', 'ignore', 'inherit'] },
);

let peakRss = 0;
const rssKb = () => {
  try {
    const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
};
const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssKb())), 100);
const mb = (kb) => Math.round(kb / 1024);

async function control(method, p, body) {
  const response = await fetch(`${base}/_sandbox${p}`, {
    method,
    headers: { Authorization: `Bearer ${adminKey}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${p}: ${response.status} ${text}`);
  return JSON.parse(text);
}

async function waitUp() {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the server did not start');
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

async function timedGets(urls, token) {
  const times = [];
  for (const url of urls) {
    const t0 = process.hrtime.bigint();
    const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50Ms: +percentile(times, 0.5).toFixed(2), p99Ms: +percentile(times, 0.99).toFixed(2) };
}

const result = { customers: count, store: 'sqlite' };
try {
  await waitUp();
  const partner = await control('POST', '/partners', { kind: 'production', name: 'Large' });
  let t0 = Date.now();
  // In requests of 100,000: one call may take minutes on a busy machine, past fetch's 300 s wait for headers.
  for (let made = 0; made < count; made += 100_000)
    await control('POST', `/partners/${partner.tenantId}/generate`, {
      count: Math.min(100_000, count - made),
      ordersPerCustomer: 1,
    });
  result.generateSeconds = (Date.now() - t0) / 1000;
  result.rssAfterGenerateMb = mb(rssKb());
  const token = (await control('POST', '/tokens', { partnerTenantId: partner.tenantId })).access_token;
  // Random customers by paging number: the generated domains name them (gen<seq>-…), the list gives ids.
  const ids = [];
  for (const after of Array.from({ length: 20 }, () => Math.floor(Math.random() * (count - 100)))) {
    const filter = encodeURIComponent(
      JSON.stringify({ Field: 'Domain', Value: `gen${after + 1}-`, Operator: 'starts_with' }),
    );
    const page = await (
      await fetch(`${base}/v1/customers?size=1&filter=${filter}`, { headers: { Authorization: `Bearer ${token}` } })
    ).json();
    if (page.items[0]) ids.push(page.items[0].id);
  }
  const byId = Array.from({ length: 2000 }, (_, i) => `${base}/v1/customers/${ids[i % ids.length]}`);
  result.getById = await timedGets(byId, token);
  result.listPage100 = await timedGets(
    Array.from({ length: 200 }, () => `${base}/v1/customers?size=100`),
    token,
  );
  const filter = encodeURIComponent(
    JSON.stringify({ Field: 'CompanyName', Value: `Contoso ${Math.floor(count / 2)}`, Operator: 'starts_with' }),
  );
  result.prefixFilter = await timedGets(
    Array.from({ length: 200 }, () => `${base}/v1/customers?size=100&filter=${filter}`),
    token,
  );
  result.rssSteadyMb = mb(rssKb());

  const file = path.join(dir, 'snapshot.ndjson');
  t0 = Date.now();
  const exported = await fetch(`${base}/_sandbox/snapshot?format=ndjson`, {
    headers: { Authorization: `Bearer ${adminKey}` },
  });
  await pipeline(Readable.fromWeb(exported.body), createWriteStream(file));
  result.exportSeconds = (Date.now() - t0) / 1000;
  result.snapshotMb = Math.round(statSync(file).size / 1e6);
  t0 = Date.now();
  const imported = await fetch(`${base}/_sandbox/snapshot`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/x-ndjson' },
    body: Readable.toWeb(createReadStream(file)),
    duplex: 'half',
  });
  const answer = await imported.json();
  if (!imported.ok) throw new Error(`import: ${JSON.stringify(answer)}`);
  result.importSeconds = (Date.now() - t0) / 1000;
  result.importedCustomers = answer.customers;
  result.rssPeakMb = mb(peakRss);
  console.log(JSON.stringify(result, null, 2));
} finally {
  clearInterval(sampler);
  server.kill('SIGTERM');
  await once(server, 'exit');
  rmSync(dir, { recursive: true, force: true });
}
