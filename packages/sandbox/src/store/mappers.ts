/** @module Row ↔ record conversions: the only place that knows how records are laid out in tables. */
import type {
  AppRecord,
  CustomerRecord,
  FaultRule,
  OrderRecord,
  PartnerKind,
  PartnerRecord,
  Relationship,
  SubscriptionRecord,
  UserRecord,
} from '../domain/records.js';
import type { Selectable } from 'kysely';
import type { JournalEntry, NewJournalEntry } from '../journal/journal-entry.js';
import type { CustomerListItem } from './store.js';
import type {
  AppsTable,
  CustomersTable,
  FaultRulesTable,
  OrdersTable,
  PartnersTable,
  NewJournalRow,
  RequestJournalTable,
  SubscriptionsTable,
  UsersTable,
} from './schema.js';

// PostgreSQL hands BIGINT back as a string unless told otherwise; accept both.
const num = (value: number | string): number => (typeof value === 'number' ? value : Number(value));
const optionalNum = (value: number | string | null): number | undefined => (value === null ? undefined : num(value));

export function partnerFromRow(row: Selectable<PartnersTable>): PartnerRecord {
  return {
    id: row.id,
    kind: row.kind as PartnerKind,
    name: row.name,
    domain: row.domain,
    mpnId: row.mpn_id,
    createdAt: num(row.created_at),
  };
}

export function partnerToRow(p: PartnerRecord, customerSeq = 0, customerCount = 0): PartnersTable {
  return {
    id: p.id,
    kind: p.kind,
    name: p.name,
    domain: p.domain,
    mpn_id: p.mpnId,
    customer_seq: customerSeq,
    customer_count: customerCount,
    created_at: p.createdAt,
  };
}

export function appFromRow(row: Selectable<AppsTable>): AppRecord {
  return {
    clientId: row.client_id,
    partnerId: row.partner_id,
    clientSecret: row.client_secret,
    displayName: row.display_name,
    createdAt: num(row.created_at),
  };
}

export function appToRow(a: AppRecord): AppsTable {
  return {
    client_id: a.clientId,
    partner_id: a.partnerId,
    client_secret: a.clientSecret,
    display_name: a.displayName,
    created_at: a.createdAt,
  };
}

export function userFromRow(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    partnerId: row.partner_id,
    userName: row.user_name,
    password: row.password,
    displayName: row.display_name,
    createdAt: num(row.created_at),
  };
}

export function userToRow(u: UserRecord): UsersTable {
  return {
    id: u.id,
    partner_id: u.partnerId,
    user_name: u.userName.toLowerCase(),
    password: u.password,
    display_name: u.displayName,
    created_at: u.createdAt,
  };
}

export function customerFromRow(row: Selectable<CustomersTable>): CustomerRecord {
  const record: CustomerRecord = {
    id: row.id,
    partnerId: row.partner_id,
    seq: num(row.seq),
    commerceId: row.commerce_id,
    domain: row.domain,
    companyName: row.company_name,
    relationship: row.relationship as Relationship,
    allowDelegatedAccess: num(row.allow_delegated_access) === 1,
    company: JSON.parse(row.company_json) as CustomerRecord['company'],
    billing: JSON.parse(row.billing_json) as CustomerRecord['billing'],
    createdAt: num(row.created_at),
  };
  if (row.associated_partner_id !== null) record.associatedPartnerId = row.associated_partner_id;
  const removedAt = optionalNum(row.removed_at);
  if (removedAt !== undefined) record.removedAt = removedAt;
  return record;
}

/** The columns a list page reads: no JSON to parse, nothing the list does not show. */
export const CUSTOMER_LIST_COLUMNS = ['id', 'seq', 'domain', 'company_name', 'relationship'] as const;

export function customerListItemFromRow(
  row: Pick<Selectable<CustomersTable>, (typeof CUSTOMER_LIST_COLUMNS)[number]>,
): CustomerListItem {
  return {
    id: row.id,
    seq: num(row.seq),
    domain: row.domain,
    companyName: row.company_name,
    relationship: row.relationship as Relationship,
  };
}

/** The same from a row read as an array of CUSTOMER_LIST_COLUMNS (a statement in raw mode). */
export function customerListItemFromValues(values: readonly unknown[]): CustomerListItem {
  const [id, seq, domain, companyName, relationship] = values as [string, number, string, string, Relationship];
  return { id, seq: num(seq), domain, companyName, relationship };
}

