// Profile helper: serve (+ optional node args) with N generated customers, load one URL kind.
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { cpuMs } from './lib/processes.mjs';
const [kind = 'list', n = '10000', seconds = '8', ...nodeArgs] = process.argv.slice(2);
const dir = mkdtempSync(path.join(tmpdir(), 'pbx-hot-'));
const port = 44000 + Math.floor(Math.random() * 900);
const key = 'pbx_hot_key_0123456789';
const server = spawn(process.execPath, [...nodeArgs, '/work/main/packages/cli/bin/partnerbox.js', 'serve', '--port', String(port), '--data-dir', dir], { env: { ...process.env, PARTNERBOX_ADMIN_KEY: key }, stdio: ['ignore', openSync(path.join(dir, 'log'), 'a'), 'inherit'] });
const base = `http://127.0.0.1:${port}`;
const call = async (m, p, b) => { const r = await fetch(base + '/_sandbox' + p, { method: m, headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: b && JSON.stringify(b) }); const t = await r.text(); if (!r.ok) throw new Error(t); return JSON.parse(t); };
for (let i = 0; i < 200; i++) { try { await fetch(base + '/healthz'); break; } catch { await new Promise((r) => setTimeout(r, 50)); } }
const partner = await call('POST', '/partners', { kind: 'production', name: 'Hot' });
await call('POST', `/partners/${partner.tenantId}/generate`, { count: Number(n), ordersPerCustomer: 1 });
const token = (await call('POST', '/tokens', { partnerTenantId: partner.tenantId })).access_token;
const headers = { Authorization: `Bearer ${token}` };
const first = await (await fetch(`${base}/v1/customers?size=1`, { headers })).json();
const url = kind === 'list' ? `${base}/v1/customers?size=100` : `${base}/v1/customers/${first.items[0].id}`;
await autocannon({ url, headers, connections: 16, duration: 1 });
const c0 = cpuMs(server.pid);
const r = await autocannon({ url, headers, connections: 16, duration: Number(seconds) });
const cpu = cpuMs(server.pid) - c0;
console.log(JSON.stringify({ kind, rps: Math.round(r.requests.average), cpuUsPerReq: Math.round((cpu * 1000) / r.requests.total), non2xx: r.non2xx }));
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
