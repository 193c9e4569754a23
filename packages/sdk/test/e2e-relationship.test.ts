/**
 * @module End to end: removing reseller relationships of a production partner, App+User
 * through a refresh token, with and without suspending the active subscriptions first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RelationshipRemovalBlockedError,
  StaticTokenCredential,
  PartnerCenterClient,
  isPartnerCenterError,
  removeResellerRelationship,
  removeResellerRelationships,
  type RemoveRelationshipProgressEvent,
} from '../src/index.js';
import { appOnlyClient, appUserClient, startRealSandbox, type RealSandbox } from './helpers/real-sandbox.js';

let sandbox: RealSandbox;
let appUser: PartnerCenterClient;
let appOnly: PartnerCenterClient;

beforeAll(async () => {
  sandbox = await startRealSandbox();
  appUser = await appUserClient(sandbox, sandbox.production);
  appOnly = appOnlyClient(sandbox, sandbox.production);
});
afterAll(() => sandbox.close());

/** Customers of the relationship-removal scenario: licence and new-commerce subscriptions, the first also a reserved instance. */
async function seed() {
  const seeded = await sandbox.api.control.scenario('relationship-removal');
  const [withReservedInstance, ...plain] = seeded.customers;
  if (!withReservedInstance || plain.length < 2) throw new Error('scenario too small');
  return { withReservedInstance, plain };
}

async function statuses(customerId: string): Promise<string[]> {
  return (await appOnly.subscriptions.list(customerId)).items.map((subscription) => subscription.status ?? '');
}

describe('removing a reseller relationship against a real sandbox', () => {
  it('refuses while subscriptions are active, naming them, and changes nothing', async () => {
    const { plain } = await seed();
    const customer = plain[0];
    if (!customer) throw new Error('no customer');

    const error = await removeResellerRelationship(appUser, customer.id).then(
      () => undefined,
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(RelationshipRemovalBlockedError);
    const blocked = error as RelationshipRemovalBlockedError;
    expect([...blocked.activeSubscriptionIds].sort()).toEqual([...customer.subscriptionIds].sort());
    expect(blocked.blockingOrderIds).toEqual([]);
    for (const id of customer.subscriptionIds) expect(blocked.message).toContain(id);
    expect(await statuses(customer.id)).toEqual(customer.subscriptionIds.map(() => 'active'));
    expect((await appUser.customers.get(customer.id)).relationshipToPartner).toBe('reseller');
  });

  it('suspends the active subscriptions first and removes the relationship', async () => {
    const { plain } = await seed();
    const customer = plain[0];
    if (!customer) throw new Error('no customer');
    const events: RemoveRelationshipProgressEvent[] = [];

    const result = await removeResellerRelationship(appUser, customer.id, {
      suspendActiveSubscriptions: true,
      onProgress: (event) => events.push(event),
    });

    expect([...result.suspendedSubscriptionIds].sort()).toEqual([...customer.subscriptionIds].sort());
    expect(result.customer?.relationshipToPartner).toBe('none');
    expect(events.map((event) => event.type)).toEqual([
      'plan',
      ...customer.subscriptionIds.map(() => 'subscription-suspended'),
      'relationship-removed',
    ]);
    // A production partner no longer sees the customer at all.
    const gone = await appUser.customers.get(customer.id).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isPartnerCenterError(gone) && [gone.statusCode, gone.code]).toEqual([404, 20002]);
    const listed: string[] = [];
    for await (const c of appUser.customers.list()) listed.push(c.id);
    expect(listed).not.toContain(customer.id);

    // Running it again is harmless.
    const again = await removeResellerRelationship(appUser, customer.id, { suspendActiveSubscriptions: true });
    expect(again.alreadyRemoved).toBe(true);
  });

  it('refuses a customer with a reserved instance even with suspension, suspending nothing', async () => {
    const { withReservedInstance } = await seed();
    const reservedInstanceOrder = withReservedInstance.orderIds[2];

    const error = await removeResellerRelationship(appUser, withReservedInstance.id, {
      suspendActiveSubscriptions: true,
    }).then(
      () => undefined,
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(RelationshipRemovalBlockedError);
    expect((error as RelationshipRemovalBlockedError).blockingOrderIds).toEqual([reservedInstanceOrder]);
    expect(await statuses(withReservedInstance.id)).toEqual(withReservedInstance.subscriptionIds.map(() => 'active'));
  });

  it('plans with an App-only token (dry run), while the removal itself needs App+User', async () => {
    const { plain } = await seed();
    const customer = plain[1];
    if (!customer) throw new Error('no customer');

    const refused = await removeResellerRelationship(appOnly, customer.id, { dryRun: true });
    expect(refused.plan.blocked).toBe(true);
    expect(refused.plan.subscriptionsToSuspend).toEqual([]);
    const planned = await removeResellerRelationship(appOnly, customer.id, {
      dryRun: true,
      suspendActiveSubscriptions: true,
    });
    expect(planned.plan.blocked).toBe(false);
    expect([...planned.plan.subscriptionsToSuspend].sort()).toEqual([...customer.subscriptionIds].sort());
    expect(await statuses(customer.id)).toEqual(customer.subscriptionIds.map(() => 'active'));

    const forbidden = await appOnly.customers.removeResellerRelationship(customer.id).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isPartnerCenterError(forbidden) && [forbidden.statusCode, forbidden.code]).toEqual([403, 900150]);
  });

  it('refuses an App-only token before suspending anything', async () => {
    const { plain } = await seed();
    const customer = plain[0];
    if (!customer) throw new Error('no customer');

    const error = await removeResellerRelationship(appOnly, customer.id, { suspendActiveSubscriptions: true }).then(
      () => undefined,
      (caught: unknown) => caught,
    );

    expect(isPartnerCenterError(error) && [error.statusCode, error.code]).toEqual([403, 900150]);
    expect(await statuses(customer.id)).toEqual(customer.subscriptionIds.map(() => 'active'));
    expect((await appOnly.customers.get(customer.id)).relationshipToPartner).toBe('reseller');
  });

  it('removes several at once with a control-plane App+User token, one result per customer', async () => {
    const { withReservedInstance, plain } = await seed();
    const minted = await sandbox.api.control.mintToken({ partner: 'production', mode: 'user' });
    const client = new PartnerCenterClient({
      baseUrl: sandbox.baseUrl,
      credential: new StaticTokenCredential(minted.access_token),
    });
    const ids = [withReservedInstance.id, ...plain.map((customer) => customer.id)];

    const results = await removeResellerRelationships(client, ids, {
      suspendActiveSubscriptions: true,
      concurrency: 2,
    });

    expect(results.map((result) => [result.customerId, result.ok])).toEqual(ids.map((id, i) => [id, i !== 0]));
    expect(!results[0]?.ok && results[0]?.error).toBeInstanceOf(RelationshipRemovalBlockedError);
  });
});
