/**
 * The scale-out recipe of docs/scale-out.md, run as written: nginx from Debian's packages with
 * the very configuration file the document shows (docs/scale-out/partnerbox.nginx.conf; only its
 * ports are swapped for free ones), in front of two `partnerbox serve` processes on one
 * PostgreSQL database, started with the document's flags. A short lifecycle scenario goes
 * through nginx, and the `MS-ServerId` response headers show that both instances served it.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  customerBody,
  OFFERS,
  orderBody,
  readPartners,
  type TestDatabase,
} from '@partnerbox/conformance';
import { defaultServerId } from '../src/http/server-id.js';
import { withClient } from './support/database.js';
import { send, waitFor, type HttpResult } from './support/http.js';
import { Child, freePort, REPO_ROOT, requireBuiltCli, startServe, type ServeProcess } from './support/processes.js';

const NGINX = '/usr/sbin/nginx';
const CONF = path.join(REPO_ROOT, 'docs', 'scale-out', 'partnerbox.nginx.conf');
const DOC = path.join(REPO_ROOT, 'docs', 'scale-out.md');
const ADMIN_KEY = 'pbx_nginx_recipe_admin_key';
/** The flags docs/scale-out.md starts each instance with (besides --port). */
const DOC_FLAGS = ['--pool-size', '5'];
const CANCELLATION_DELAY_SECONDS = 10;

let database: TestDatabase | undefined;
let dir: string | undefined;
let nginx: Child | undefined;
const servers: ServeProcess[] = [];

/** Replaces `from` exactly once: if the document's file changes shape, this test says so. */
function replaceOnce(text: string, from: string, to: string): string {
  const parts = text.split(from);
  if (parts.length !== 2)
    throw new Error(`${CONF} should contain "${from}" exactly once (found ${parts.length - 1}); update this test too.`);
  return parts.join(to);
}

beforeAll(async () => {
  if (!existsSync(NGINX))
    throw new Error(
      `${NGINX} is missing: this test runs the scale-out recipe with Debian's nginx. Install it with ` +
        '`bash scripts/ensure-system-packages.sh` as root (`npm test` runs it first) or `sudo apt-get install nginx`.',
    );
  requireBuiltCli();
  database = await createTestDatabase();
  for (const name of ['instance 1', 'instance 2'])
    servers.push(
      await startServe({
        name,
        databaseUrl: database.url,
        adminKey: ADMIN_KEY,
        args: [...DOC_FLAGS, '--provisioning-delay', '0', '--cancellation-delay', String(CANCELLATION_DELAY_SECONDS)],
      }),
    );
}, 120_000);

