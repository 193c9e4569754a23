/**
 * @module Invariants read straight from the PostgreSQL database, behind the API's back: rows
 * that would be orphans if a write were ever half-applied.
 */
import pg from 'pg';

export async function withClient<T>(connectionString: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface Orphans {
  ordersWithoutCustomer: number;
  subscriptionsWithoutCustomer: number;
  subscriptionsWithoutOrder: number;
  /** A subscription filed under one customer whose order belongs to another. */
  subscriptionsCrossingCustomers: number;
}

export const NO_ORPHANS: Orphans = {
  ordersWithoutCustomer: 0,
  subscriptionsWithoutCustomer: 0,
  subscriptionsWithoutOrder: 0,
  subscriptionsCrossingCustomers: 0,
};

export async function countOrphans(client: pg.Client): Promise<Orphans> {
  const { rows } = await client.query<Record<string, number>>(`
    select
      (select count(*)::int from orders o
        where not exists (select 1 from customers c where c.id = o.customer_id)) as orders_without_customer,
      (select count(*)::int from subscriptions s
        where not exists (select 1 from customers c where c.id = s.customer_id)) as subscriptions_without_customer,
      (select count(*)::int from subscriptions s
        where not exists (select 1 from orders o where o.id = s.order_id)) as subscriptions_without_order,
      (select count(*)::int from subscriptions s join orders o on o.id = s.order_id
        where o.customer_id <> s.customer_id) as subscriptions_crossing_customers`);
  const row = rows[0] ?? {};
  return {
    ordersWithoutCustomer: Number(row['orders_without_customer']),
    subscriptionsWithoutCustomer: Number(row['subscriptions_without_customer']),
    subscriptionsWithoutOrder: Number(row['subscriptions_without_order']),
    subscriptionsCrossingCustomers: Number(row['subscriptions_crossing_customers']),
  };
}

/**
 * Orders whose subscriptions do not match their subscription line items one to one: what a
 * crash between writing an order and writing its subscriptions would leave behind.
 */
export async function halfWrittenOrders(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ id: string; line_items_json: string; subscriptions: string[] }>(`
    select o.id, o.line_items_json,
      coalesce(array_agg(s.id) filter (where s.id is not null), '{}') as subscriptions
    from orders o left join subscriptions s on s.order_id = o.id
    group by o.id, o.line_items_json`);
  return rows
    .filter((row) => {
      const expected = (JSON.parse(row.line_items_json) as { subscriptionId?: string }[])
        .map((item) => item.subscriptionId)
        .filter((id): id is string => typeof id === 'string')
        .sort();
      return JSON.stringify(expected) !== JSON.stringify([...row.subscriptions].sort());
    })
    .map((row) => row.id);
}
