/** @module `partnerbox customers …` as a separate process against a real sandbox. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerBody, OFFERS, orderBody } from '@partnerbox/conformance';
import { GUID, json, runCli, startCliSandbox, type CliSandbox } from './helpers/cli.js';

let sandbox: CliSandbox;
let seeded: { id: string; orderIds: string[]; subscriptionIds: string[] }[];
let token: string;

beforeAll(async () => {
  sandbox = await startCliSandbox();
  seeded = (await sandbox.api.control.scenario('customers-only', { count: 3 })).customers;
  token = await sandbox.api.token(sandbox.sandbox);
});
afterAll(() => sandbox.close());

const env = () => sandbox.env(sandbox.sandbox);

async function customerExists(id: string): Promise<boolean> {
  const response = await sandbox.api.request('GET', `/v1/customers/${id}`, { token });
  return response.status === 200;
}

describe('partnerbox customers list and get', () => {
  it('lists every customer as a table, and as one JSON document', async () => {
    const text = await runCli(['customers', 'list'], { env: env() });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ID\s+COMPANY\s+DOMAIN\s+RELATIONSHIP/);
    for (const customer of seeded) expect(text.stdout).toContain(customer.id);
    expect(text.stdout).toContain('3 customer(s)');

    const listed = json<{ id: string; relationshipToPartner: string }[]>(
      await runCli(['customers', 'list', '--json', '--size', '2'], { env: env() }),
    );
    expect(listed.map((customer) => customer.id).sort()).toEqual(seeded.map((customer) => customer.id).sort());
    expect(listed.every((customer) => customer.relationshipToPartner === 'reseller')).toBe(true);

    const limited = json<unknown[]>(await runCli(['customers', 'list', '--json', '--limit', '1'], { env: env() }));
    expect(limited).toHaveLength(1);
  });

  it('filters by company name prefix', async () => {
    const listed = json<{ companyProfile: { companyName: string } }[]>(
      await runCli(['customers', 'list', '--json', '--company', 'customers only 2'], { env: env() }),
    );
    expect(listed.map((customer) => customer.companyProfile.companyName)).toEqual(['Customers Only 2']);
  });

  it('shows one customer', async () => {
    const id = seeded[0]?.id ?? '';
    const text = await runCli(['customers', 'get', id], { env: env() });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`id:              ${id}`);
    expect(text.stdout).toContain('relationship:    reseller');
    const customer = json<{ id: string; billingProfile: { email: string } }>(
      await runCli(['customers', 'get', id, '--json'], { env: env() }),
    );
    expect(customer.id).toBe(id);
    expect(customer.billingProfile.email).toContain('@');
  });

  it("prints Partner Center's code, description and request id on stderr, once, and exits 6 for a 404", async () => {
    const unknown = '0b9f7a52-1b1c-4c1e-9d6f-5a0a7c1e2f3d';
    const result = await runCli(['customers', 'get', unknown], { env: env() });
    expect(result.code).toBe(6);
    expect(result.stderr.match(/Partner Center refused/g)).toHaveLength(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`Partner Center refused GET /v1/customers/${unknown} with HTTP 404`);
    expect(result.stderr).toMatch(/code: +20002/);
    expect(result.stderr).toMatch(/description: +No relationship between caller and account\./);
    expect(result.stderr).toMatch(new RegExp(`request id: +${GUID.source}`, 'i'));

    const machine = await runCli(['customers', 'get', unknown, '--json'], { env: env() });
    expect(machine.code).toBe(6);
    const { error } = json<{ error: { statusCode: number; code: number; requestId: string; exitCode: number } }>(
      machine,
    );
    expect(error).toMatchObject({ statusCode: 404, code: 20002, exitCode: 6 });
    expect(error.requestId).toMatch(GUID);
    expect(machine.stderr).toContain(error.requestId);
  });
});

describe('partnerbox customers create', () => {
  it('creates a customer from flags and shows the admin password once', async () => {
    const label = `pbxcli${Date.now().toString(36)}`;
    const args = [
      'customers',
      'create',
      '--domain',
      `${label}.onmicrosoft.com`,
      '--company-name',
      `CLI ${label}`,
      '--email',
      `ap@${label}.example`,
      '--country',
      'US',
      '--city',
      'Redmond',
      '--state',
      'WA',
      '--address-line1',
      '1 Microsoft Way',
      '--postal-code',
      '98052',
    ];
    const text = await runCli(args, { env: env() });
    expect(text.code).toBe(0);
    const id = GUID.exec(text.stdout)?.[0] ?? '';
    expect(text.stdout).toContain(`Created customer ${id} (${label}.onmicrosoft.com).`);
    expect(text.stdout).toMatch(/Password: +\S+/);
    expect(await customerExists(id)).toBe(true);

    // The domain is taken now: Partner Center's 409 with its code.
    const again = await runCli(args, { env: env() });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/HTTP 409[\s\S]*code: +600013/);
  });

  it('creates from a JSON body and is idempotent with --request-id', async () => {
    const body = JSON.stringify(customerBody());
    const requestId = '5f1d7c2e-8a4b-4c3d-9e2f-1a0b3c4d5e6f';
    const first = json<{ id: string; userCredentials: { password: string } }>(
      await runCli(['customers', 'create', '--from-file', '-', '--request-id', requestId, '--json'], {
        env: env(),
        input: body,
      }),
    );
    const second = json<{ id: string; userCredentials: { password: string } }>(
      await runCli(['customers', 'create', '--from-file', '-', '--request-id', requestId, '--json'], {
        env: env(),
        input: body,
      }),
    );
    expect(second.id).toBe(first.id);
    expect(second.userCredentials.password).toBe(first.userCredentials.password);
  });

  it('refuses an incomplete command line with exit code 2', async () => {
    const result = await runCli(['customers', 'create', '--domain', 'x.onmicrosoft.com'], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Missing --company-name, --email, --country, --city, --address-line1');
  });
});

describe('partnerbox customers delete', () => {
  it('refuses without a terminal and without --yes, deleting nothing (exit 3)', async () => {
    const id = seeded[1]?.id ?? '';
    const result = await runCli(['customers', 'delete', id], { env: env() });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`Refusing to delete customer ${id} without confirmation: stdin is not a terminal.`);
    expect(result.stderr).toContain('--yes');
    expect(await customerExists(id)).toBe(true);
  });

  it('prints the plan with --dry-run, naming the orders that would block the deletion', async () => {
    const created = await sandbox.api.request('POST', '/v1/customers', { token, body: customerBody() });
    const id = created.body.id as string;
    const order = await sandbox.api.request('POST', `/v1/customers/${id}/orders`, {
      token,
      body: orderBody(OFFERS.reservedInstance),
    });
    const blocked = await runCli(['customers', 'delete', id, '--dry-run'], { env: env() });
    expect(blocked.code).toBe(3);
    expect(blocked.stdout).toContain(`Partner Center would refuse: orders not cancelled: ${order.body.id as string}`);

    const free = seeded[2]?.id ?? '';
    const plan = json<{ dryRun: boolean; deleted: boolean; blockingOrderIds: string[] }>(
      await runCli(['customers', 'delete', free, '--dry-run', '--json'], { env: env() }),
    );
    expect(plan).toEqual({ customerId: free, dryRun: true, deleted: false, blockingOrderIds: [] });
    expect(await customerExists(free)).toBe(true);
  });

  it('deletes with --yes', async () => {
    const id = seeded[2]?.id ?? '';
    const result = await runCli(['customers', 'delete', id, '--yes'], { env: env() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Deleted customer ${id}`);
    expect(await customerExists(id)).toBe(false);
  });
});

describe('partnerbox customers remove-relationship', () => {
  it('needs App+User, refuses while subscriptions are active, and suspends them first when asked', async () => {
    const [customer] = (await sandbox.api.control.scenario('relationship-removal', { count: 2 })).customers.slice(1);
    if (!customer) throw new Error('no customer');
    const appOnly = sandbox.env(sandbox.production);

    const dryRun = await runCli(['customers', 'remove-relationship', customer.id, '--dry-run'], { env: appOnly });
    expect(dryRun.code).toBe(3);
    expect(dryRun.stdout).toContain(`blocked by active subscriptions ${customer.subscriptionIds.join(', ')}`);

    const appOnlyRun = await runCli(['customers', 'remove-relationship', customer.id, '--yes'], { env: appOnly });
    expect(appOnlyRun.code).toBe(2);
    expect(appOnlyRun.stderr).toContain('needs an App+User credential');

    const appUser = sandbox.env(sandbox.production, {
      PARTNERBOX_REFRESH_TOKEN: await sandbox.refreshToken(sandbox.production),
    });
    const refused = await runCli(['customers', 'remove-relationship', customer.id, '--yes', '--json'], {
      env: appUser,
    });
    expect(refused.code).toBe(3);
    const refusal = json<{ results: { ok: boolean; error: { activeSubscriptionIds: string[] } }[] }>(refused);
    expect(refusal.results[0]?.error.activeSubscriptionIds.sort()).toEqual([...customer.subscriptionIds].sort());

    const removed = await runCli(
      ['customers', 'remove-relationship', customer.id, '--yes', '--suspend-active-subscriptions'],
      { env: appUser },
    );
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain(`${customer.id}: relationship removed (suspended `);
    const productionToken = await sandbox.api.token(sandbox.production);
    const gone = await sandbox.api.request('GET', `/v1/customers/${customer.id}`, { token: productionToken });
    expect(gone.status).toBe(404);
  });
});
