/**
 * Killing one of two `partnerbox serve` processes mid-traffic: SIGKILL, no shutdown hook, in the
 * middle of a bounded stream of creates. The survivor keeps serving, every create that was
 * answered 201 is there afterwards (read through the survivor), nothing is half-written, and the
 * requests that went to the dead process failed with connection errors, not with answers.
 * The kill happens after a number of responses, not after a sleep: no timing assumptions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, customerBody, OFFERS, readPartners, type TestDatabase } from '@partnerbox/conformance';
import { countOrphans, halfWrittenOrders, NO_ORPHANS, withClient } from './support/database.js';
import { attempt, pool, send, type Outcome } from './support/http.js';
import { requireBuiltCli, startServe, type ServeProcess } from './support/processes.js';

const ADMIN_KEY = 'pbx_kill_test_admin_key';
const UNITS = 200;
const CONCURRENCY = 4;
const KILL_AFTER_RESPONSES = 40;

let database: TestDatabase | undefined;
const servers: ServeProcess[] = [];

beforeAll(async () => {
  requireBuiltCli();
  database = await createTestDatabase();
  // One after the other is the common case; concurrent start-up has its own test.
  for (const name of ['instance A', 'instance B'])
    servers.push(
      await startServe({ name, databaseUrl: database.url, adminKey: ADMIN_KEY, args: ['--provisioning-delay', '0'] }),
    );
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.child.stop()));
  await database?.drop();
}, 120_000);

/** A unit of traffic: create a customer, then an order with two subscriptions and a reservation. */
interface Unit {
  instance: number;
  afterKill: boolean;
  create: Outcome;
  order?: Outcome;
}

const ORDER = {
  lineItems: [
    { lineItemNumber: 0, offerId: OFFERS.licence, quantity: 1 },
    { lineItemNumber: 1, offerId: OFFERS.newCommerce, quantity: 1 },
    { lineItemNumber: 2, offerId: OFFERS.reservedInstance, quantity: 1 },
  ],
};

