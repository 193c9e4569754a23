/**
 * @module End to end: offboarding a full 75-customer integration sandbox (reserved instances
 * and software) with the bulk workflow, and the deadline error, against a real sandbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerBody } from '@partnerbox/conformance';
import {
  OffboardingDeadlineError,
  isPartnerCenterError,
  offboardSandboxCustomer,
  offboardSandboxCustomers,
  type OffboardProgressEvent,
} from '../src/index.js';
import { appOnlyClient, pause, startRealSandbox, type RealSandbox } from './helpers/real-sandbox.js';

describe('offboarding a full integration sandbox', () => {
  let sandbox: RealSandbox;
  beforeAll(async () => {
    // Cancellations take 30 sandbox seconds; the test moves the sandbox clock instead of waiting.
    sandbox = await startRealSandbox({ cancellationDelaySeconds: 30 });
  });
  afterAll(() => sandbox.close());

  it('cancels every reserved-instance and software order of 75 customers and deletes them all', async () => {
    const seeded = await sandbox.api.control.scenario('full-sandbox');
    expect(seeded.customers).toHaveLength(75);
    const client = appOnlyClient(sandbox, sandbox.sandbox);

    // The quota is used up.
    const refused = await client.customers.create(customerBody()).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isPartnerCenterError(refused) && refused.code).toBe(800018);

    const kinds = new Set<string>();
    for (const entitlement of (await client.entitlements.list(seeded.customers[0]?.id ?? '')).items) {
      kinds.add(String(entitlement.entitlementType).toLowerCase());
    }
    for (const entitlement of (await client.entitlements.list(seeded.customers[1]?.id ?? '')).items) {
      kinds.add(String(entitlement.entitlementType).toLowerCase());
    }
    expect(kinds).toEqual(new Set(['reservedinstance', 'software']));

    // The sandbox clock moves on in parallel, as time would.
    let running = true;
    const clock = (async () => {
      for (let i = 0; running && i < 6_000; i++) {
        await sandbox.api.control.advanceClock(10);
        await pause(50);
      }
    })();

    const events: OffboardProgressEvent[] = [];
    const finished: string[] = [];
    let results;
    try {
      results = await offboardSandboxCustomers(
        client,
        seeded.customers.map((customer) => customer.id),
        {
          concurrency: 4,
          pollIntervalInMs: 100,
          maxPollIntervalInMs: 400,
          deadlineInMs: 5 * 60_000,
          onProgress: (event) => events.push(event),
          onResult: (result) => finished.push(result.customerId),
        },
      );
    } finally {
      running = false;
      await clock;
    }

    expect(results.filter((result) => !result.ok)).toEqual([]);
    expect(results.map((result) => result.customerId)).toEqual(seeded.customers.map((customer) => customer.id));
    expect(finished).toHaveLength(75);
    for (const [index, result] of results.entries()) {
      if (!result.ok) continue;
      expect(result.result.deleted).toBe(true);
      expect([...result.result.cancelledOrderIds].sort()).toEqual(
        [...(seeded.customers[index]?.orderIds ?? [])].sort(),
      );
    }
    const cancelled = results.reduce(
      (sum, result) => sum + (result.ok ? result.result.cancelledOrderIds.length : 0),
      0,
    );
    expect(cancelled).toBe(seeded.customers.reduce((sum, customer) => sum + customer.orderIds.length, 0));
    expect(events.filter((event) => event.type === 'deleted')).toHaveLength(75);
    // Each order was PATCHed once, not once per entitlement.
    const requested = events.flatMap((event) => (event.type === 'order-cancel-requested' ? [event.orderId] : []));
    expect(new Set(requested).size).toBe(requested.length);

    // Nothing left, and the quota is back.
    const left = await client.customers.list().byPage().next();
    expect(left.done ? 0 : left.value.items.length).toBe(0);
    const created = await client.customers.create(customerBody());
    expect(created.id).toBeTruthy();
  });
});

describe('the offboarding deadline', () => {
  let sandbox: RealSandbox;
  beforeAll(async () => {
    // An hour-long cancellation: nothing completes while the test runs unless the clock moves.
    sandbox = await startRealSandbox({ cancellationDelaySeconds: 3_600 });
  });
  afterAll(() => sandbox.close());

  it('names the orders still pending, deletes nothing, and a later run resumes', async () => {
    const seeded = await sandbox.api.control.scenario('offboarding', { count: 1 });
    const customer = seeded.customers[0];
    if (!customer) throw new Error('no customer seeded');
    const client = appOnlyClient(sandbox, sandbox.sandbox);
    // Reserved instance, perpetual software and software subscription block; the licence does not.
    const { plan } = await offboardSandboxCustomer(client, customer.id, { dryRun: true });
    expect(plan.ordersToCancel).toHaveLength(3);

    const error = await offboardSandboxCustomer(client, customer.id, {
      deadlineInMs: 1_000,
      pollIntervalInMs: 200,
    }).then(
      () => undefined,
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(OffboardingDeadlineError);
    const deadline = error as OffboardingDeadlineError;
    expect(deadline.customerId).toBe(customer.id);
    expect([...deadline.pendingOrderIds].sort()).toEqual([...plan.ordersToCancel].sort());
    for (const orderId of plan.ordersToCancel) expect(deadline.message).toContain(orderId);
    // Not deleted; the cancellations are in flight.
    expect((await client.customers.get(customer.id)).id).toBe(customer.id);
    for (const orderId of plan.ordersToCancel) {
      expect((await client.orders.get(customer.id, orderId)).status).toBe('pending');
    }

    // An hour later the cancellations are done (their entitlements are no longer listed):
    // running again cancels nothing twice and deletes.
    await sandbox.api.control.advanceClock(3_601);
    for (const orderId of plan.ordersToCancel) {
      expect((await client.orders.get(customer.id, orderId)).status).toBe('cancelled');
    }
    const events: OffboardProgressEvent[] = [];
    const resumed = await offboardSandboxCustomer(client, customer.id, {
      pollIntervalInMs: 100,
      onProgress: (event) => events.push(event),
    });
    expect(resumed.deleted).toBe(true);
    expect(resumed.plan.ordersToCancel).toEqual([]);
    expect(events.filter((event) => event.type === 'order-cancel-requested')).toEqual([]);
    const gone = await client.customers.get(customer.id).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isPartnerCenterError(gone) && gone.code).toBe(20002);
  });

  it('reports the deadline per customer in bulk, the others unaffected', async () => {
    const pending = await sandbox.api.control.scenario('offboarding', { count: 2 });
    const empty = await sandbox.api.control.scenario('customers-only', { count: 1 });
    const client = appOnlyClient(sandbox, sandbox.sandbox);
    const ids = [...pending.customers.map((c) => c.id), ...empty.customers.map((c) => c.id)];

    const results = await offboardSandboxCustomers(client, ids, {
      concurrency: 3,
      deadline: new Date(Date.now() + 1_000),
      pollIntervalInMs: 200,
    });

    expect(results.map((result) => result.ok)).toEqual([false, false, true]);
    for (const result of results.slice(0, 2)) {
      expect(!result.ok && result.error).toBeInstanceOf(OffboardingDeadlineError);
      expect(!result.ok && (result.error as OffboardingDeadlineError).pendingOrderIds).toHaveLength(3);
    }
  });
});
