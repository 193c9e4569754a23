/**
 * A silent network partition between `partnerbox serve` and PostgreSQL, on a throwaway cluster
 * behind a TCP proxy this test controls: the proxy drops every byte and passes no reset or
 * close on, as a lossy network does (a stopped server, tested in postgres-outage.test.ts,
 * refuses connections at once; a partition answers nothing). With `--database-timeout 2`,
 * every request during the partition answers 503 with `Retry-After` within those 2 seconds
 * (plus scheduling slack), never hangs; once the network heals the same process serves again,
 * and nothing written before is lost.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerBody, OFFERS, orderBody, readPartners } from '@partnerbox/conformance';
import { BlackholeProxy } from './support/blackhole-proxy.js';
import { ThrowawayCluster } from './support/cluster.js';
import { attempt, pool, waitFor, type HttpResult } from './support/http.js';
import { requireBuiltCli, startServe, type ServeProcess } from './support/processes.js';

const ADMIN_KEY = 'pbx_partition_test_admin_key';
const TIMEOUT_SECONDS = 2;
/** What a request may take beyond the configured timeout: timers, a loaded machine. */
const SLACK_MS = 1_500;

let cluster: ThrowawayCluster | undefined;
let proxy: BlackholeProxy | undefined;
let server: ServeProcess | undefined;

beforeAll(async () => {
  requireBuiltCli();
  cluster = await ThrowawayCluster.withDatabase('partnerbox');
  proxy = await BlackholeProxy.start(cluster.port);
}, 120_000);

afterAll(async () => {
  await server?.child.stop();
  await proxy?.close();
  await cluster?.destroy();
}, 120_000);

/** Connections from this machine to `port` with a TCP keepalive timer armed, as `ss` lists them. */
function keepaliveConnections(port: number): number {
  const out = execFileSync('ss', ['-tnoH', 'state', 'established', `dport = :${port}`], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes('timer:(keepalive')).length;
}

describe('a silent partition from PostgreSQL', () => {
  it('answers 503 with Retry-After within the database timeout, and recovers without a restart', async () => {
    if (!cluster || !proxy) throw new Error('no cluster');
    server = await startServe({
      name: 'partnerbox serve',
      databaseUrl: `postgres://postgres@127.0.0.1:${proxy.port}/partnerbox`,
      adminKey: ADMIN_KEY,
      args: ['--provisioning-delay', '0', '--database-timeout', String(TIMEOUT_SECONDS)],
    });
    const serve = server.child;
    const pid = serve.process.pid;
    const base = server.url;
    const partners = await readPartners(base, ADMIN_KEY);
    const request = async (method: string, path: string, options: { token?: string; body?: unknown } = {}) => {
      const outcome = await attempt(`${base}${path}`, method, { timeoutMs: 60_000, ...options });
      if (outcome.kind !== 'response') throw new Error(`${method} ${path}: ${outcome.message}\n${serve.output}`);
      return outcome.response;
    };
    const minted = await request('POST', '/_sandbox/tokens', { token: ADMIN_KEY, body: { partner: 'sandbox' } });
    const token = minted.body.access_token as string;
    const unseen = (await request('POST', '/_sandbox/tokens', { token: ADMIN_KEY, body: { partner: 'sandbox' } })).body
      .access_token as string;
    expect(partners.sandbox.tenantId).toBe(minted.body.tenantId);

    const created = await request('POST', '/v1/customers', { token, body: customerBody() });
    expect(created.status).toBe(201);
    const customerId = created.body.id as string;
    const order = await request('POST', `/v1/customers/${customerId}/orders`, {
      token,
      body: orderBody(OFFERS.licence),
    });
    expect(order.status).toBe(201);
    const before = await request('GET', `/v1/customers/${customerId}`, { token });
    // Keepalive is armed on the pool's connections (the proxy's side never lets it fire).
    expect(keepaliveConnections(proxy.port)).toBeGreaterThan(0);

    proxy.blackhole();
    const calls: [string, () => Promise<HttpResult>][] = [
      ['GET customer', () => request('GET', `/v1/customers/${customerId}`, { token })],
      ['GET customer, unseen token', () => request('GET', `/v1/customers/${customerId}`, { token: unseen })],
      ['list customers', () => request('GET', '/v1/customers', { token })],
      ['create customer', () => request('POST', '/v1/customers', { token, body: customerBody() })],
      [
        'create order',
        () => request('POST', `/v1/customers/${customerId}/orders`, { token, body: orderBody(OFFERS.licence) }),
      ],
      ['delete customer', () => request('DELETE', `/v1/customers/${customerId}`, { token })],
      ['health', () => request('GET', '/healthz')],
      ['control plane', () => request('GET', '/_sandbox/clock', { token: ADMIN_KEY })],
    ];
    // Twice over, the second round on connections the pool opens during the partition; and all
    // at once, more than the pool holds, so some wait for a connection first.
    for (let round = 0; round < 2; round++) {
      for (const [what, call] of calls) await expectUnavailableInTime(what, call);
    }
    await pool(24, 24, async (i) => {
      const [what, call] = calls[i % calls.length] ?? ['none', () => Promise.reject(new Error('no call'))];
      await expectUnavailableInTime(`${what} (concurrent)`, call);
    });
    expect(serve.running, serve.output).toBe(true);

    proxy.heal();
    await waitFor(
      'service after the partition',
      async () => ((await request('GET', `/v1/customers/${customerId}`, { token })).status === 200 ? true : undefined),
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect((await request('GET', `/v1/customers/${customerId}`, { token })).body).toEqual(before.body);
    expect((await request('GET', `/v1/customers/${customerId}/orders/${order.body.id}`, { token })).status).toBe(200);
    expect((await request('GET', '/healthz')).status).toBe(200);
    const fresh = await request('POST', '/v1/customers', { token, body: customerBody() });
    expect(fresh.status).toBe(201);
    // The same process served throughout.
    expect(serve.running, serve.output).toBe(true);
    expect(serve.process.pid).toBe(pid);
  }, 180_000);
});

async function expectUnavailableInTime(what: string, call: () => Promise<HttpResult>): Promise<void> {
  const started = Date.now();
  const result = await call();
  const elapsed = Date.now() - started;
  expect(result.status, `${what}: ${result.text}`).toBe(503);
  expect(Number(result.headers.get('retry-after')), `${what}: Retry-After`).toBeGreaterThan(0);
  expect(result.body).toMatchObject({ code: 3001 });
  expect(elapsed, `${what} took ${elapsed} ms`).toBeLessThanOrEqual(TIMEOUT_SECONDS * 1000 + SLACK_MS);
}
