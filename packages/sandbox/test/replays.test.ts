import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerBody } from '@partnerbox/conformance';
import { openStore, type Store } from '@partnerbox/sandbox';
import { defaultIdentities } from '../src/control/identities.js';
import { buildCustomer } from '../src/domain/customers.js';
import type { PartnerRecord } from '../src/domain/records.js';
import type { ReplayKey } from '../src/store/store.js';

// One replay mechanism for every write: the store keeps a write's answer under the partner's
// MS-RequestId, the operation and its target, and a retry gets that answer instead of a second write.
let store: Store;
let sandbox: PartnerRecord;
let production: PartnerRecord;

beforeAll(async () => {
  store = await openStore({ kind: 'memory' });
  await store.seedIdentitiesIfEmpty(defaultIdentities());
  const partners = (await store.listPartners()).map((p) => p.partner);
  const find = (kind: string) => partners.find((p) => p.kind === kind) ?? expectedPartner(kind);
  sandbox = find('sandbox');
  production = find('production');
});
afterAll(() => store.close());

function expectedPartner(kind: string): never {
  throw new Error(`no ${kind} partner seeded`);
}

const WINDOW_MS = 86_400_000;
const NOW = Date.UTC(2030, 0, 1);
const key = (operation: string, target = '', requestId = randomUUID(), at = NOW): ReplayKey => ({
  requestId,
  operation,
  target,
  at,
  keptSince: at - WINDOW_MS,
});

/** Creates a customer, counting how often the decision ran; the answer is the new id. */
async function create(partner: PartnerRecord, replay: ReplayKey | undefined, runs: { n: number }): Promise<string> {
  const input = customerBody();
  const domain = input.companyProfile.domain;
  return store.createCustomer(
    partner.id,
    domain,
    (context) => {
      runs.n++;
      const { customer } = buildCustomer(input, domain, context, Date.now());
      return { customer, result: customer.id };
    },
    replay,
  );
}

/** Deletes a customer; the answer says whether the decision saw it. */
function remove(partner: PartnerRecord, customerId: string, replay?: ReplayKey) {
  return store.mutateCustomer(
    partner.id,
    customerId,
    (aggregate) => ({ changes: aggregate ? { customer: 'delete' } : {}, result: { sawCustomer: !!aggregate } }),
    replay,
  );
}

describe('replays by MS-RequestId', () => {
  it('answers a retried create with the first answer and creates once', async () => {
    const runs = { n: 0 };
    const replay = key('create-customer');
    const first = await create(sandbox, replay, runs);
    expect(await create(sandbox, replay, runs)).toBe(first);
    expect(runs.n).toBe(1);
    expect(await create(sandbox, key('create-customer'), runs)).not.toBe(first);
    expect(runs.n).toBe(2);
  });

  it('answers a retried mutation with the first answer, even once the customer is gone', async () => {
    const id = await create(sandbox, undefined, { n: 0 });
    const replay = key('delete-customer', id);
    expect(await remove(sandbox, id, replay)).toEqual({ sawCustomer: true });
    expect(await store.getCustomer(sandbox.id, id)).toBeUndefined();
    expect(await remove(sandbox, id, replay)).toEqual({ sawCustomer: true });
    expect(await remove(sandbox, id)).toEqual({ sawCustomer: false });
  });

  it('replays within the window and runs the call again once the kept answer has expired', async () => {
    const runs = { n: 0 };
    const requestId = randomUUID();
    const first = await create(sandbox, key('create-customer', '', requestId), runs);
    const lastMoment = NOW + WINDOW_MS;
    expect(await create(sandbox, key('create-customer', '', requestId, lastMoment), runs)).toBe(first);
    expect(runs.n).toBe(1);
    const later = await create(sandbox, key('create-customer', '', requestId, lastMoment + 1), runs);
    expect(later).not.toBe(first);
    expect(runs.n).toBe(2);
    // The new call's answer replaced the expired one, and is replayed in its own window.
    expect(await create(sandbox, key('create-customer', '', requestId, lastMoment + 2), runs)).toBe(later);
    expect(runs.n).toBe(2);
  });

  it('keeps one answer per partner, operation and target', async () => {
    const requestId = randomUUID();
    const [a, b] = [await create(sandbox, undefined, { n: 0 }), await create(sandbox, undefined, { n: 0 })];
    expect(await remove(sandbox, a, key('delete-customer', a, requestId))).toEqual({ sawCustomer: true });
    // Another target, another operation, another partner: each is another call.
    expect(await remove(sandbox, b, key('delete-customer', b, requestId))).toEqual({ sawCustomer: true });
    expect(await remove(sandbox, a, key('suspend-customer', a, requestId))).toEqual({ sawCustomer: false });
    const runs = { n: 0 };
    await create(sandbox, key('create-customer', '', requestId), runs);
    await create(production, key('create-customer', '', requestId), runs);
    expect(runs.n).toBe(2);
  });
});