export function customerToRow(c: CustomerRecord): CustomersTable {
  return {
    id: c.id,
    partner_id: c.partnerId,
    seq: c.seq,
    commerce_id: c.commerceId,
    domain: c.domain.toLowerCase(),
    company_name: c.companyName,
    company_name_lc: c.companyName.toLowerCase(),
    relationship: c.relationship,
    allow_delegated_access: c.allowDelegatedAccess ? 1 : 0,
    company_json: JSON.stringify(c.company),
    billing_json: JSON.stringify(c.billing),
    associated_partner_id: c.associatedPartnerId ?? null,
    created_at: c.createdAt,
    removed_at: c.removedAt ?? null,
  };
}

export function orderFromRow(row: Selectable<OrdersTable>): OrderRecord {
  return {
    id: row.id,
    customerId: row.customer_id,
    partnerId: row.partner_id,
    alternateId: row.alternate_id,
    billingCycle: row.billing_cycle,
    currencyCode: row.currency_code,
    createdAt: num(row.created_at),
    provisionedAt: num(row.provisioned_at),
    lineItems: JSON.parse(row.line_items_json) as OrderRecord['lineItems'],
    version: num(row.version),
  };
}

export function orderToRow(o: OrderRecord): OrdersTable {
  return {
    id: o.id,
    customer_id: o.customerId,
    partner_id: o.partnerId,
    alternate_id: o.alternateId,
    billing_cycle: o.billingCycle,
    currency_code: o.currencyCode,
    created_at: o.createdAt,
    provisioned_at: o.provisionedAt,
    line_items_json: JSON.stringify(o.lineItems),
    version: o.version,
  };
}

type SubscriptionData = Omit<SubscriptionRecord, 'id' | 'customerId' | 'partnerId' | 'orderId' | 'status' | 'version'>;

export function subscriptionFromRow(row: Selectable<SubscriptionsTable>): SubscriptionRecord {
  const data = JSON.parse(row.data_json) as SubscriptionData;
  return {
    ...data,
    id: row.id,
    customerId: row.customer_id,
    partnerId: row.partner_id,
    orderId: row.order_id,
    status: row.status as SubscriptionRecord['status'],
    version: num(row.version),
  };
}

export function subscriptionToRow(s: SubscriptionRecord): SubscriptionsTable {
  const { id, customerId, partnerId, orderId, status, version, ...data } = s;
  return {
    id,
    customer_id: customerId,
    partner_id: partnerId,
    order_id: orderId,
    data_json: JSON.stringify(data),
    status,
    version,
  };
}

export function faultRuleFromRow(row: Selectable<FaultRulesTable>): FaultRule {
  const rule = JSON.parse(row.rule_json) as FaultRule;
  const remaining = optionalNum(row.remaining);
  if (remaining === undefined) delete rule.remaining;
  else rule.remaining = remaining;
  return rule;
}

export function faultRuleToRow(rule: FaultRule): FaultRulesTable {
  return {
    id: rule.id,
    rule_json: JSON.stringify(rule),
    remaining: rule.remaining ?? null,
    created_at: rule.createdAt,
  };
}

export function journalEntryFromRow(row: Selectable<RequestJournalTable>): JournalEntry {
  return {
    seq: num(row.seq),
    id: row.id,
    at: new Date(num(row.at)).toISOString(),
    durationMs: num(row.duration_ms),
    method: row.method,
    path: row.path,
    query: row.query,
    status: num(row.status),
    partner: row.partner_id ?? undefined,
    requestId: row.request_id,
    correlationId: row.correlation_id ?? undefined,
    serverId: row.server_id,
    requestBody: row.request_body ?? undefined,
    responseBody: row.response_body ?? undefined,
  };
}

/** An entry of the contract's shape as the store writes it (tests and tools). */
export function journalEntryToRow(e: NewJournalEntry): NewJournalRow {
  return {
    id: e.id,
    at: Date.parse(e.at),
    duration_ms: e.durationMs,
    method: e.method,
    path: e.path,
    query: e.query,
    status: e.status,
    partner_id: e.partner ?? null,
    request_id: e.requestId,
    correlation_id: e.correlationId ?? null,
    server_id: e.serverId,
    request_body: e.requestBody ?? null,
    response_body: e.responseBody ?? null,
  };
}
