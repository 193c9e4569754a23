/**
 * @module The bulk offboarding, checked call by call in the sandbox's request journal, on the
 * embedded store and on PostgreSQL: 75 customers (a reserved-instance and a software order
 * each), some PATCHes throttled with Retry-After and one customer whose order refuses to
 * cancel. Every other customer is deleted, each order is cancelled exactly once, the refusal is
 * reported for its customer only, and each throttled PATCH is retried after its wait.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedTarget, startPostgresTarget, type Target } from '@partnerbox/conformance';
import { SandboxControl } from '@partnerbox/testing';
import { offboardSandboxCustomers } from '../src/index.js';
import { appOnlyClient, startRealSandboxFrom, type RealSandbox } from './helpers/real-sandbox.js';

const STORES: [string, () => Promise<Target>][] = [
  ['SQLite', () => startEmbeddedTarget({ cancellationDelaySeconds: 1, journalSize: 5_000 })],
  ['PostgreSQL', () => startPostgresTarget({ cancellationDelaySeconds: 1, journalSize: 5_000 })],
];

describe.each(STORES)('bulk offboarding in the request journal (%s)', (_store, start) => {
  let sandbox: RealSandbox;
  let control: SandboxControl;
  beforeAll(async () => {
    sandbox = startRealSandboxFrom(await start());
    const plane = sandbox.target.control;
    if (!plane) throw new Error('no control plane');
    control = new SandboxControl(plane.url, plane.adminKey);
  });
  afterAll(() => sandbox.close());

  it('deletes every customer, cancels each order once, retries throttled calls and reports the one refusal', async () => {
    const seeded = await sandbox.api.control.scenario('full-sandbox');
    expect(seeded.customers).toHaveLength(75);
    const refusing = seeded.customers[10];
    const refusedOrder = refusing?.orderIds[0];
    if (!refusing || !refusedOrder) throw new Error('scenario without orders');
    await control.addFault({
      method: 'PATCH',
      path: `/v1/customers/${refusing.id}/orders/${refusedOrder}`,
      kind: 'error',
      status: 400,
    });
    await control.addFault({
      method: 'PATCH',
      path: '/v1/customers/*/orders/*',
      kind: 'throttle',
      retryAfterSeconds: 1,
      times: 5,
    });
    await control.clearRequests();

    const client = appOnlyClient(sandbox, sandbox.sandbox);
    const results = await offboardSandboxCustomers(
      client,
      seeded.customers.map((customer) => customer.id),
      { concurrency: 6, pollIntervalInMs: 250, deadlineInMs: 5 * 60_000 },
    );

    // Outcomes: the refusal on its customer only; all others deleted with their orders cancelled.
    const failed = results.filter((result) => !result.ok);
    expect(failed.map((result) => result.customerId)).toEqual([refusing.id]);
    for (const [index, result] of results.entries()) {
      if (!result.ok) continue;
      expect(result.result.deleted).toBe(true);
      expect([...result.result.cancelledOrderIds].sort()).toEqual(
        [...(seeded.customers[index]?.orderIds ?? [])].sort(),
      );
    }

    // The journal: one successful PATCH per order (the refused one: none), five 429s each
    // followed by a retry of the same order, and one DELETE per deleted customer.
    const patches = await control.listRequests({ method: 'PATCH', path: '/v1/customers/*/orders/*', limit: 1_000 });
    const succeeded = patches.filter((entry) => entry.status === 200).map((entry) => entry.path);
    const expected = seeded.customers.flatMap((customer) =>
      customer.orderIds
        .filter((orderId) => orderId !== refusedOrder)
        .map((orderId) => `/v1/customers/${customer.id}/orders/${orderId}`),
    );
    expect([...succeeded].sort()).toEqual([...expected].sort());
    const throttled = patches.filter((entry) => entry.status === 429);
    expect(throttled).toHaveLength(5);
    for (const entry of throttled) {
      const retry = patches.find((later) => later.seq > entry.seq && later.path === entry.path && later.status !== 429);
      expect(retry, `retry of ${entry.path}`).toBeDefined();
      expect(Date.parse(retry?.at ?? '') - Date.parse(entry.at)).toBeGreaterThanOrEqual(900);
    }
    const deletes = await control.listRequests({ method: 'DELETE', path: '/v1/customers/*', limit: 1_000 });
    const deleted = deletes.filter((entry) => entry.status < 300).map((entry) => entry.path);
    expect(new Set(deleted).size).toBe(deleted.length);
    expect([...deleted].sort()).toEqual(
      seeded.customers
        .filter((customer) => customer.id !== refusing.id)
        .map((customer) => `/v1/customers/${customer.id}`)
        .sort(),
    );
    expect(deletes.some((entry) => entry.path === `/v1/customers/${refusing.id}`)).toBe(false);
  });
});
