/** @module The sandbox offboarding workflow and its bulk form, against the fake Partner Center. */
import { describe, it, expect } from 'vitest';
import {
  AbortError,
  OffboardingDeadlineError,
  offboardSandboxCustomer,
  offboardSandboxCustomers,
  createOffboardingScheduler,
  type OffboardProgressEvent,
} from '../src/index.js';
import { C1, C2, C3, error, fakePartnerCenterClient } from './helpers/fake-partner-center.js';

function setup() {
  const { pc, client } = fakePartnerCenterClient('t');
  const events: OffboardProgressEvent[] = [];
  const options = { clock: pc.clock, onProgress: (event: OffboardProgressEvent) => events.push(event) };
  return { pc, client, events, options };
}

describe('offboardSandboxCustomer', () => {
  it('cancels each blocking order, waits for the cancellations, then deletes the customer', async () => {
    const { pc, client, events, options } = setup();
    pc.addCustomer(C1)
      .addOrder(C1, 'ri-order', { entitlementType: 'reservedinstance', cancelDelayInMs: 3_000 })
      .addOrder(C1, 'sw-order', { cancelDelayInMs: 0, cancelledSpelling: 'Cancelled' });

    const result = await offboardSandboxCustomer(client, C1, { ...options, pollIntervalInMs: 1_000 });

    expect(result).toMatchObject({
      customerId: C1,
      dryRun: false,
      deleted: true,
      alreadyDeleted: false,
      plan: {
        orderIds: ['ri-order', 'sw-order'],
        ordersToCancel: ['ri-order', 'sw-order'],
        alreadyCancelledOrderIds: [],
      },
    });
    expect(result.cancelledOrderIds.sort()).toEqual(['ri-order', 'sw-order']);
    expect(pc.customers.has(C1)).toBe(false);
    expect(pc.writes()).toEqual([
      `PATCH /v1/customers/${C1}/orders/ri-order`,
      `PATCH /v1/customers/${C1}/orders/sw-order`,
      `DELETE /v1/customers/${C1}`,
    ]);
    // Polled every interval while young (poll-schedule.ts): at 1 s, 2 s and 3 s, when the 3 s
    // cancellation is done (doubling waits saw it at 3 s too, but a 3.1 s one only at 7 s).
    expect(pc.clock.sleeps).toEqual([1_000, 1_000, 1_000]);
    expect(events.map((e) => e.type)).toEqual([
      'orders-found',
      'order-cancel-requested',
      'order-cancel-requested',
      'order-cancelled', // sw-order: the PATCH answer already read "Cancelled"
      'poll',
      'poll',
      'order-cancelled',
      'poll',
      'deleted',
    ]);
    expect(events[4]).toEqual({ type: 'poll', customerId: C1, attempt: 1, pending: ['ri-order'] });
    // One correlation id for the whole run.
    expect(new Set(pc.requests.map((r) => r.headers['ms-correlationid']))).toEqual(new Set([result.correlationId]));
  });

  it('PATCHes an order shared by several entitlements only once', async () => {
    const { pc, client, options } = setup();
    pc.addCustomer(C1).addOrder(C1, 'bundle-order', { entitlements: 3 }).addOrder(C1, 'other', { entitlements: 2 });
    const result = await offboardSandboxCustomer(client, C1, options);
    expect(result.plan.orderIds).toEqual(['bundle-order', 'other']);
    expect(pc.writes().filter((w) => w.startsWith('PATCH'))).toEqual([
      `PATCH /v1/customers/${C1}/orders/bundle-order`,
      `PATCH /v1/customers/${C1}/orders/other`,
    ]);
    // Both orders' states from one list of the customer's orders, no read of each.
    expect(pc.requests.filter((r) => r.method === 'GET' && new URL(r.url).pathname.endsWith('/orders'))).toHaveLength(
      1,
    );
    expect(pc.requests.filter((r) => r.method === 'GET' && r.url.includes('/orders/'))).toHaveLength(0);
  });

  it("polls a customer's pending orders with one list a round, and reads an order the list does not show yet", async () => {
    const { pc, client, options } = setup();
    pc.addCustomer(C1)
      .addOrder(C1, 'ri', { entitlementType: 'reservedinstance', cancelDelayInMs: 2_500 })
      .addOrder(C1, 'sw', { cancelDelayInMs: 2_500 })
      .addOrder(C1, 'late', { cancelDelayInMs: 2_500 });
    // The list lags behind the order 'late', as a list may behind a new order.
    pc.unlistedOrderIds.add('late');
    const result = await offboardSandboxCustomer(client, C1, { ...options, pollIntervalInMs: 1_000 });
    expect(result.deleted).toBe(true);
    expect(result.cancelledOrderIds.sort()).toEqual(['late', 'ri', 'sw']);
    const gets = pc.requests
      .filter((r) => r.method === 'GET')
      .map((r) => new URL(r.url).pathname.split('/').slice(4).join('/'));
    // The plan and each of the three poll rounds (1, 2 and 3 s): one list each, and a read of 'late'.
    expect(gets.filter((g) => g === 'orders')).toHaveLength(4);
    expect(gets.filter((g) => g.startsWith('orders/'))).toEqual(Array(4).fill('orders/late'));
  });

  it('throws OffboardingDeadlineError naming the orders still pending, and deletes nothing', async () => {
    const { pc, client, events, options } = setup();
    pc.addCustomer(C1)
      .addOrder(C1, 'stuck-1', { neverCancels: true })
      .addOrder(C1, 'quick', { cancelDelayInMs: 500 })
      .addOrder(C1, 'stuck-2', { cancelDelayInMs: 3_600_000 });
    const error = await offboardSandboxCustomer(client, C1, {
      ...options,
      deadlineInMs: 10_000,
      pollIntervalInMs: 1_000,
      maxPollIntervalInMs: 4_000,
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(OffboardingDeadlineError);
    const deadline = error as OffboardingDeadlineError;
    expect(deadline.pendingOrderIds).toEqual(['stuck-1', 'stuck-2']);
    expect(deadline.cancelledOrderIds).toEqual(['quick']);
    expect(deadline.customerId).toBe(C1);
    expect(deadline.message).toContain('stuck-1, stuck-2');
    // Each wait a quarter of the time so far, at least 1 s and at most 4 s, the last cut to end
    // exactly at the deadline: polls at 1, 2, 3, 4, 5, 6.25, 7.81, 9.77 and 10 s.
    expect(pc.clock.sleeps).toEqual([1_000, 1_000, 1_000, 1_000, 1_000, 1_250, 1_563, 1_953, 234]);
    expect(pc.writes().some((w) => w.startsWith('DELETE'))).toBe(false);
    expect(pc.customers.has(C1)).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'poll', customerId: C1, attempt: 9, pending: ['stuck-1', 'stuck-2'] });
  });

  it('accepts an absolute deadline', async () => {
    const { pc, client, options } = setup();
    pc.addCustomer(C1).addOrder(C1, 'stuck', { neverCancels: true });
    const deadline = new Date(pc.clock.now() + 2_500);
    const error = await offboardSandboxCustomer(client, C1, { ...options, deadline, pollIntervalInMs: 1_000 }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'OffboardingDeadlineError', pendingOrderIds: ['stuck'], deadline });
    expect(pc.clock.sleeps).toEqual([1_000, 1_000, 500]);
  });

  it('resumes after an interruption: skips cancelled orders and finishes the rest', async () => {
    const { pc, client, options } = setup();
    pc.addCustomer(C1).addOrder(C1, 'done-before').addOrder(C1, 'still-open', { cancelDelayInMs: 1_000 });
    pc.cancelNow(C1, 'done-before');

    const result = await offboardSandboxCustomer(client, C1, options);
    expect(result.plan.alreadyCancelledOrderIds).toEqual(['done-before']);
    expect(result.plan.ordersToCancel).toEqual(['still-open']);
    expect(pc.writes()).toEqual([`PATCH /v1/customers/${C1}/orders/still-open`, `DELETE /v1/customers/${C1}`]);
    expect(result.deleted).toBe(true);
  });

  it('resumes after a deadline error, without cancelling anything twice', async () => {
    const { pc, client, options } = setup();
    pc.addCustomer(C1).addOrder(C1, 'slow', { cancelDelayInMs: 20_000 });
    await expect(offboardSandboxCustomer(client, C1, { ...options, deadlineInMs: 5_000 })).rejects.toBeInstanceOf(
      OffboardingDeadlineError,
    );
    pc.clock.time += 60_000;
    const result = await offboardSandboxCustomer(client, C1, options);
    expect(result).toMatchObject({ deleted: true, plan: { ordersToCancel: [], alreadyCancelledOrderIds: ['slow'] } });
    expect(pc.writes()).toEqual([`PATCH /v1/customers/${C1}/orders/slow`, `DELETE /v1/customers/${C1}`]);
  });

  it('counts a customer that is already gone as done', async () => {
    const { client, events, options } = setup();
    const result = await offboardSandboxCustomer(client, C1, options);
    expect(result).toMatchObject({
      deleted: false,
      alreadyDeleted: true,
      plan: { deleteCustomer: false, orderIds: [] },
    });
    expect(events).toEqual([{ type: 'deleted', customerId: C1, alreadyDeleted: true }]);
  });

  it('dry run reports the plan and writes nothing', async () => {
    const { pc, client, events, options } = setup();
    pc.addCustomer(C1).addOrder(C1, 'open-1', { entitlements: 2 }).addOrder(C1, 'cancelled-1');
    pc.cancelNow(C1, 'cancelled-1');
    const result = await offboardSandboxCustomer(client, C1, { ...options, dryRun: true });
    expect(result).toMatchObject({
      dryRun: true,
      deleted: false,
      alreadyDeleted: false,
      plan: {
        customerId: C1,
        orderIds: ['open-1', 'cancelled-1'],
        ordersToCancel: ['open-1'],
        alreadyCancelledOrderIds: ['cancelled-1'],
        deleteCustomer: true,
      },
    });
    expect(pc.writes()).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(['orders-found']);
  });

  it('cancels orders that only the DELETE error names, then deletes', async () => {
    const { pc, client, events, options } = setup();
    pc.addCustomer(C1).addOrder(C1, 'listed').addOrder(C1, 'provisioning', { hidden: true, cancelDelayInMs: 1_000 });
    const result = await offboardSandboxCustomer(client, C1, options);
    expect(result.deleted).toBe(true);
    expect(result.plan.ordersToCancel).toEqual(['listed', 'provisioning']);
    expect(pc.writes()).toEqual([
      `PATCH /v1/customers/${C1}/orders/listed`,
      `DELETE /v1/customers/${C1}`,
      `PATCH /v1/customers/${C1}/orders/provisioning`,
      `DELETE /v1/customers/${C1}`,
    ]);
    expect(events).toContainEqual({ type: 'delete-blocked', customerId: C1, orderIds: ['provisioning'] });
  });

  it('looks at the order when its cancel PATCH fails, and rethrows if it is still open', async () => {
    const { pc, client, options } = setup();
    pc.addCustomer(C1).addOrder(C1, 'landed').addOrder(C1, 'refused');
    pc.intercept = (request) => {
      if (request.method !== 'PATCH') return undefined;
      if (request.url.endsWith('/landed')) {
        pc.cancelNow(C1, 'landed'); // the write landed, the answer did not make it
        return error(500, 500, 'An internal error occurred');
      }
      return error(
        400,
        900117,
        'You have passed your 60-day cancellation window. We are unable to cancel your purchase',
      );
    };
    const failure = await offboardSandboxCustomer(client, C1, options).catch((e: unknown) => e);
    expect(failure).toMatchObject({ name: 'PartnerCenterError', code: 900117 });
    expect(pc.orderStatus(C1, 'landed')).toBe('cancelled');
    expect(pc.customers.has(C1)).toBe(true);
  });

  it('stops when aborted', async () => {
    const { pc, client, options } = setup();
    pc.addCustomer(C1).addOrder(C1, 'slow', { cancelDelayInMs: 60_000 });
    const controller = new AbortController();
    const failure = await offboardSandboxCustomer(client, C1, {
      ...options,
      abortSignal: controller.signal,
      onProgress: (event) => {
        if (event.type === 'order-cancel-requested') controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AbortError);
    expect(pc.customers.has(C1)).toBe(true);
  });
});

describe('offboardSandboxCustomers', () => {
  it('offboards many: every cancellation first, calls bounded, each deleted once its orders clear; one failure does not stop the others', async () => {
    const { pc, client } = setup();
    pc.addCustomer(C1).addOrder(C1, 'o1').addCustomer(C3).addOrder(C3, 'o3', { cancelDelayInMs: 5_000 });
    pc.addCustomer(C2).addOrder(C2, 'refused');
    const base = pc.intercept;
    pc.intercept = (request) => {
      if (request.method === 'PATCH' && request.url.endsWith('/refused'))
        return error(400, 800061, 'Order cannot be cancelled');
      return base?.(request);
    };
    // Calls in flight, each held for a real millisecond so that unbounded calls would overlap.
    let inFlight = 0;
    let maxInFlight = 0;
    client.pipeline.addPolicy({
      name: 'countInFlight',
      sendRequest: async (request, next) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        try {
          await new Promise((resolve) => setTimeout(resolve, 1));
          return await next(request);
        } finally {
          inFlight--;
        }
      },
    });
    const finished: string[] = [];
    const polls: string[] = [];
    const results = await offboardSandboxCustomers(client, [C1, C2, C3, C1], {
      concurrency: 2,
      clock: pc.clock,
      pollIntervalInMs: 1_000,
      onResult: (r) => finished.push(r.customerId),
      onProgress: (event) => {
        if (event.type === 'poll') polls.push(`${event.customerId} ${event.attempt}`);
      },
    });
    expect(results.map((r) => [r.customerId, r.ok])).toEqual([
      [C1, true],
      [C2, false],
      [C3, true],
    ]);
    const failed = results[1];
    expect(failed?.ok === false && failed.error).toMatchObject({ code: 800061 });
    expect(maxInFlight).toBe(2);
    // Every PATCH before any DELETE; each order PATCHed once.
    const writes = pc.writes();
    const firstDelete = writes.findIndex((w) => w.startsWith('DELETE'));
    expect(writes.slice(0, firstDelete).sort()).toEqual(
      [
        `PATCH /v1/customers/${C1}/orders/o1`,
        `PATCH /v1/customers/${C2}/orders/refused`,
        `PATCH /v1/customers/${C3}/orders/o3`,
      ].sort(),
    );
    expect(writes.slice(firstDelete)).toEqual([`DELETE /v1/customers/${C1}`, `DELETE /v1/customers/${C3}`]);
    // C1's order cleared at the first poll and C1 was deleted then, while C3 still waited:
    // C3 was polled every second up to its 5 s cancellation, and seen cleared as it completed.
    expect(finished.indexOf(C1)).toBeLessThan(finished.indexOf(C3));
    expect(polls.filter((p) => p.startsWith(C3))).toEqual([1, 2, 3, 4, 5].map((n) => `${C3} ${n}`));
    expect(pc.customers.has(C1)).toBe(false);
    expect(pc.customers.has(C2)).toBe(true);
    expect(pc.customers.has(C3)).toBe(false);
  });

  it('starts later customers with the cancellation time it has observed (the interval adapts)', async () => {
    const { pc, client } = setup();
    pc.addCustomer(C1).addOrder(C1, 'first', { cancelDelayInMs: 8_000 });
    const scheduler = createOffboardingScheduler({
      clock: pc.clock,
      pollIntervalInMs: 1_000,
      maxPollIntervalInMs: 60_000,
    });
    await offboardSandboxCustomer(client, C1, { clock: pc.clock, scheduler });
    // Polled at 1, 2, 3, 4, 5, 6.25 and 7.81 s (pending), seen cleared at 9.77 s (an 8 s
    // cancellation, seen within a quarter of its time).
    expect(pc.clock.sleeps).toEqual([1_000, 1_000, 1_000, 1_000, 1_000, 1_250, 1_563, 1_953]);
    pc.clock.sleeps.length = 0;
    pc.addCustomer(C2).addOrder(C2, 'second', { cancelDelayInMs: 8_000 });
    const polls: number[] = [];
    await offboardSandboxCustomer(client, C2, {
      clock: pc.clock,
      scheduler,
      onProgress: (event) => {
        if (event.type === 'poll') polls.push(event.attempt);
      },
    });
    // The second customer's first poll waits the 7.81 s the first was seen pending, then a
    // quarter of that: seen at 9.77 s as the first was, in 2 polls instead of 8.
    expect(pc.clock.sleeps).toEqual([7_813, 1_953]);
    expect(polls).toEqual([1, 2]);
    expect(pc.customers.has(C2)).toBe(false);
  });

  it('rejects a concurrency that is not a positive integer', async () => {
    const { client } = setup();
    await expect(offboardSandboxCustomers(client, [C1], { concurrency: 0 })).rejects.toThrow(RangeError);
  });
});
