import { describe, expect, it } from 'vitest';
import type { PartnerRecord } from '../domain/records.js';
import { snapshotViolation } from '../domain/snapshot-invariants.js';
import { expectOutcome } from '../domain/test-records.js';
import {
  customerFromRow,
  customerToRow,
  orderFromRow,
  orderToRow,
  subscriptionFromRow,
  subscriptionToRow,
} from '../store/mappers.js';
import { RowTemplate } from '../store/row-template.js';
import { generatedAggregate, generatedBatch, slotValues } from './generate.js';

const partner = (kind: 'sandbox' | 'production'): PartnerRecord => ({
  id: '11111111-2222-3333-4444-555555555555',
  kind,
  name: 'P',
  domain: 'p.onmicrosoft.com',
  mpnId: '1',
  createdAt: 0,
});
const NOW = Date.UTC(2030, 0, 7, 9, 0, 0);

const rowsOf = (a: ReturnType<typeof generatedAggregate>) => [
  { table: 'customers', row: customerToRow(a.customer) },
  ...a.orders.map((o) => ({ table: 'orders', row: orderToRow(o) })),
  ...a.subscriptions.map((s) => ({ table: 'subscriptions', row: subscriptionToRow(s) })),
];

describe('generated customers', () => {
  it.each([
    ['production', 0],
    ['production', 1],
    ['sandbox', 3],
    ['production', 5],
  ] as const)(
    'a %s partner with %i orders each: the template filled with a customer’s values is the rows its domain rules make',
    (kind, ordersPerCustomer) => {
      const options = { ordersPerCustomer, now: NOW };
      const batch = generatedBatch(
        { partner: partner(kind), customerCount: 0, nextSeq: 1, count: 1, remaining: 1 },
        options,
      );
      const template = RowTemplate.of(batch.prototype, batch.slots);
      // Built by buildCustomer and createOrder with their own random ids: every field the rows
      // hold, JSON columns included, comes out of the template as the mappers write it.
      for (const seq of [1, 8, 42, 999_999]) {
        const made = generatedAggregate(partner(kind), seq, options);
        expect(template.rows(seq, slotValues(made))).toEqual(rowsOf(made));
      }
    },
  );

  it('makes customers that read back as valid records, with the values it drew, in increasing id order', () => {
    const options = { ordersPerCustomer: 2, now: NOW };
    const owner = partner('production');
    const batch = generatedBatch(
      { partner: owner, customerCount: 10, nextSeq: 11, count: 300, remaining: 300 },
      options,
    );
    const template = RowTemplate.of(batch.prototype, batch.slots);
    const records = { customers: [] as never[], orders: [] as never[], subscriptions: [] as never[] };
    const read = { customers: customerFromRow, orders: orderFromRow, subscriptions: subscriptionFromRow } as const;
    for (const { seq, values } of batch.customers) {
      const aggregate = { customers: [], orders: [], subscriptions: [] } as Record<string, unknown[]>;
      for (const { table, row } of template.rows(seq, values)) {
        const record = (read[table as keyof typeof read] as (r: unknown) => never)(row);
        aggregate[table]?.push(record);
        (records[table as keyof typeof records] as unknown[]).push(record);
      }
      const [customer] = aggregate['customers'] as [ReturnType<typeof customerFromRow>];
      expect(customer.seq).toBe(seq);
      expect(
        slotValues({
          customer,
          orders: aggregate['orders'] as never,
          subscriptions: aggregate['subscriptions'] as never,
        }),
      ).toEqual(values);
    }
    expect(batch.customers.map((c) => c.seq)).toEqual(Array.from({ length: 300 }, (_, i) => 11 + i));
    const violation = snapshotViolation(
      { clockOffsetMs: 0, partners: [owner], apps: [], users: [], faultRules: [], ...records },
      NOW,
    );
    expect(violation).toBeUndefined();
    // Ordered keys: each index grows at its end (domain/ids.ts).
    const ids = (records.customers as { id: string }[]).map((c) => c.id);
    expect([...ids].sort()).toEqual(ids);
    const orderIds = (records.orders as { id: string }[]).map((o) => o.id);
    expect([...orderIds].sort()).toEqual(orderIds);
  });

  it('refuses, before making anything, what the quota cannot take', () => {
    const ctx = { partner: partner('sandbox'), customerCount: 70, nextSeq: 71, count: 6, remaining: 6 };
    expectOutcome(() => generatedBatch(ctx, { ordersPerCustomer: 1, now: NOW }), { status: 400 });
    expectOutcome(
      () => generatedBatch({ ...ctx, count: 5, remaining: 5 }, { ordersPerCustomer: 1, now: NOW }),
      undefined,
    );
  });
});

describe('RowTemplate', () => {
  it('refuses a slot value that JSON would escape', () => {
    const made = generatedAggregate(partner('production'), 1, { ordersPerCustomer: 0, now: NOW });
    expect(() => RowTemplate.of(made, ['a"b'])).toThrow(/escaping/);
  });
});
