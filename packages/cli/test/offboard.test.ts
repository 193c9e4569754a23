/**
 * @module `partnerbox offboard` as a separate process: a full 75-customer integration sandbox,
 * the integration-sandbox guard, progress lines, partial failures and the deadline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, runCli, startCli, startCliSandbox, type CliSandbox } from './helpers/cli.js';

/** The customer's company name as the sandbox has it ('' once it is gone). */
async function companyName(sandbox: CliSandbox, customerId: string): Promise<string> {
  const token = await sandbox.api.token(sandbox.sandbox);
  const response = await sandbox.api.request('GET', `/v1/customers/${customerId}`, { token });
  if (response.status !== 200) return '';
  return String((response.body.companyProfile as { companyName?: string } | undefined)?.companyName ?? '');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface OffboardDocument {
  dryRun: boolean;
  summary: { total: number; offboarded: number; alreadyGone: number; failed: number; deadline: number };
  results: {
    customerId: string;
    ok: boolean;
    deleted?: boolean;
    cancelledOrderIds?: string[];
    plan?: { ordersToCancel: string[] };
    error?: { code?: number; message: string; pendingOrderIds?: string[]; exitCode: number };
  }[];
}

describe('partnerbox offboard on a full integration sandbox', () => {
  let sandbox: CliSandbox;
  beforeAll(async () => {
    // One-second cancellations keep the real waiting short.
    sandbox = await startCliSandbox({ cancellationDelaySeconds: 1 });
  });
  afterAll(() => sandbox.close());

  it('offboards all 75 customers with their reserved-instance and software orders (--all --yes)', async () => {
    const seeded = await sandbox.api.control.scenario('full-sandbox');
    expect(seeded.customers).toHaveLength(75);
    const env = sandbox.env(sandbox.sandbox);

    // The sandbox clock moves on in parallel, so cancellations complete by the first poll.
    let running = true;
    const clock = (async () => {
      for (let i = 0; running && i < 3_000; i++) {
        await sandbox.api.control.advanceClock(5);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    let result;
    try {
      result = await runCli(
        ['offboard', '--all', '--yes', '--sandbox-account', '--json', '--concurrency', '6', '--poll-interval', '250ms'],
        { env, timeoutInMs: 240_000 },
      );
    } finally {
      running = false;
      await clock;
    }

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const document = json<OffboardDocument>(result);
    expect(document.summary).toMatchObject({ total: 75, offboarded: 75, failed: 0, deadline: 0 });
    const byId = new Map(document.results.map((r) => [r.customerId, r]));
    for (const customer of seeded.customers) {
      const outcome = byId.get(customer.id);
      expect(outcome?.deleted).toBe(true);
      expect([...(outcome?.cancelledOrderIds ?? [])].sort()).toEqual([...customer.orderIds].sort());
    }
    const left = json<unknown[]>(await runCli(['customers', 'list', '--json'], { env }));
    expect(left).toEqual([]);
  });

  it('prints a plain line per step when stdout is not a terminal', async () => {
    const seeded = await sandbox.api.control.scenario('offboarding', { count: 2 });
    const [first, second] = seeded.customers;
    if (!first || !second) throw new Error('nothing seeded');
    const names = await Promise.all([first, second].map((c) => companyName(sandbox, c.id)));
    expect(names.every((name) => name !== '')).toBe(true);

    const result = await runCli(
      ['offboard', first.id, second.id, '--yes', '--sandbox-account', '--poll-interval', '250ms'],
      { env: sandbox.env(sandbox.sandbox) },
    );

    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toContain(`${first.id}: 3 order(s) to cancel`);
    for (const orderId of first.orderIds.slice(0, 3)) {
      expect(lines).toContain(`${first.id}: cancelling order ${orderId}`);
      expect(lines).toContain(`${first.id}: order ${orderId} cancelled`);
    }
    expect(lines).toContain(`${first.id}: deleted`);
    // Each customer's row names its id and its company (two companies may share a name),
    // with the time so far and, until the last, an estimate of the rest.
    const done = lines.filter((line) => /^\[[12]\/2\] /.test(line));
    expect(done).toHaveLength(2);
    expect(done[0]).toMatch(/^\[1\/2\] \S+ \(.+\) offboarded in \S+; elapsed \S+, ETA \S+$/);
    expect(done[1]).toMatch(/^\[2\/2\] \S+ \(.+\) offboarded in \S+; elapsed \S+$/);
    for (const [i, customer] of [first, second].entries()) {
      expect(done.some((line) => line.includes(`${customer.id} (${names[i]}) offboarded`))).toBe(true);
      // The summary table: one row per customer with what became of it.
      expect(
        lines.some((line) => new RegExp(`^${customer.id} +${escape(names[i] ?? '')} +offboarded +3 +\\S+$`).test(line)),
      ).toBe(true);
    }
    expect(lines).toContainEqual(expect.stringMatching(/^CUSTOMER +COMPANY +RESULT +ORDERS CANCELLED +TIME$/));
    expect(lines.at(-1)).toMatch(/^Offboarded 2 of 2 customer\(s\) in \S+\.$/);
    // No terminal: no cursor movement.
    expect(result.stdout).not.toContain('\x1b[');
  });

  it('plans with --dry-run without changing anything', async () => {
    const seeded = await sandbox.api.control.scenario('offboarding', { count: 1 });
    const customer = seeded.customers[0];
    if (!customer) throw new Error('nothing seeded');

    const result = await runCli(['offboard', customer.id, '--dry-run', '--json'], {
      env: sandbox.env(sandbox.sandbox),
    });

    expect(result.code).toBe(0);
    const document = json<OffboardDocument>(result);
    expect(document.dryRun).toBe(true);
    expect([...(document.results[0]?.plan?.ordersToCancel ?? [])].sort()).toEqual(
      [...customer.orderIds.slice(0, 3)].sort(),
    );
    // Not acknowledged as an integration sandbox: fine for a plan, said on stderr.
    expect(result.stderr).toContain('a real run will refuse');
    const token = await sandbox.api.token(sandbox.sandbox);
    const orders = await sandbox.api.request('GET', `/v1/customers/${customer.id}/orders`, { token });
    expect((orders.body.items as { status: string }[]).map((order) => order.status)).toEqual([
      'completed',
      'completed',
      'completed',
      'completed',
    ]);
  });

  it('reports a partial failure with exit code 4, the others done', async () => {
    const seeded = await sandbox.api.control.scenario('customers-only', { count: 3 });
    const [a, b, c] = seeded.customers.map((customer) => customer.id);
    if (!a || !b || !c) throw new Error('nothing seeded');
    await sandbox.api.control.addFault({
      method: 'DELETE',
      path: `/v1/customers/${b}`,
      kind: 'error',
      status: 400,
      times: 5,
    });

    try {
      const result = await runCli(['offboard', a, b, c, '--yes', '--sandbox-account', '--json'], {
        env: sandbox.env(sandbox.sandbox),
      });

      expect(result.code).toBe(4);
      const document = json<OffboardDocument>(result);
      expect(document.summary).toMatchObject({ total: 3, offboarded: 2, failed: 1 });
      expect(document.results.map((r) => [r.customerId, r.ok])).toEqual([
        [a, true],
        [b, false],
        [c, true],
      ]);
      expect(document.results[1]?.error?.code).toBe(400);
    } finally {
      await sandbox.api.control.clearFaults();
    }
  });

  it('refuses usage mistakes with exit code 2', async () => {
    const env = sandbox.env(sandbox.sandbox);
    const neither = await runCli(['offboard', '--yes'], { env });
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('Pass the customer ids to offboard, or --all.');
    const both = await runCli(['offboard', '--all', '0b9f7a52-1b1c-4c1e-9d6f-5a0a7c1e2f3d'], { env });
    expect(both.code).toBe(2);
    const deadline = await runCli(['offboard', '--all', '--deadline', 'tomorrow'], { env });
    expect(deadline.code).toBe(2);
    expect(deadline.stderr).toContain('--deadline');
  });

  it('shows each duration default in the unit it parses, and refuses a bare number', async () => {
    const help = await runCli(['offboard', '--help']);
    expect(help.code).toBe(0);
    const flat = help.stdout.replace(/\s+/g, ' ');
    expect(flat).toMatch(/--poll-interval <duration> .*\(default: 2s\)/);
    expect(flat).toMatch(/--max-poll-interval <duration> .*\(default: 30s\)/);
    expect(flat).toMatch(/--deadline <when> .*\(default: 10m\)/);
    const bare = await runCli(['offboard', '--all', '--poll-interval', '2000'], { env: sandbox.env(sandbox.sandbox) });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('a duration needs its unit: 2000s or 2000ms?');
  });

  it('reports an unknown id as not found (exit 6), changing nothing; --ignore-missing offboards the rest', async () => {
    const seeded = await sandbox.api.control.scenario('offboarding', { count: 1 });
    const customer = seeded.customers[0];
    if (!customer) throw new Error('nothing seeded');
    const typo = '0b9f7a52-1b1c-4c1e-9d6f-5a0a7c1e2f3d';
    const env = sandbox.env(sandbox.sandbox);

    const refused = await runCli(['offboard', customer.id, typo, '--yes', '--sandbox-account'], { env });
    expect(refused.code).toBe(6);
    expect(refused.stderr).toContain(`Customer not found: ${typo}. Nothing was changed.`);
    expect(refused.stderr.match(/not found/g)).toHaveLength(1);
    expect(refused.stdout).toBe('');
    expect(await companyName(sandbox, customer.id)).not.toBe('');

    const machine = await runCli(['offboard', typo, '--dry-run', '--json'], { env });
    expect(machine.code).toBe(6);
    expect(json<{ error: { exitCode: number } }>(machine).error.exitCode).toBe(6);

    const skipped = await runCli(
      ['offboard', customer.id, typo, '--yes', '--sandbox-account', '--ignore-missing', '--poll-interval', '250ms'],
      { env },
    );
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toContain(`customer ${typo} not found: skipped (--ignore-missing)`);
    expect(skipped.stdout).toMatch(/^Offboarded 1 of 1 customer\(s\) in \S+\.$/m);
  });
});

describe('partnerbox offboard refuses what is not an integration sandbox', () => {
  let sandbox: CliSandbox;
  beforeAll(async () => {
    sandbox = await startCliSandbox();
  });
  afterAll(() => sandbox.close());

  async function orderStatuses(partner: CliSandbox['sandbox'], customerId: string): Promise<string[]> {
    const token = await sandbox.api.token(partner);
    const response = await sandbox.api.request('GET', `/v1/customers/${customerId}/orders`, { token });
    return (response.body.items as { status: string }[]).map((order) => order.status);
  }

  it('without the acknowledgement, refuses before any call (exit 3)', async () => {
    const seeded = await sandbox.api.control.scenario('offboarding', { count: 1 });
    const customer = seeded.customers[0];
    if (!customer) throw new Error('nothing seeded');

    const result = await runCli(['offboard', '--all', '--yes'], { env: sandbox.env(sandbox.sandbox) });

    expect(result.code).toBe(3);
    expect(result.stderr).toContain('offboard only runs against a Partner Center integration sandbox account.');
    expect(result.stderr).toContain('--sandbox-account');
    expect(await orderStatuses(sandbox.sandbox, customer.id)).toEqual([
      'completed',
      'completed',
      'completed',
      'completed',
    ]);
  });

  it('on a production account, refuses even when told it is a sandbox, cancelling nothing (exit 3)', async () => {
    const seeded = await sandbox.api.control.scenario('relationship-removal', { count: 1 });
    const customer = seeded.customers[0];
    if (!customer) throw new Error('nothing seeded');
    // A production account may cancel software: the guard must stop before any cancellation.
    const token = await sandbox.api.token(sandbox.production);
    const software = await sandbox.api.request('POST', `/v1/customers/${customer.id}/orders`, {
      token,
      body: { lineItems: [{ lineItemNumber: 0, offerId: 'DG7GMGF0DWT0:0001:DG7GMGF0DSQR', quantity: 1 }] },
    });
    expect(software.status).toBe(201);

    const result = await runCli(['offboard', '--all', '--yes', '--sandbox-account'], {
      env: sandbox.env(sandbox.production),
    });

    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      'This account is not an integration sandbox: offboard refused, nothing was changed.',
    );
    expect(result.stderr).toContain('900127');
    // Nothing cancelled (a cancellation in progress would read "pending").
    expect(await orderStatuses(sandbox.production, customer.id)).toEqual([
      'completed',
      'completed',
      'completed',
      'completed',
    ]);
  });

  it('takes the acknowledgement from the profile too', async () => {
    const seeded = await sandbox.api.control.scenario('customers-only', { count: 1 });
    const customer = seeded.customers[0];
    if (!customer) throw new Error('nothing seeded');
    const result = await runCli(['offboard', customer.id, '--yes'], {
      env: sandbox.env(sandbox.sandbox, { PARTNERBOX_INTEGRATION_SANDBOX: '1' }),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${customer.id}: deleted`);
  });

  it('goes on when the probe gets a 404 without Partner Center’s code, as the gateway sends', async () => {
    const seeded = await sandbox.api.control.scenario('customers-only', { count: 1 });
    const customer = seeded.customers[0];
    if (!customer) throw new Error('nothing seeded');
    // The first DELETE is the probe (a made-up id): answer it like the gateway would.
    await sandbox.api.control.addFault({
      method: 'DELETE',
      path: '/v1/customers/*',
      kind: 'error',
      status: 404,
      times: 1,
    });
    const result = await runCli(['offboard', customer.id, '--yes', '--sandbox-account'], {
      env: sandbox.env(sandbox.sandbox),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`${customer.id}: deleted`);
    expect(await sandbox.api.control.ok('GET', '/faults')).toEqual([]);
  });
});

describe('partnerbox offboard --deadline', () => {
  let sandbox: CliSandbox;
  beforeAll(async () => {
    // An hour-long cancellation and a one-second deadline.
    sandbox = await startCliSandbox({ cancellationDelaySeconds: 3_600 });
  });
  afterAll(() => sandbox.close());

  it('exits 5 naming the orders still pending, deleting nothing; a later run finishes', async () => {
    const seeded = await sandbox.api.control.scenario('offboarding', { count: 1 });
    const customer = seeded.customers[0];
    if (!customer) throw new Error('nothing seeded');
    const blocking = customer.orderIds.slice(0, 3);
    const env = sandbox.env(sandbox.sandbox, { PARTNERBOX_INTEGRATION_SANDBOX: 'true' });

    const text = await runCli(['offboard', customer.id, '--yes', '--deadline', '1s', '--poll-interval', '200ms'], {
      env,
    });
    expect(text.code).toBe(5);
    for (const orderId of blocking) expect(text.stderr).toContain(orderId);
    // The error once (on stderr); the table names its kind; the hint once.
    const everything = `${text.stdout}${text.stderr}`;
    expect(everything.match(/the deadline \([^)]+\) passed while/g)).toHaveLength(1);
    expect(text.stdout).toMatch(new RegExp(`^${customer.id} +.+ +deadline \\(3 pending\\) +- +\\S+$`, 'm'));
    expect(everything.match(/run the same command again to resume/g)).toHaveLength(1);

    const machine = await runCli(
      ['offboard', customer.id, '--yes', '--deadline', '1s', '--poll-interval', '200ms', '--json'],
      { env },
    );
    expect(machine.code).toBe(5);
    const document = json<OffboardDocument>(machine);
    expect(document.summary).toMatchObject({ total: 1, failed: 1, deadline: 1 });
    expect([...(document.results[0]?.error?.pendingOrderIds ?? [])].sort()).toEqual([...blocking].sort());
    expect(document.results[0]?.error?.exitCode).toBe(5);

    await sandbox.api.control.advanceClock(3_601);
    const resumed = await runCli(['offboard', customer.id, '--yes'], { env });
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`${customer.id}: deleted`);
  });

  it('on SIGINT (Ctrl+C) stops, names each interrupted customer once, and says how to resume', async () => {
    const seeded = await sandbox.api.control.scenario('offboarding', { count: 2 });
    const [first, second] = seeded.customers;
    if (!first || !second) throw new Error('nothing seeded');
    const env = sandbox.env(sandbox.sandbox, { PARTNERBOX_INTEGRATION_SANDBOX: 'true' });

    const running = startCli(['offboard', first.id, second.id, '--yes', '--poll-interval', '200ms'], { env });
    // Both customers are waiting for their hour-long cancellations.
    await running.waitFor(new RegExp(`${first.id}: 3 cancellation\\(s\\) still pending`));
    await running.waitFor(new RegExp(`${second.id}: 3 cancellation\\(s\\) still pending`));
    running.child.kill('SIGINT');
    const result = await running.done;

    expect(result.code).toBe(130);
    for (const customer of [first, second]) {
      const mentions = result.stderr.split('\n').filter((line) => line.includes(customer.id));
      expect(mentions).toHaveLength(1);
      expect(result.stdout).toMatch(new RegExp(`^${customer.id} +.+ +interrupted +- +\\S+$`, 'm'));
    }
    expect(result.stdout.match(/^Interrupted: 2 customer\(s\) not finished/gm)).toHaveLength(1);
    expect(result.stdout.match(/To resume, run the same command again with --ignore-missing/g)).toHaveLength(1);
    expect(result.stdout).toContain(`partnerbox offboard ${first.id} ${second.id}`);
    // Nothing was deleted.
    expect(await companyName(sandbox, first.id)).not.toBe('');
  });
});