describe('killing one of two instances mid-traffic', () => {
  it('loses nothing that was acknowledged, and the other instance keeps serving', async () => {
    const [victim, survivor] = servers;
    if (!victim || !survivor || !database) throw new Error('not started');
    const partners = await readPartners(survivor.url, ADMIN_KEY);
    const tokenResponse = await send(`${survivor.url}/_sandbox/tokens`, 'POST', {
      token: ADMIN_KEY,
      body: { partner: 'production' },
    });
    expect(tokenResponse.status).toBe(200);
    // The production partner has no customer quota: 200 creates are all allowed.
    const token = tokenResponse.body.access_token as string;
    expect(tokenResponse.body.tenantId).toBe(partners.production.tenantId);

    let responses = 0;
    let killed: Promise<unknown> | undefined;
    const counted = (outcome: Outcome): Outcome => {
      responses++;
      if (responses === KILL_AFTER_RESPONSES) killed = victim.child.kill();
      return outcome;
    };

    const units = await pool(UNITS, CONCURRENCY, async (i): Promise<Unit> => {
      const instance = i % 2;
      const base = (servers[instance] as ServeProcess).url;
      const afterKill = killed !== undefined;
      const create = counted(await attempt(`${base}/v1/customers`, 'POST', { token, body: customerBody() }));
      const unit: Unit = { instance, afterKill, create };
      if (create.kind === 'response' && create.response.status === 201) {
        const id = create.response.body.id as string;
        unit.order = counted(await attempt(`${base}/v1/customers/${id}/orders`, 'POST', { token, body: ORDER }));
      }
      return unit;
    });
    await killed;
    expect(victim.child.running).toBe(false);
    expect(survivor.child.running, survivor.child.output).toBe(true);

    const outcomes = units.flatMap((u) =>
      [u.create, u.order].filter((o): o is Outcome => o !== undefined).map((o) => ({ unit: u, outcome: o })),
    );
    const describeOutcome = (o: Outcome) =>
      o.kind === 'response' ? `${o.response.status} ${o.response.text.slice(0, 200)}` : `${o.kind}: ${o.message}`;

    // The survivor answered every request it got, and answered it well.
    const toSurvivor = outcomes.filter((x) => x.unit.instance === 1);
    for (const { outcome } of toSurvivor) {
      expect(outcome.kind, describeOutcome(outcome)).toBe('response');
      if (outcome.kind === 'response') expect(outcome.response.status, describeOutcome(outcome)).toBe(201);
    }
    expect(toSurvivor.filter((x) => x.unit.afterKill).length).toBeGreaterThan(0);

    // The dead process: answers (before the kill) or connection errors; never a timeout, never a 5xx.
    const toVictim = outcomes.filter((x) => x.unit.instance === 0);
    for (const { outcome } of toVictim) {
      if (outcome.kind === 'response') expect(outcome.response.status, describeOutcome(outcome)).toBe(201);
      else expect(outcome.kind, describeOutcome(outcome)).toBe('connection');
    }
    const connectionErrors = toVictim.filter((x) => x.outcome.kind === 'connection');
    expect(connectionErrors.length).toBeGreaterThan(0);
    expect(toVictim.filter((x) => x.outcome.kind === 'response').length).toBeGreaterThan(0);

    // Every acknowledged create and order is there, whole, read through the survivor.
    const acknowledged = units.filter((u) => u.create.kind === 'response');
    for (const unit of acknowledged) {
      if (unit.create.kind !== 'response') continue;
      const id = unit.create.response.body.id as string;
      const customer = await send(`${survivor.url}/v1/customers/${id}`, 'GET', { token });
      expect(customer.status, `customer ${id}`).toBe(200);
      expect(customer.body.companyProfile.domain).toBe(unit.create.response.body.companyProfile.domain);
      if (unit.order?.kind === 'response') {
        const orderId = unit.order.response.body.id as string;
        const order = await send(`${survivor.url}/v1/customers/${id}/orders/${orderId}`, 'GET', { token });
        expect(order.status, `order ${orderId}`).toBe(200);
        expect(order.body.lineItems).toHaveLength(3);
        const subscriptions = await send(
          `${survivor.url}/v1/customers/${id}/subscriptions?order_id=${orderId}`,
          'GET',
          {
            token,
          },
        );
        expect(subscriptions.body.items).toHaveLength(2);
      }
    }

    // In the database: nothing half-written, and nothing more than what was sent. Creates that
    // died with the process may or may not have committed; each is whole either way.
    await withClient(database.url, async (client) => {
      expect(await countOrphans(client)).toEqual(NO_ORPHANS);
      expect(await halfWrittenOrders(client)).toEqual([]);
      const { rows } = await client.query<{ customers: number; orders: number }>(
        `select (select count(*)::int from customers where partner_id = $1) as customers,
                (select count(*)::int from orders where partner_id = $1) as orders`,
        [partners.production.tenantId],
      );
      const acknowledgedCreates = acknowledged.length;
      const inDoubtCreates = units.filter((u) => u.create.kind === 'connection').length;
      const acknowledgedOrders = units.filter((u) => u.order?.kind === 'response').length;
      const inDoubtOrders = units.filter((u) => u.order?.kind === 'connection').length;
      expect(rows[0]?.customers).toBeGreaterThanOrEqual(acknowledgedCreates);
      expect(rows[0]?.customers).toBeLessThanOrEqual(acknowledgedCreates + inDoubtCreates);
      expect(rows[0]?.orders).toBeGreaterThanOrEqual(acknowledgedOrders);
      expect(rows[0]?.orders).toBeLessThanOrEqual(acknowledgedOrders + inDoubtOrders);
    });

    // And the survivor goes on: a fresh create and a list through it.
    const again = await send(`${survivor.url}/v1/customers`, 'POST', { token, body: customerBody() });
    expect(again.status).toBe(201);
    const list = await send(`${survivor.url}/v1/customers?size=500`, 'GET', { token });
    expect(list.body.items.length).toBeGreaterThanOrEqual(acknowledged.length + 1);
  }, 120_000);
});
