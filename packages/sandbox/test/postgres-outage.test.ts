/**
 * Stopping PostgreSQL under load, on a throwaway cluster this test creates (initdb, pg_ctl on its
 * own port and directory; the machine's shared server is never touched): while the database is
 * down every request answers 503 with `Retry-After` and a Partner Center error body, never a 500
 * and never a hang; when it is back, the same `partnerbox serve` process (never restarted) serves
 * again on its own, and what was written before the outage is all there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerBody, OFFERS, orderBody, readPartners, type PartnerCredentials } from '@partnerbox/conformance';
import { ThrowawayCluster } from './support/cluster.js';
import { attempt, waitFor, type HttpResult, type Outcome, type SendOptions } from './support/http.js';
import { requireBuiltCli, startServe, type ServeProcess } from './support/processes.js';

const ADMIN_KEY = 'pbx_outage_test_admin_key';
/** Per request: far above any honest answer, so a request stuck on a dead database fails the test. */
const REQUEST_TIMEOUT_MS = 20_000;
const OUTAGES = 2;

let cluster: ThrowawayCluster | undefined;
let server: ServeProcess | undefined;

beforeAll(async () => {
  requireBuiltCli();
  cluster = await ThrowawayCluster.withDatabase('partnerbox');
}, 120_000);

afterAll(async () => {
  await server?.child.stop();
  await cluster?.destroy();
}, 120_000);

/** What a client sees while the store is down: 503, Retry-After, the Partner Center error body. */
function expectUnavailable(result: HttpResult, what: string): void {
  expect(result.status, `${what}: ${result.text}`).toBe(503);
  const retryAfter = Number(result.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter > 0, `${what}: Retry-After ${retryAfter}`).toBe(true);
  expect(result.body).toMatchObject({ code: 3001, description: expect.any(String) });
  expect(result.headers.get('content-type')).toMatch(/^application\/json/);
}

interface LoadRecord {
  outcome: Outcome;
  /** Which outage the request was sent during or after (0 = before the first). */
  phase: number;
  sentAt: number;
  doneAt: number;
}

/** From the moment `pg_ctl stop` is called until `pg_ctl start` has returned. */
interface Outage {
  from: number;
  to: number;
}

