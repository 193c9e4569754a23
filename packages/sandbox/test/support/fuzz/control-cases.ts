/**
 * @module The `control` case families: what the control plane accepts must leave `/v1`
 * working. `snapshot` imports the current state with one labelled change: a change that breaks
 * an invariant `/v1` guarantees must be refused with 400 and change nothing, a harmless one must
 * be accepted. `clock` moves the clock (by import and by calls) and `faults` adds a fault rule
 * with a glob made to trap a backtracking matcher; after each, a sweep of `/v1` reads over every
 * customer must keep the document (no 5xx, RFC 3339 dates) and `/healthz` must answer promptly.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { FuzzTarget, Snapshot } from './fuzz-target.js';

type Records = Record<string, unknown>[];

export interface Mutation {
  name: string;
  /** True when the change breaks an invariant `/v1` guarantees: the import must be refused. */
  breaks: boolean;
  apply(snapshot: Snapshot, pick: number): boolean;
}

const records = (snapshot: Snapshot, kind: string) => (snapshot[kind] ?? []) as Records;
const nth = <T>(items: readonly T[], pick: number): T | undefined => items[pick % Math.max(1, items.length)];

function setField(kind: string, field: string, value: (record: Record<string, unknown>) => unknown) {
  return (snapshot: Snapshot, pick: number): boolean => {
    const record = nth(records(snapshot, kind), pick);
    if (!record) return false;
    record[field] = value(record);
    return true;
  };
}

/** Values no instant `/v1` computes with can hold: beyond Date's range, or past year 9999. */
const EXTREME_TIMES = [1e300, 8.64e15 + 1, -8.64e15 - 1, Date.UTC(41_930, 4, 29), Number.MAX_SAFE_INTEGER];

export function mutations(): Mutation[] {
  return [
    { name: 'no change', breaks: false, apply: () => true },
    { name: 'a company renamed', breaks: false, apply: setField('customers', 'companyName', () => 'Renamed Ltd') },
    {
      name: '76 customers for the sandbox partner',
      breaks: true,
      apply: (s) => {
        const partner = records(s, 'partners').find((p) => p['kind'] === 'sandbox');
        const template = s.customers.find((c) => c.partnerId === partner?.['id']);
        if (!partner || !template) return false;
        const mine = s.customers.filter((c) => c.partnerId === partner['id']);
        const seq = Math.max(...mine.map((c) => c.seq));
        for (let i = mine.length; i < 76; i++) {
          const id = `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`;
          const domain = `clone${i}.onmicrosoft.com`;
          s.customers.push({ ...template, id, seq: seq + i, domain } as Snapshot['customers'][number]);
        }
        return true;
      },
    },
    {
      name: "a subscription pointing at another customer's order",
      breaks: true,
      apply: (s, pick) => {
        const subscription = nth(s.subscriptions, pick) as Record<string, unknown> | undefined;
        const foreign = s.orders.find((o) => o.customerId !== subscription?.['customerId']);
        if (!subscription || !foreign) return false;
        subscription['orderId'] = foreign.id;
        return true;
      },
    },
    {
      name: "an order whose partner is not its customer's",
      breaks: true,
      apply: (s, pick) => {
        const order = nth(s.orders, pick) as Record<string, unknown> | undefined;
        const other = records(s, 'partners').find((p) => p['id'] !== order?.['partnerId']);
        if (!order || !other) return false;
        order['partnerId'] = other['id'];
        return true;
      },
    },
    {
      name: 'two customers of one partner with one sequence number',
      breaks: true,
      apply: (s) => {
        const [a, b] = s.customers.filter((c) => c.partnerId === s.customers[0]?.partnerId);
        if (!a || !b) return false;
        b.seq = a.seq;
        return true;
      },
    },
    {
      name: "a partner domain differing from another's only in case",
      breaks: true,
      apply: (s) => {
        const [a, b] = records(s, 'partners');
        if (!a || !b) return false;
        b['domain'] = String(a['domain']).toUpperCase();
        return true;
      },
    },
    {
      name: "a customer domain differing from another's only in case",
      breaks: true,
      apply: (s) => {
        const [a, b] = s.customers as unknown as Records;
        if (!a || !b) return false;
        b['domain'] = String(a['domain']).toUpperCase();
        return true;
      },
    },
    { name: 'a subscription quantity of -5', breaks: true, apply: setField('subscriptions', 'quantity', () => -5) },
    {
      name: 'a line item quantity of -5',
      breaks: true,
      apply: (s, pick) => {
        const item = (nth(s.orders, pick) as { lineItems?: Records } | undefined)?.lineItems?.[0];
        if (!item) return false;
        item['quantity'] = -5;
        return true;
      },
    },
    {
      name: 'an offer id not in the catalog',
      breaks: true,
      apply: (s, pick) => {
        const item = (nth(s.orders, pick) as { lineItems?: Records } | undefined)?.lineItems?.[0];
        if (!item) return false;
        item['offerId'] = 'NOT-IN-THE-CATALOG';
        return true;
      },
    },
    ...['orders', 'subscriptions', 'customers'].flatMap((kind) =>
      EXTREME_TIMES.map((time) => ({
        name: `a ${kind.slice(0, -1)} createdAt of ${time}`,
        breaks: true,
        apply: setField(kind, 'createdAt', () => time),
      })),
    ),
    ...EXTREME_TIMES.map((time) => ({
      name: `a clock offset of ${time}`,
      breaks: true,
      apply: (s: Snapshot) => {
        s['clockOffsetMs'] = time;
        return true;
      },
    })),
  ];
}