afterAll(async () => {
  await nginx?.stop('SIGQUIT');
  await Promise.all(servers.map((s) => s.child.stop()));
  await database?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe('the nginx recipe of docs/scale-out.md', () => {
  it('shows the configuration file verbatim', () => {
    const doc = readFileSync(DOC, 'utf8');
    expect(doc).toContain(readFileSync(CONF, 'utf8').trim());
    for (const flag of DOC_FLAGS) expect(doc).toContain(flag);
  });

  it('spreads a whole lifecycle scenario over both instances behind nginx', async () => {
    const [one, two] = servers;
    if (!one || !two) throw new Error('instances not started');
    const listenPort = await freePort();
    dir = mkdtempSync(path.join(tmpdir(), 'partnerbox-nginx-'));
    // nginx's workers run as `nobody` when started by root: they must reach the temp paths.
    chmodSync(dir, 0o755);
    let site = readFileSync(CONF, 'utf8');
    site = replaceOnce(site, 'server 127.0.0.1:4001 ', `server 127.0.0.1:${one.port} `);
    site = replaceOnce(site, 'server 127.0.0.1:4002 ', `server 127.0.0.1:${two.port} `);
    site = replaceOnce(site, 'listen 127.0.0.1:8080;', `listen 127.0.0.1:${listenPort};`);
    mkdirSync(path.join(dir, 'conf.d'));
    writeFileSync(path.join(dir, 'conf.d', 'partnerbox.conf'), site);
    // The test's stand-in for Debian's /etc/nginx/nginx.conf: the same http-level include, with
    // pid, logs and temp paths in the temporary directory, in the foreground.
    writeFileSync(
      path.join(dir, 'nginx.conf'),
      [
        'daemon off;',
        'worker_processes 1;',
        `pid ${dir}/nginx.pid;`,
        `error_log ${dir}/error.log warn;`,
        'events { worker_connections 256; }',
        'http {',
        `  access_log ${dir}/access.log;`,
        `  client_body_temp_path ${dir}/client_body;`,
        `  proxy_temp_path ${dir}/proxy;`,
        `  fastcgi_temp_path ${dir}/fastcgi;`,
        `  uwsgi_temp_path ${dir}/uwsgi;`,
        `  scgi_temp_path ${dir}/scgi;`,
        `  include ${dir}/conf.d/*.conf;`,
        '}',
        '',
      ].join('\n'),
    );
    const nginxArgs = ['-p', `${dir}/`, '-c', `${dir}/nginx.conf`, '-e', `${dir}/error.log`];
    const check = new Child('nginx -t', NGINX, [...nginxArgs, '-t']);
    const checked = await check.exited;
    expect(checked.code, check.output).toBe(0);
    nginx = new Child('nginx', NGINX, nginxArgs);
    const base = `http://127.0.0.1:${listenPort}`;
    const proxy = nginx;
    await waitFor('nginx to proxy /healthz', async () => {
      if (!proxy.running) throw new Error(`nginx exited: ${proxy.output}`);
      return (await send(`${base}/healthz`, 'GET', { timeoutMs: 5_000 })).status === 200 ? true : undefined;
    });

    // The scenario, every request through nginx. Which instance answered is in MS-ServerId.
    const servedBy: string[] = [];
    const call = async (method: string, urlPath: string, options: { token?: string; body?: unknown } = {}) => {
      const result: HttpResult = await send(`${base}${urlPath}`, method, options);
      if (urlPath.startsWith('/v1/')) {
        const serverId = result.headers.get('ms-serverid');
        expect(serverId, `MS-ServerId of ${method} ${urlPath}`).toBeTruthy();
        servedBy.push(serverId ?? '');
      }
      return result;
    };
    const partners = await readPartners(base, ADMIN_KEY);
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: partners.sandbox.clientId,
      client_secret: partners.sandbox.clientSecret,
      scope: 'https://api.partnercenter.microsoft.com/.default',
    });
    const tokenResponse = await fetch(`${base}/${partners.sandbox.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      signal: AbortSignal.timeout(30_000),
    });
    expect(tokenResponse.status).toBe(200);
    const token = ((await tokenResponse.json()) as { access_token: string }).access_token;

    const created = await call('POST', '/v1/customers', { token, body: customerBody() });
    expect(created.status, created.text).toBe(201);
    const customerId = created.body.id as string;
    const listed = await call('GET', '/v1/customers', { token });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((c: { id: string }) => c.id)).toContain(customerId);
    expect((await call('GET', `/v1/customers/${customerId}`, { token })).status).toBe(200);

    const order = await call('POST', `/v1/customers/${customerId}/orders`, {
      token,
      body: orderBody(OFFERS.reservedInstance),
    });
    expect(order.status, order.text).toBe(201);
    const orderId = order.body.id as string;
    const cancelled = await call('PATCH', `/v1/customers/${customerId}/orders/${orderId}`, {
      token,
      body: { id: orderId, status: 'cancelled' },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('pending');
    const blocked = await call('DELETE', `/v1/customers/${customerId}`, { token });
    expect(blocked.status).toBe(400);
    expect(blocked.body.code).toBe(3000);

    // The control plane goes through nginx as well; the clock it moves is everyone's.
    const clock = await call('POST', '/_sandbox/clock', {
      token: ADMIN_KEY,
      body: { advanceSeconds: CANCELLATION_DELAY_SECONDS },
    });
    expect(clock.status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const after = await call('GET', `/v1/customers/${customerId}/orders/${orderId}`, { token });
      expect(after.body.status).toBe('cancelled');
    }
    // A burst of parallel reads: each instance opens at most --pool-size connections.
    const burst = await Promise.all(
      Array.from({ length: 40 }, () => call('GET', `/v1/customers/${customerId}/orders/${orderId}`, { token })),
    );
    expect(burst.every((r) => r.status === 200)).toBe(true);
    const connections = await withClient(database?.url ?? '', async (client) => {
      const { rows } = await client.query<{ n: number }>(
        'select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
      return Number(rows[0]?.n);
    });
    expect(connections).toBeGreaterThan(0);
    expect(connections).toBeLessThanOrEqual(2 * 5);

    expect((await call('DELETE', `/v1/customers/${customerId}`, { token })).status).toBe(204);
    const gone = await call('GET', `/v1/customers/${customerId}`, { token });
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe(20002);

    // Both instances served, and only they did: MS-ServerId names the host and pid of a serve process.
    const expected = servers.map((s) => defaultServerId(hostname(), s.child.process.pid ?? 0));
    expect(new Set(servedBy)).toEqual(new Set(expected));
    expect(nginx.running, nginx.output).toBe(true);
  }, 120_000);
});
