/**
 * @module Numbered schema migrations, shared by the SQLite and PostgreSQL stores. Each runs
 * once, in order, inside the start-up transaction that holds the migration lock.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Migration {
  version: number;
  name: string;
  up(db: Kysely<Database>, dialect: Dialect): Promise<void>;
}

// Epoch milliseconds overflow a 32-bit INTEGER on PostgreSQL; SQLite's INTEGER is 64-bit.
const millis = (dialect: Dialect) => (dialect === 'postgres' ? 'bigint' : 'integer');

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    async up(db, dialect) {
      const ts = millis(dialect);
      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('signing_keys')
        .addColumn('kid', 'text', (c) => c.primaryKey())
        .addColumn('private_jwk', 'text', (c) => c.notNull())
        .addColumn('public_jwk', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('partners')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('domain', 'text', (c) => c.notNull().unique())
        .addColumn('mpn_id', 'text', (c) => c.notNull())
        .addColumn('customer_seq', ts, (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('apps')
        .addColumn('client_id', 'text', (c) => c.primaryKey())
        .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id').onDelete('cascade'))
        .addColumn('client_secret', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id').onDelete('cascade'))
        .addColumn('user_name', 'text', (c) => c.notNull().unique())
        .addColumn('password', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('customers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id').onDelete('cascade'))
        .addColumn('seq', ts, (c) => c.notNull())
        .addColumn('commerce_id', 'text', (c) => c.notNull())
        .addColumn('domain', 'text', (c) => c.notNull().unique())
        .addColumn('company_name', 'text', (c) => c.notNull())
        .addColumn('company_name_lc', 'text', (c) => c.notNull())
        .addColumn('relationship', 'text', (c) => c.notNull())
        .addColumn('allow_delegated_access', 'integer', (c) => c.notNull())
        .addColumn('company_json', 'text', (c) => c.notNull())
        .addColumn('billing_json', 'text', (c) => c.notNull())
        .addColumn('associated_partner_id', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('removed_at', ts)
        .execute();
      await db.schema.createIndex('customers_partner_seq').on('customers').columns(['partner_id', 'seq']).execute();
      await db.schema
        .createIndex('customers_partner_name')
        .on('customers')
        .columns(['partner_id', 'company_name_lc'])
        .execute();
      await db.schema
        .createTable('orders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
        .addColumn('partner_id', 'text', (c) => c.notNull())
        .addColumn('alternate_id', 'text', (c) => c.notNull())
        .addColumn('billing_cycle', 'text', (c) => c.notNull())
        .addColumn('currency_code', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('provisioned_at', ts, (c) => c.notNull())
        .addColumn('line_items_json', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('orders_customer').on('orders').column('customer_id').execute();
      await db.schema
        .createTable('subscriptions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
        .addColumn('partner_id', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id').onDelete('cascade'))
        .addColumn('data_json', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('subscriptions_customer').on('subscriptions').column('customer_id').execute();
      await db.schema
        .createTable('idempotency')
        .addColumn('partner_id', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('operation', 'text', (c) => c.notNull())
        .addColumn('response_json', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_pk', ['partner_id', 'request_id', 'operation'])
        .execute();
      await db.schema
        .createTable('fault_rules')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('rule_json', 'text', (c) => c.notNull())
        .addColumn('remaining', 'integer')
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('throttle_counters')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('window_start', ts, (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .execute();
    },
  },
  {
    version: 2,
    name: 'request journal',
    async up(db, dialect) {
      const table = db.schema.createTable('request_journal');
      const withSeq =
        dialect === 'postgres'
          ? table.addColumn('seq', 'bigserial', (c) => c.primaryKey())
          : table.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement());
      await withSeq
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('at', millis(dialect), (c) => c.notNull())
        .addColumn('duration_ms', dialect === 'postgres' ? 'double precision' : 'real', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('query', 'text', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('partner_id', 'text')
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('correlation_id', 'text')
        .addColumn('server_id', 'text', (c) => c.notNull())
        .addColumn('request_body', 'text')
        .addColumn('response_body', 'text')
        .execute();
      await db.schema
        .createIndex('request_journal_partner')
        .on('request_journal')
        .columns(['partner_id', 'seq'])
        .execute();
    },
  },
  {
    version: 3,
    name: 'customer counts on partners, prefix indexes',
    async up(db, dialect) {
      // The quota count lives on the partner row, kept by every write that adds or removes a
      // customer: a create no longer counts the partner's customers (issue 11).
      await db.schema
        .alterTable('partners')
        .addColumn('customer_count', millis(dialect), (c) => c.notNull().defaultTo(0))
        .execute();
      await sql`update partners set customer_count = (select count(*) from customers where customers.partner_id = partners.id)`.execute(
        db,
      );
      // Prefix filters read a range of these indexes (store/prefix-range.ts). PostgreSQL compares
      // text by the database's locale unless told "C", which is the code point order the range needs.
      if (dialect === 'postgres') {
        await db.schema.dropIndex('customers_partner_name').execute();
        await sql`create index customers_partner_name on customers (partner_id, company_name_lc collate "C")`.execute(
          db,
        );
        await sql`create index customers_partner_domain on customers (partner_id, domain collate "C")`.execute(db);
      } else {
        await db.schema
          .createIndex('customers_partner_domain')
          .on('customers')
          .columns(['partner_id', 'domain'])
          .execute();
      }
    },
  },
  {
    version: 4,
    name: 'covering index for customer list pages',
    async up(db, dialect) {
      // A list page reads only what a list item shows (mappers.ts, CUSTOMER_LIST_COLUMNS): with
      // those in the (partner_id, seq) index, a page at a random place reads a few index pages
      // instead of its 100 rows' ~60 table pages (at 1M customers, 240 pages/s against 1,041/s
      // for the first page, bench/large-sandbox.mjs). It replaces the narrower index, whose
      // every use (the list, snapshot pages by (partner_id, seq)) it serves as well.
      const shown = ['removed_at', 'id', 'domain', 'company_name', 'relationship'] as const;
      if (dialect === 'postgres')
        await sql`create index customers_partner_list on customers (partner_id, seq) include (${sql.join(shown.map((c) => sql.ref(c)))})`.execute(
          db,
        );
      else
        await db.schema
          .createIndex('customers_partner_list')
          .on('customers')
          .columns(['partner_id', 'seq', ...shown])
          .execute();
      await db.schema.dropIndex('customers_partner_seq').execute();
    },
  },
];
