/**
 * Work a request can cause before it is authenticated is bounded: fault-rule globs built to
 * make a backtracking matcher explode (`*a*a…*b`) and the longest paths and headers Node's
 * parser lets through leave `partnerbox serve` answering `/healthz` at once. A separate
 * process, because a blocked event loop would block the test itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attempt, send } from './support/http.js';
import { startServe, type ServeProcess } from './support/processes.js';

const ADMIN_KEY = 'pbx_pre_auth_test_admin_key';
const TRAP = `/v1/customers/${'*a'.repeat(26)}*b`;

let server: ServeProcess | undefined;

beforeAll(async () => {
  server = await startServe({ name: 'partnerbox serve', adminKey: ADMIN_KEY });
}, 60_000);

afterAll(async () => {
  await server?.child.stop();
});

async function healthzWithin(base: string, timeoutMs: number): Promise<number> {
  const outcome = await attempt(`${base}/healthz`, 'GET', { timeoutMs });
  return outcome.kind === 'response' ? outcome.response.status : -1;
}

describe('work before authentication', () => {
  it('matches fault-rule globs without backtracking: /healthz answers during a trap request', async () => {
    if (!server) throw new Error('no server');
    const base = server.url;
    for (let i = 0; i < 20; i++) {
      const added = await send(`${base}/_sandbox/faults`, 'POST', {
        token: ADMIN_KEY,
        body: { path: `${TRAP}${'*a'.repeat(i)}`, kind: 'error', status: 503 },
      });
      expect(added.status).toBe(201);
    }
    for (const length of [40, 480]) {
      const trap = attempt(`${base}/v1/customers/${'a'.repeat(length)}`, 'GET', { timeoutMs: 30_000 });
      // Sent while the trap request is being matched: a blocked event loop would not answer.
      expect(await healthzWithin(base, 5_000), `healthz during a ${length}-character segment`).toBe(200);
      const outcome = await trap;
      expect(outcome.kind === 'response' && outcome.response.status, `the trap request itself`).toBe(401);
    }
    expect(server.child.running, server.child.output).toBe(true);
  }, 90_000);

  it('answers the longest URL and header Node accepts, unauthenticated, at once', async () => {
    if (!server) throw new Error('no server');
    const base = server.url;
    const headers = { Authorization: `Bearer ${'x.'.repeat(1_000)}` };
    const routed = await attempt(
      `${base}/v1/customers/${'a'.repeat(500)}/subscriptions/${'b'.repeat(500)}?q=${'c'.repeat(12_000)}`,
      'GET',
      { timeoutMs: 10_000, headers },
    );
    expect(routed.kind === 'response' && routed.response.status).toBe(401);
    const unrouted = await attempt(`${base}/v1/customers/${'a'.repeat(400)}/${'ab/'.repeat(4_000)}`, 'GET', {
      timeoutMs: 10_000,
      headers,
    });
    expect(unrouted.kind === 'response' && unrouted.response.status).toBe(404);
    expect(await healthzWithin(base, 5_000)).toBe(200);
  }, 60_000);
});
