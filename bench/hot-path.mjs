// Benchmark: GET /v1/customers/{id} with a valid token on the sandbox, against a bare Fastify
// route, each server in its own process, autocannon in this one. Results: docs/benchmarks.md.
// Run with `npm run bench:hot-path` (builds first). Options: BENCH_SECONDS (default 10),
// BENCH_CONNECTIONS (default 32), BENCH_STORES (default "sqlite"; add ",postgres" with
// PARTNERBOX_BENCH_DATABASE_URL set to a database the run may write to). Each store runs
// twice: as it ships, and with the request journal off (`<store>-nojournal`).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const stores = (process.env.BENCH_STORES ?? 'sqlite').split(',');

function start(kind) {
  const child = spawn(process.execPath, [new URL('./servers.mjs', import.meta.url).pathname, kind, '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve({ child, ...JSON.parse(line) }));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

// CPU time (user + system) a process has used, in ms, from /proc: throughput on a shared
// machine swings with whatever else runs, but the CPU a request costs the server barely does.
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in 1/100 s ticks
}

function load(url, headers, duration) {
  return new Promise((resolve, reject) => {
    autocannon({ url, headers, connections, duration, pipelining: 1 }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

async function measure(kind) {
  const server = await start(kind);
  try {
    const url = `${server.url}/v1/customers/${server.customerId ?? '00000000-0000-0000-0000-000000000000'}`;
    const headers = server.token ? { Authorization: `Bearer ${server.token}` } : {};
    const check = await fetch(url, { headers });
    if (check.status !== 200) throw new Error(`${kind}: GET answered ${check.status}`);
    await load(url, headers, 2); // warm-up: JIT, token cache, statement cache
    const cpuBefore = cpuMs(server.child.pid);
    const result = await load(url, headers, seconds);
    const cpuPerRequestUs = ((cpuMs(server.child.pid) - cpuBefore) * 1000) / result.requests.total;
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`${kind}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    return { kind, rps: result.requests.average, cpuPerRequestUs, p50: result.latency.p50, p99: result.latency.p99 };
  } finally {
    server.child.kill();
  }
}

const rows = [await measure('bare')];
// Each store with the request journal on (the default) and off, one after the other.
for (const store of stores) rows.push(await measure(store), await measure(`${store}-nojournal`));
const bare = rows[0];
console.log(`GET /v1/customers/{id}, ${connections} connections, ${seconds} s, Node ${process.version}`);
console.log('| server | req/s | vs bare | server CPU µs/request | throughput at equal CPU vs bare | p50 ms | p99 ms |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows)
  console.log(
    `| ${r.kind} | ${Math.round(r.rps)} | ${((r.rps / bare.rps) * 100).toFixed(0)}% | ${r.cpuPerRequestUs.toFixed(0)} | ${((bare.cpuPerRequestUs / r.cpuPerRequestUs) * 100).toFixed(0)}% | ${r.p50} | ${r.p99} |`,
  );
