import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultIdentities } from '../control/identities.js';
import { openStore } from './open-store.js';
import type { SqlStore } from './sql-store.js';

const dirs: string[] = [];
const stores: SqlStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function open(kind: 'sqlite' | 'memory'): Promise<SqlStore> {
  let store: SqlStore;
  if (kind === 'memory') store = await openStore({ kind: 'memory' });
  else {
    const dir = mkdtempSync(path.join(tmpdir(), 'pbx-listing-version-'));
    dirs.push(dir);
    store = await openStore({ kind: 'sqlite', file: path.join(dir, 'partnerbox.db') });
  }
  stores.push(store);
  await store.seedIdentitiesIfEmpty(defaultIdentities());
  return store;
}

async function sandboxPartnerId(store: SqlStore): Promise<string> {
  const entry = (await store.listPartners()).find((e) => e.partner.kind === 'sandbox');
  if (!entry) throw new Error('no sandbox partner');
  return entry.partner.id;
}

describe.each(['sqlite', 'memory'] as const)('listingVersion on the %s store', (kind) => {
  it('stays while nothing is written, and moves with each committed write', async () => {
    const store = await open(kind);
    const partnerId = await sandboxPartnerId(store);
    const before = store.listingVersion();
    expect(before).toBeTypeOf('number');
    await store.listCustomers(partnerId, { afterSeq: 0, limit: 10 });
    expect(store.listingVersion()).toBe(before);

    await store.advanceClock(60_000);
    const advanced = store.listingVersion();
    expect(advanced).not.toBe(before);
    expect(store.listingVersion()).toBe(advanced);

    await store.advanceClock(1);
    expect(store.listingVersion()).not.toBe(advanced);
  });

  it('moves after a write the request journal makes, too', async () => {
    const store = await open(kind);
    const before = store.listingVersion();
    await store.appendJournal(
      [
        {
          id: '00000000-0000-4000-8000-000000000001',
          at: Date.now(),
          duration_ms: 1,
          method: 'GET',
          path: '/v1/customers',
          query: '',
          status: 200,
          partner_id: null,
          request_id: 'r',
          correlation_id: null,
          server_id: 's',
          request_body: null,
          response_body: null,
        },
      ],
      10,
    );
    expect(store.listingVersion()).not.toBe(before);
  });
});