describe('a PostgreSQL outage under load', () => {
  it('answers 503 with Retry-After while the database is down, and recovers without a restart', async () => {
    if (!cluster) throw new Error('no cluster');
    server = await startServe({
      name: 'partnerbox serve',
      databaseUrl: cluster.urlFor('partnerbox'),
      adminKey: ADMIN_KEY,
      args: ['--provisioning-delay', '0'],
    });
    const serve = server.child;
    const pid = serve.process.pid;
    const base = server.url;
    const partners = await readPartners(base, ADMIN_KEY);

    const token = async (partner: PartnerCredentials) => {
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: partner.clientId,
        client_secret: partner.clientSecret,
        scope: 'https://api.partnercenter.microsoft.com/.default',
      });
      const response = await fetch(`${base}/${partner.tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const json = (await response.json()) as { access_token: string };
      return json.access_token;
    };
    const sandboxToken = await token(partners.sandbox);
    const productionToken = await token(partners.production);
    /** One request; no answer at all (a crashed process, a hang) fails with the process's output. */
    const request = async (url: string, method: string, options: SendOptions): Promise<HttpResult> => {
      const outcome = await attempt(url, method, { timeoutMs: REQUEST_TIMEOUT_MS, ...options });
      if (outcome.kind === 'response') return outcome.response;
      throw new Error(
        `${method} ${url}: no response (${outcome.kind}: ${outcome.message}); partnerbox serve ${
          serve.running ? 'is running' : 'has exited'
        }; its output:\n${serve.output}`,
      );
    };
    const call = (method: string, path: string, options: { token?: string; body?: unknown } = {}) =>
      request(`${base}${path}`, method, { token: sandboxToken, ...options });

    const control = (method: string, path: string, body?: unknown) =>
      request(`${base}/_sandbox${path}`, method, { token: ADMIN_KEY, body });

    // Written before any outage: a clock offset, customers, an order with its subscription.
    expect((await control('POST', '/clock', { advanceSeconds: 3600 })).status).toBe(200);
    const before: { customer: HttpResult; order?: HttpResult }[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await call('POST', '/v1/customers', { body: customerBody() });
      expect(created.status).toBe(201);
      before.push({ customer: await call('GET', `/v1/customers/${created.body.id}`) });
    }
    const withOrder = before[0];
    if (!withOrder) throw new Error('no customer');
    const customerId = withOrder.customer.body.id as string;
    const order = await call('POST', `/v1/customers/${customerId}/orders`, { body: orderBody(OFFERS.licence) });
    expect(order.status).toBe(201);
    withOrder.order = await call('GET', `/v1/customers/${customerId}/orders/${order.body.id}`);
    // Tokens this process has never verified, one per outage: its token cache cannot answer them.
    const unseenTokens: string[] = [];
    for (let i = 0; i < OUTAGES; i++) {
      const minted = await control('POST', '/tokens', { partner: 'sandbox' });
      expect(minted.status).toBe(200);
      unseenTokens.push(minted.body.access_token);
    }

    // Background load for the whole test: reads, lists and creates (production partner: no
    // quota), two at a time, bounded in count; each request recorded with the phase it ran in.
    const load: LoadRecord[] = [];
    const outages: Outage[] = [];
    const created: string[] = [];
    let phase = 0;
    let stopLoad = false;
    const MAX_LOAD_REQUESTS = 4_000;
    const loadWorker = async (worker: number) => {
      for (let i = 0; !stopLoad && load.length < MAX_LOAD_REQUESTS; i++) {
        const kind = (i + worker) % 3;
        const sentPhase = phase;
        const sentAt = Date.now();
        const outcome =
          kind === 0
            ? await attempt(`${base}/v1/customers/${customerId}`, 'GET', {
                token: sandboxToken,
                timeoutMs: REQUEST_TIMEOUT_MS,
              })
            : kind === 1
              ? await attempt(`${base}/v1/customers?size=10`, 'GET', {
                  token: sandboxToken,
                  timeoutMs: REQUEST_TIMEOUT_MS,
                })
              : await attempt(`${base}/v1/customers`, 'POST', {
                  token: productionToken,
                  body: customerBody(),
                  timeoutMs: REQUEST_TIMEOUT_MS,
                });
        load.push({ outcome, phase: sentPhase, sentAt, doneAt: Date.now() });
        if (outcome.kind === 'response' && outcome.response.status === 201) created.push(outcome.response.body.id);
        // A short pause while the database is down: 503s come back at once, no need to spin.
        if (outcome.kind === 'response' && outcome.response.status === 503)
          await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const loadDone = Promise.all([loadWorker(0), loadWorker(1)]);
    const successesIn = (p: number) =>
      load.filter((r) => r.phase === p && r.outcome.kind === 'response' && r.outcome.response.status < 300).length;

    try {
      for (let outage = 1; outage <= OUTAGES; outage++) {
        await waitFor(`load succeeding before outage ${outage}`, async () =>
          successesIn(outage - 1) >= 10 ? true : undefined,
        );

        phase = outage;
        const window: Outage = { from: Date.now(), to: Number.POSITIVE_INFINITY };
        outages.push(window);
        await cluster.stop('immediate');

        const unseen = unseenTokens[outage - 1] as string;
        for (let round = 0; round < 3; round++) {
          expectUnavailable(await call('GET', `/v1/customers/${customerId}`), 'GET customer');
          expectUnavailable(await call('GET', `/v1/customers/${customerId}`, { token: unseen }), 'unseen token');
          expectUnavailable(await call('GET', '/v1/customers'), 'list customers');
          expectUnavailable(await call('POST', '/v1/customers', { body: customerBody() }), 'create customer');
          expectUnavailable(
            await call('POST', `/v1/customers/${customerId}/orders`, { body: orderBody(OFFERS.licence) }),
            'create order',
          );
          expectUnavailable(await call('DELETE', `/v1/customers/${customerId}`), 'delete customer');
          expectUnavailable(await call('GET', '/healthz'), 'health');
          expectUnavailable(await control('GET', '/clock'), 'control plane');
        }

        await cluster.start();
        window.to = Date.now();
        // The same process, never restarted, serves again once the database is back.
        await waitFor(
          `service after outage ${outage}`,
          async () => ((await call('GET', `/v1/customers/${customerId}`)).status === 200 ? true : undefined),
          { timeoutMs: 60_000, intervalMs: 250 },
        );
        expect((await call('GET', '/healthz')).status).toBe(200);
        const fresh = await call('POST', '/v1/customers', { body: customerBody() });
        expect(fresh.status).toBe(201);
        expect((await call('GET', `/v1/customers/${fresh.body.id}`)).status).toBe(200);
      }
      await waitFor('load succeeding after the last outage', async () =>
        successesIn(OUTAGES) >= 10 ? true : undefined,
      );
    } finally {
      stopLoad = true;
      await loadDone;
    }

    // Everything written before the outages reads back exactly as it did.
    for (const { customer, order: orderBefore } of before) {
      const again = await call('GET', `/v1/customers/${customer.body.id}`);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(customer.body);
      if (orderBefore) {
        const orderAgain = await call('GET', `/v1/customers/${customer.body.id}/orders/${orderBefore.body.id}`);
        expect(orderAgain.body).toEqual(orderBefore.body);
        const subscriptions = await call('GET', `/v1/customers/${customer.body.id}/subscriptions`);
        expect(subscriptions.body.items).toHaveLength(1);
        expect(subscriptions.body.items[0].status).toBe('active');
      }
    }
    expect((await control('GET', '/clock')).body.offsetSeconds).toBe(3600);
    // Every create the load saw answered 201 is there (read through the production partner).
    for (const id of created) {
      const got = await call('GET', `/v1/customers/${id}`, { token: productionToken });
      expect(got.status, `customer ${id} created during the test`).toBe(200);
    }

    // The load: only 2xx and 503, never a 500, a timeout or a dropped connection; 503 only
    // around the outages, each with Retry-After and the error body.
    const failures = load.filter((r) => r.outcome.kind !== 'response');
    expect(failures.map((r) => r.outcome)).toEqual([]);
    const responses = load.map((r) => ({ ...r, response: (r.outcome as { response: HttpResult }).response }));
    const statuses = new Set(responses.map((r) => r.response.status));
    expect([...statuses].filter((s) => s !== 200 && s !== 201 && s !== 503)).toEqual([]);
    const unavailable = responses.filter((x) => x.response.status === 503);
    for (const r of unavailable) {
      expectUnavailable(r.response, 'load during the outage');
      // A request in flight when the database went away counts: its interval overlaps the outage.
      expect(
        outages.some((o) => r.sentAt <= o.to && r.doneAt >= o.from),
        'a 503 outside any outage',
      ).toBe(true);
    }
    expect(unavailable.length).toBeGreaterThan(0);
    for (let p = 0; p <= OUTAGES; p++) expect(successesIn(p), `successes in phase ${p}`).toBeGreaterThanOrEqual(10);

    // The same process served throughout: it never exited, and it is still the one listening.
    expect(serve.running, serve.output).toBe(true);
    expect(serve.process.pid).toBe(pid);
  }, 180_000);
});
