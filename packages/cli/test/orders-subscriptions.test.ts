/** @module `partnerbox orders …` and `partnerbox subscriptions …` against a real sandbox. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, runCli, startCliSandbox, type CliSandbox } from './helpers/cli.js';

let sandbox: CliSandbox;
let customer: { id: string; orderIds: string[]; subscriptionIds: string[] };
let token: string;

beforeAll(async () => {
  // An hour-long cancellation: a cancelled order stays pending while the test looks at it.
  sandbox = await startCliSandbox({ cancellationDelaySeconds: 3_600 });
  const seeded = await sandbox.api.control.scenario('offboarding', { count: 1 });
  const first = seeded.customers[0];
  if (!first) throw new Error('nothing seeded');
  customer = first;
  token = await sandbox.api.token(sandbox.sandbox);
});
afterAll(() => sandbox.close());

const env = () => sandbox.env(sandbox.sandbox);

async function orderStatus(orderId: string): Promise<string> {
  return (await sandbox.api.request('GET', `/v1/customers/${customer.id}/orders/${orderId}`, { token })).body.status;
}

async function subscriptionStatus(subscriptionId: string): Promise<string> {
  const response = await sandbox.api.request('GET', `/v1/customers/${customer.id}/subscriptions/${subscriptionId}`, {
    token,
  });
  return response.body.status;
}

describe('partnerbox orders', () => {
  it("lists a customer's orders", async () => {
    const text = await runCli(['orders', 'list', customer.id], { env: env() });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ID\s+STATUS\s+CREATED\s+BILLING\s+OFFERS/);
    expect(text.stdout).toContain('4 order(s)');
    const orders = json<{ id: string; status: string }[]>(
      await runCli(['orders', 'list', customer.id, '--json'], { env: env() }),
    );
    expect(orders.map((order) => order.id).sort()).toEqual([...customer.orderIds].sort());
    expect(orders.every((order) => order.status === 'completed')).toBe(true);
  });

  it('cancels only when confirmed; --dry-run changes nothing', async () => {
    const [reservedInstance, perpetual] = customer.orderIds;
    if (!reservedInstance || !perpetual) throw new Error('orders missing');
    // Order ids may start with "-": after "--" they are never read as options.

    const refused = await runCli(['orders', 'cancel', '--', customer.id, reservedInstance], { env: env() });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('stdin is not a terminal');

    const plan = await runCli(['orders', 'cancel', '--dry-run', '--', customer.id, reservedInstance, perpetual], {
      env: env(),
    });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(`${reservedInstance}: would cancel (now completed)`);
    expect(await orderStatus(reservedInstance)).toBe('completed');

    const cancelled = json<{ results: { orderId: string; ok: boolean; status: string; action: string }[] }>(
      await runCli(['orders', 'cancel', '--yes', '--json', '--', customer.id, reservedInstance], { env: env() }),
    );
    expect(cancelled.results).toEqual([
      { orderId: reservedInstance, ok: true, status: 'pending', action: 'cancel-requested' },
    ]);
    expect(await orderStatus(reservedInstance)).toBe('pending');
    await sandbox.api.control.advanceClock(3_601);
    expect(await orderStatus(reservedInstance)).toBe('cancelled');

    const again = await runCli(['orders', 'cancel', '--yes', '--', customer.id, reservedInstance], { env: env() });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`${reservedInstance}: already cancelled`);
  });

  it('reports a licence order, which Partner Center cancels through its subscription, as a failure', async () => {
    const licence = customer.orderIds[3] ?? '';
    const result = await runCli(['orders', 'cancel', '--yes', '--', customer.id, licence], { env: env() });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('800063');
  });
});

describe('partnerbox subscriptions', () => {
  it('lists, suspends with confirmation, and reactivates', async () => {
    const subscriptionId = customer.subscriptionIds[0] ?? '';
    const listed = json<{ id: string; status: string }[]>(
      await runCli(['subscriptions', 'list', customer.id, '--json'], { env: env() }),
    );
    expect(listed.map((s) => [s.id, s.status])).toEqual([[subscriptionId, 'active']]);

    const refused = await runCli(['subscriptions', 'suspend', customer.id, subscriptionId], { env: env() });
    expect(refused.code).toBe(3);
    expect(await subscriptionStatus(subscriptionId)).toBe('active');

    const suspended = await runCli(['subscriptions', 'suspend', customer.id, subscriptionId, '--yes'], { env: env() });
    expect(suspended.code).toBe(0);
    expect(suspended.stdout).toContain(`${subscriptionId}: suspended`);
    expect(await subscriptionStatus(subscriptionId)).toBe('suspended');

    const table = await runCli(['subscriptions', 'list', customer.id], { env: env() });
    expect(table.stdout).toMatch(new RegExp(`${subscriptionId}\\s+suspended\\s+5`));

    const plan = await runCli(['subscriptions', 'reactivate', customer.id, subscriptionId, '--dry-run'], {
      env: env(),
    });
    expect(plan.stdout).toContain(`${subscriptionId}: would reactivate (now suspended)`);
    expect(await subscriptionStatus(subscriptionId)).toBe('suspended');

    const reactivated = await runCli(['subscriptions', 'reactivate', customer.id, subscriptionId], { env: env() });
    expect(reactivated.code).toBe(0);
    expect(await subscriptionStatus(subscriptionId)).toBe('active');
  });

  it('fails with the service code for an unknown subscription', async () => {
    const unknown = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
    const result = await runCli(['subscriptions', 'suspend', customer.id, unknown, '--yes', '--json'], { env: env() });
    expect(result.code).toBe(6);
    const document = json<{ results: { ok: boolean; error: { code: number; requestId: string } }[] }>(result);
    expect(document.results[0]?.ok).toBe(false);
    expect(document.results[0]?.error.code).toBe(20003);
    expect(document.results[0]?.error.requestId).toBeTruthy();
  });
});