export type ControlCase =
  | { family: 'snapshot'; mutation: number; pick: number }
  | { family: 'clock'; offsetMs: number; advances: number[] }
  | { family: 'faults'; glob: string; segment: string };

const MAX_ADVANCE_SECONDS = 10 * 365 * 86_400;

// Globs that make a backtracking matcher explode: many stars, each followed by a character the
// path repeats, and a final character it lacks; with random globs mixed in.
const trapGlob: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.constantFrom('*a', '**a', '*aa', '*a*'), fc.integer({ min: 8, max: 40 }))
    .map(([unit, count]) => `/v1/customers/${unit.repeat(count)}*b`),
  fc
    .array(fc.constantFrom('*a', '*', '**', 'a', 'b', '/'), { minLength: 1, maxLength: 40 })
    .map((parts) => `/v1/customers/${parts.join('')}*b`),
);

export function controlCaseArbitrary(mutationCount: number): fc.Arbitrary<ControlCase> {
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        family: fc.constant('snapshot' as const),
        mutation: fc.integer({ min: 0, max: mutationCount - 1 }),
        pick: fc.nat(),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        family: fc.constant('clock' as const),
        offsetMs: fc.oneof(
          fc.integer({ min: 0, max: 10 * 365 * 86_400_000 }),
          fc.constantFrom(0, 2.5e14, 2.4e14, 8.6e15, 1e300),
        ),
        advances: fc.array(fc.oneof(fc.integer({ min: 0, max: 86_400 }), fc.constant(MAX_ADVANCE_SECONDS)), {
          maxLength: 4,
        }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        family: fc.constant('faults' as const),
        glob: trapGlob,
        segment: fc.stringMatching(/^a{20,400}$/),
      }),
    },
  );
}

/** Reads every customer's orders, subscriptions and entitlements, and the clock. */
async function sweep(fuzz: FuzzTarget, what: string): Promise<void> {
  const snapshot = await fuzz.snapshot();
  const reads: [string, string, string | undefined][] = [['GET', '/_sandbox/clock', fuzz.adminKey]];
  for (const customer of snapshot.customers.slice(0, 6)) {
    const partner = (snapshot['partners'] as { id: string; kind: string }[]).find((p) => p.id === customer.partnerId);
    const token = fuzz.token(partner?.kind === 'production' ? 'production-app' : 'sandbox-app');
    for (const tail of ['', '/orders', '/subscriptions', '/entitlements'])
      reads.push(['GET', `/v1/customers/${customer.id}${tail}`, token]);
  }
  for (const [method, path, token] of reads) {
    const response = await fetch(`${fuzz.base}${path}`, {
      method,
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(30_000),
    });
    const template = path.replace(/\/v1\/customers\/[^/]+/, '/v1/customers/{customerId}');
    const problems = fuzz.responseProblems(
      fuzz.operation(method, template),
      response.status,
      response.headers.get('content-type'),
      await response.text(),
    );
    expect(problems.join('\n'), `${what}, then ${method} ${path}`).toBe('');
  }
}

async function runSnapshotCase(fuzz: FuzzTarget, c: { mutation: number; pick: number }, before: Snapshot) {
  const mutation = mutations()[c.mutation];
  if (!mutation) throw new Error(`no mutation ${c.mutation}`);
  const changed = structuredClone(before);
  if (!mutation.apply(changed, c.pick)) return;
  const response = await fuzz.api.control.call('PUT', '/snapshot', changed);
  const what = `a snapshot with ${mutation.name}`;
  if (mutation.breaks) {
    expect(response.status, `${what}: ${JSON.stringify(response.body)}`).toBe(400);
    expect(await fuzz.snapshot(), `${what}, refused, changed the state`).toEqual(before);
  } else {
    expect(response.status, `${what}: ${JSON.stringify(response.body)}`).toBe(200);
    await fuzz.refreshTokens();
  }
  await sweep(fuzz, what);
}

async function runClockCase(fuzz: FuzzTarget, c: { offsetMs: number; advances: number[] }, before: Snapshot) {
  const response = await fuzz.api.control.call('PUT', '/snapshot', { ...before, clockOffsetMs: c.offsetMs });
  expect(response.status, `an import with a clock offset of ${c.offsetMs}`).toBeLessThan(500);
  for (const advanceSeconds of c.advances) {
    const advanced = await fuzz.api.control.call('POST', '/clock', { advanceSeconds });
    expect(advanced.status, `advancing the clock by ${advanceSeconds} s`).toBeLessThan(500);
  }
  await fuzz.refreshTokens();
  await sweep(fuzz, `a clock offset of ${c.offsetMs} ms advanced by ${c.advances.join(', ')} s`);
}

async function runFaultsCase(fuzz: FuzzTarget, c: { glob: string; segment: string }) {
  const added = await fuzz.api.control.call('POST', '/faults', { path: c.glob, kind: 'latency', latencyMs: 0 });
  expect(added.status, `a fault rule on ${c.glob}`).toBe(201);
  try {
    const trap = fetch(`${fuzz.base}/v1/customers/${c.segment}`, { signal: AbortSignal.timeout(30_000) });
    await fuzz.expectHealthy(`a request for a ${c.segment.length}-character segment under ${c.glob}`);
    expect((await trap).status).toBe(401);
  } finally {
    await fuzz.api.control.call('DELETE', '/faults');
  }
}

export async function runControlCase(fuzz: FuzzTarget, c: ControlCase, before: Snapshot): Promise<void> {
  if (c.family === 'snapshot') await runSnapshotCase(fuzz, c, before);
  else if (c.family === 'clock') await runClockCase(fuzz, c, before);
  else await runFaultsCase(fuzz, c);
  await fuzz.expectHealthy(`control case ${c.family}`);
}
