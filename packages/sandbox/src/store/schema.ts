/**
 * @module Table shapes as Kysely sees them. Timestamps are epoch milliseconds (BIGINT on
 * PostgreSQL, parsed back to numbers), booleans are 0/1 integers and structured values are
 * JSON text, so that one set of queries serves SQLite and PostgreSQL alike.
 */
import type { Generated } from 'kysely';

export interface SettingsTable {
  key: string;
  value: string;
}

export interface SigningKeysTable {
  kid: string;
  private_jwk: string;
  public_jwk: string;
  created_at: number;
}

export interface PartnersTable {
  id: string;
  kind: string;
  name: string;
  domain: string;
  mpn_id: string;
  customer_seq: number;
  /** Customers of the partner (hidden ones included): the sandbox quota's count. */
  customer_count: number;
  created_at: number;
}

export interface AppsTable {
  client_id: string;
  partner_id: string;
  client_secret: string;
  display_name: string;
  created_at: number;
}

export interface UsersTable {
  id: string;
  partner_id: string;
  user_name: string;
  password: string;
  display_name: string;
  created_at: number;
}

export interface CustomersTable {
  id: string;
  partner_id: string;
  seq: number;
  commerce_id: string;
  domain: string;
  company_name: string;
  company_name_lc: string;
  relationship: string;
  allow_delegated_access: number;
  company_json: string;
  billing_json: string;
  associated_partner_id: string | null;
  created_at: number;
  removed_at: number | null;
}

export interface OrdersTable {
  id: string;
  customer_id: string;
  partner_id: string;
  alternate_id: string;
  billing_cycle: string;
  currency_code: string;
  created_at: number;
  provisioned_at: number;
  line_items_json: string;
  version: number;
}

export interface SubscriptionsTable {
  id: string;
  customer_id: string;
  partner_id: string;
  order_id: string;
  data_json: string;
  status: string;
  version: number;
}

export interface IdempotencyTable {
  partner_id: string;
  request_id: string;
  operation: string;
  response_json: string;
  created_at: number;
}

export interface FaultRulesTable {
  id: string;
  rule_json: string;
  remaining: number | null;
  created_at: number;
}

export interface ThrottleCountersTable {
  key: string;
  window_start: number;
  count: number;
}

export interface RequestJournalTable {
  /** Insertion order across every instance of the deployment. */
  seq: Generated<number>;
  id: string;
  at: number;
  duration_ms: number;
  method: string;
  path: string;
  query: string;
  status: number;
  partner_id: string | null;
  request_id: string;
  correlation_id: string | null;
  server_id: string;
  request_body: string | null;
  response_body: string | null;
}

/** A journal entry as the store writes it: the journal completes its drafts straight into this. */
export type NewJournalRow = Omit<RequestJournalTable, 'seq'>;

export interface MigrationsTable {
  version: number;
  name: string;
  applied_at: number;
}

export interface Database {
  settings: SettingsTable;
  signing_keys: SigningKeysTable;
  partners: PartnersTable;
  apps: AppsTable;
  users: UsersTable;
  customers: CustomersTable;
  orders: OrdersTable;
  subscriptions: SubscriptionsTable;
  idempotency: IdempotencyTable;
  fault_rules: FaultRulesTable;
  throttle_counters: ThrottleCountersTable;
  request_journal: RequestJournalTable;
  partnerbox_migrations: MigrationsTable;
}
