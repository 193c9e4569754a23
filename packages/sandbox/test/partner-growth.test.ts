import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ApiClient,
  customerBody,
  startEmbeddedTarget,
  uniqueLabel,
  type PartnerCredentials,
  type Target,
} from '@partnerbox/conformance';
import { TEST_STORES, type TestStore } from './support/perf-database.js';

// Issue 11: the quota count lives on the partner row and the prefix filters read an index range.
// Both must give exactly what the old count(*) and the old full scan gave, on both stores.

async function newPartner(api: ApiClient, kind: 'sandbox' | 'production'): Promise<PartnerCredentials> {
  const entry = await api.control.ok('POST', '/partners', { kind });
  return {
    tenantId: entry.tenantId,
    clientId: entry.apps[0].clientId,
    clientSecret: entry.apps[0].clientSecret,
    userName: entry.users[0].userName,
    password: entry.users[0].password,
  };
}

async function expectCountsExact(store: TestStore): Promise<void> {
  const counts = await store.counts();
  expect(counts.size).toBeGreaterThan(0);
  for (const [partner, [kept, counted]] of counts) expect({ partner, kept }).toEqual({ partner, kept: counted });
}

/** Every page of a filtered list, following continuation tokens. */
async function listAll(api: ApiClient, token: string, field: string, value: string, size: number) {
  const filter = JSON.stringify({ Field: field, Value: value, Operator: 'starts_with' });
  const names: string[] = [];
  let response = await api.request('GET', `/v1/customers?size=${size}&filter=${encodeURIComponent(filter)}`, {
    token,
  });
  for (;;) {
    expect(response.status).toBe(200);
    names.push(
      ...response.body.items.map((c: { companyProfile: { companyName: string } }) => c.companyProfile.companyName),
    );
    if (!response.body.continuationToken) return names;
    response = await api.request('GET', `/v1/customers?seekOperation=Next`, {
      token,
      headers: { 'MS-ContinuationToken': response.body.continuationToken },
    });
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** What the old scan matched: the lower-cased value starts with the lower-cased prefix (as stored, UTF-8). */
function naiveMatches(value: string, prefix: string): boolean {
  const stored = (s: string) => s.toLowerCase().replace(LONE_SURROGATE, '\ufffd');
  return stored(value).startsWith(stored(prefix));
}

// Characters a LIKE pattern or a collation would treat specially, cases, and the code point edges.
const ALPHABET = [
  'a',
  'b',
  'A',
  'B',
  '%',
  '_',
  '\\',
  ' ',
  'é',
  'É',
  'ß',
  'İ',
  '😀',
  '\ufffd',
  '\u{10ffff}',
  '\ud7ff',
  '\ue000',
];
const PREFIX_EXTRAS = ['\ud800', '\udc00', '\u0000'.slice(1), '*', '[', '^'];

describe.each(TEST_STORES)('partners that grow, on %s', (_name, makeStore) => {
  let store: TestStore;
  let target: Target;
  let api: ApiClient;

  beforeAll(async () => {
    store = await makeStore();
    target = await startEmbeddedTarget({
      store: store.config,
      instances: store.kind === 'postgres' ? 2 : 1,
      provisioningDelaySeconds: 0,
    });
    api = new ApiClient(target);
  });
  afterAll(async () => {
    await target?.close();
    await store?.drop();
  });

  it('keeps each partner’s customer count exact through creates, deletes, hiding, reset and import', async () => {
    const sandbox = await newPartner(api, 'sandbox');
    const production = await newPartner(api, 'production');
    const sandboxToken = await api.token(sandbox);
    const productionUser = await api.token(production, 'user');
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const created = await api.request('POST', '/v1/customers', { token: sandboxToken, body: customerBody() });
      expect(created.status).toBe(201);
      ids.push(created.body.id);
    }
    for (const id of ids.slice(0, 3))
      expect((await api.request('DELETE', `/v1/customers/${id}`, { token: sandboxToken })).status).toBe(204);
    // A retried delete and an unknown id change nothing.
    expect((await api.request('DELETE', `/v1/customers/${ids[0]}`, { token: sandboxToken })).status).toBe(404);
    // Relationship removal in the integration sandbox deletes the customer.
    const removed = await api.request('PATCH', `/v1/customers/${ids[3]}`, {
      token: await api.token(sandbox, 'user'),
      body: { relationshipToPartner: 'none' },
    });
    expect(removed.status).toBe(200);
    const hidden: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await api.request('POST', '/v1/customers', { token: productionUser, body: customerBody() });
      expect(created.status).toBe(201);
      hidden.push(created.body.id);
    }
    // A production removal hides the customer, which still counts.
    await api.request('PATCH', `/v1/customers/${hidden[0]}`, {
      token: productionUser,
      body: { relationshipToPartner: 'none' },
    });
    // A replayed create (same MS-RequestId) creates nothing more.
    const requestId = crypto.randomUUID();
    const body = customerBody();
    for (let i = 0; i < 2; i++)
      expect(
        (
          await api.request('POST', '/v1/customers', {
            token: sandboxToken,
            body,
            headers: { 'MS-RequestId': requestId },
          })
        ).status,
      ).toBe(201);
    const counts = await store.counts();
    expect(counts.get(sandbox.tenantId)).toEqual([5, 5]);
    expect(counts.get(production.tenantId)).toEqual([3, 3]);
    await expectCountsExact(store);

    const snapshot = await api.control.ok('GET', '/snapshot');
    await api.control.reset();
    expect((await store.counts()).get(sandbox.tenantId)).toEqual([0, 0]);
    await expectCountsExact(store);
    await api.control.ok('PUT', '/snapshot', snapshot);
    expect((await store.counts()).get(sandbox.tenantId)).toEqual([5, 5]);
    await expectCountsExact(store);
  });

  it('admits exactly 75 customers to a sandbox partner under concurrent creates (on every instance)', async () => {
    const sandbox = await newPartner(api, 'sandbox');
    const token = await api.token(sandbox);
    const answers = await Promise.all(
      Array.from({ length: 90 }, () => api.request('POST', '/v1/customers', { token, body: customerBody() })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(75);
    expect(statuses.filter((s) => s !== 201).every((s) => s === 400)).toBe(true);
    expect((await store.counts()).get(sandbox.tenantId)).toEqual([75, 75]);
    // One freed place, two racing creates: one wins.
    const first = answers.find((a) => a.status === 201);
    expect((await api.request('DELETE', `/v1/customers/${first?.body.id}`, { token })).status).toBe(204);
    const race = await Promise.all(
      [0, 1].map(() => api.request('POST', '/v1/customers', { token, body: customerBody() })),
    );
    expect(race.map((r) => r.status).sort()).toEqual([201, 400]);
    expect((await store.counts()).get(sandbox.tenantId)).toEqual([75, 75]);
  });

  it('counts the customers of data made before the counts existed (migration 3)', async () => {
    const production = await newPartner(api, 'production');
    const token = await api.token(production);
    for (let i = 0; i < 4; i++)
      expect((await api.request('POST', '/v1/customers', { token, body: customerBody() })).status).toBe(201);
    await target.close();
    // Back to the schema of version 2, the customers kept.
    await store.exec('drop index customers_partner_list');
    await store.exec('create index customers_partner_seq on customers (partner_id, seq)');
    await store.exec('drop index customers_partner_domain');
    await store.exec('alter table partners drop column customer_count');
    await store.exec('delete from partnerbox_migrations where version >= 3');
    // (Migration 4 runs again too: the covering list index replaces (partner_id, seq).)
    target = await startEmbeddedTarget({
      store: store.config,
      instances: store.kind === 'postgres' ? 2 : 1,
      provisioningDelaySeconds: 0,
    });
    api = new ApiClient(target);
    expect((await store.counts()).get(production.tenantId)).toEqual([4, 4]);
    await expectCountsExact(store);
  });

  it('filters by prefix exactly as the full scan did: %, _, \\, case and unicode', async () => {
    const production = await newPartner(api, 'production');
    const token = await api.token(production);
    const names = fc.sample(
      fc.array(fc.constantFrom(...ALPHABET), { minLength: 1, maxLength: 6 }).map((chars) => chars.join('')),
      { numRuns: 40, seed: 11 },
    );
    const domains: string[] = [];
    for (const [i, companyName] of names.entries()) {
      const label = `${['ab', 'a-b', 'b'][i % 3]}${i}-${uniqueLabel('p')}`;
      const created = await api.request('POST', '/v1/customers', {
        token,
        body: customerBody({ companyName, domain: label }),
      });
      expect(created.status).toBe(201);
      domains.push(created.body.companyProfile.domain);
    }
    const prefixOf = (values: string[]) =>
      fc.oneof(
        fc.tuple(fc.constantFrom(...values), fc.nat(), fc.boolean()).map(([v, n, upper]) => {
          const p = [...v].slice(0, n % ([...v].length + 1)).join('');
          return upper ? p.toUpperCase() : p;
        }),
        fc.array(fc.constantFrom(...ALPHABET, ...PREFIX_EXTRAS), { maxLength: 4 }).map((c) => c.join('')),
      );
    const byName = new Map(names.map((n, i) => [n, i]));
    await fc.assert(
      fc.asyncProperty(prefixOf(names), fc.constantFrom(3, 100), async (prefix, size) => {
        const listed = await listAll(api, token, 'CompanyName', prefix, size);
        const expected = names.filter((n) => naiveMatches(n, prefix));
        expect(listed.sort()).toEqual(expected.sort());
        for (const n of listed) expect(byName.has(n)).toBe(true);
      }),
      { numRuns: 60, seed: 11 },
    );
    await fc.assert(
      fc.asyncProperty(prefixOf(domains), async (prefix) => {
        const listed = await listAll(api, token, 'Domain', prefix, 100);
        expect(listed).toHaveLength(domains.filter((d) => naiveMatches(d, prefix)).length);
      }),
      { numRuns: 30, seed: 11 },
    );
  });
});
