/**
 * @module The Store interface: coarse, transactional operations ("mutate this customer and
 * everything it owns"), so that every write is one transaction and the SQLite and PostgreSQL
 * implementations cannot drift apart in their rules. The rules themselves live in domain/.
 */
import type { CustomerFilterField } from '@partnerbox/contract';
import type { JournalEntry, JournalQuery } from '../journal/journal-entry.js';
import type { TableRows } from './bulk-queries.js';
import type { NewJournalRow } from './schema.js';
import type {
  AppRecord,
  CustomerAggregate,
  CustomerChildRecords,
  CustomerChildren,
  CreateCustomerContext,
  CustomerRecord,
  FaultRule,
  PartnerRecord,
  SigningKeyRecord,
  UserRecord,
} from '../domain/records.js';

/**
 * Where a write's answer is kept, so that a retry with the same `MS-RequestId` gets the same
 * answer: the partner's request id, for one operation on one target. The store scopes every key
 * to the partner it writes for.
 */
export interface ReplayKey {
  requestId: string;
  /** What the call does, e.g. `create-order`. */
  operation: string;
  /** What it acts on, e.g. the customer id; empty for the partner's own collection (create customer). */
  target: string;
  /** When the call is made (sandbox clock): a first answer is kept from then. */
  at: number;
  /** Answers kept before this instant are expired: the call runs again and its answer replaces them. */
  keptSince: number;
}

/** Records of some of a customer's collections, by collection key (`orders`, `subscriptions`…). */
export type ChildChanges = { [K in keyof CustomerChildRecords]?: CustomerChildRecords[K][] };

/** What a mutation of a customer aggregate writes back. */
export interface AggregateChanges {
  /** Replace the customer row, or `'delete'` to purge the customer and all it owns. */
  customer?: CustomerRecord | 'delete';
  /** New records, e.g. `{ orders: [order], subscriptions }`. */
  insert?: ChildChanges;
  /** Changed records, replaced whole by id. */
  update?: ChildChanges;
}

/** What a decision on a customer aggregate writes, and the answer it gives (kept for replays). */
export interface Mutation<R> {
  changes: AggregateChanges;
  result: R;
}

/** A new customer and the answer its creation gives (kept for replays). */
export interface NewCustomerWrite<R> {
  customer: CustomerRecord;
  result: R;
}

/** A case-insensitive prefix match on a customer's company name or domain. */
export interface CustomerPrefixFilter {
  field: CustomerFilterField;
  prefix: string;
}

/** What a list page shows of a customer (`renderCustomerListItem`), read without the rest. */
export type CustomerListItem = Pick<CustomerRecord, 'id' | 'seq' | 'domain' | 'companyName' | 'relationship'>;

export interface ListCustomersQuery {
  afterSeq: number;
  limit: number;
  filter?: CustomerPrefixFilter;
}

export interface PartnerDirectoryEntry {
  partner: PartnerRecord;
  apps: AppRecord[];
  users: UserRecord[];
}

export interface IdentitySeed {
  partners: PartnerRecord[];
  apps: AppRecord[];
  users: UserRecord[];
}

/** The whole state but the signing keys; every child collection of customers under its own key. */
export interface Snapshot extends CustomerChildren {
  format: 'partnerbox-snapshot';
  version: 1;
  exportedAt: string;
  clockOffsetMs: number;
  partners: PartnerRecord[];
  apps: AppRecord[];
  users: UserRecord[];
  customers: CustomerRecord[];
  faultRules: FaultRule[];
}

/** What a generation batch is built from: the partner row as it is, under its lock. */
export interface GenerateContext {
  partner: PartnerRecord | undefined;
  customerCount: number;
  nextSeq: number;
  /** Customers this batch makes. */
  count: number;
  /** Customers still to make, this batch's included. */
  remaining: number;
}

/**
 * A generation batch: customers made from one prototype, each its rows with the customer's own
 * value in place of each of the prototype's `slots` (ids, domain, names) and its own seq.
 */
export interface GeneratedBatch {
  prototype: CustomerAggregate;
  slots: readonly string[];
  customers: readonly { seq: number; values: readonly string[] }[];
}

/** Everything of a snapshot but its customers (and what they own): read before the first customer. */
export interface SnapshotHead extends IdentitySeed {
  clockOffsetMs: number;
  faultRules: FaultRule[];
}

export type SnapshotFormat = 'json' | 'ndjson';

/**
 * What requests are judged by before their handler runs: the control plane's fault rules, the
 * sandbox clock and the identities version, as of one `version` of the control state. Every
 * control-plane change they depend on bumps that version in its own transaction, so a state
 * cached by an instance is exact as long as the version a request's read returns is its own.
 */
export interface GatewayState {
  /** The control version (0 on an exclusive store, which never checks it). */
  version: number;
  faultRules: FaultRule[];
  identitiesVersion: string;
  clockOffsetMs: number;
}

/**
 * The state one request was judged by. A shared store's read or write that is given it reads
 * the control version in the same statement (a write in its transaction's first, locking one)
 * and throws `ControlStateChangedError` when it differs; after the first such check the request
 * is known to be judged by the current state, and later calls check nothing.
 */
export interface ControlStamp {
  readonly state: GatewayState;
  checked: boolean;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** A human-readable location, for the start-up banner (never a password). */
  readonly location: string;

  /** Runs pending migrations under a lock; safe when several instances start at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Cheap round trip for health checks. */
  ping(): Promise<void>;

  getSetting(key: string): Promise<string | undefined>;
  /** Stores `value` unless the key exists; returns what is stored. */
  setSettingIfAbsent(key: string, value: string): Promise<string>;

  getClockOffsetMs(): Promise<number>;
  advanceClock(byMs: number): Promise<number>;

  listSigningKeys(): Promise<SigningKeyRecord[]>;
  insertSigningKeyIfAbsent(key: SigningKeyRecord): Promise<void>;

  /** Inserts partners, apps and users unless any partner exists; true when it seeded. */
  seedIdentitiesIfEmpty(seed: IdentitySeed): Promise<boolean>;
  /** Adds partners with their apps and users, in one transaction (`POST /_sandbox/partners`). */
  addIdentities(seed: IdentitySeed): Promise<void>;
  listPartners(): Promise<PartnerDirectoryEntry[]>;
  getPartner(id: string): Promise<PartnerRecord | undefined>;
  findPartnerByDomain(domain: string): Promise<PartnerRecord | undefined>;
  getApp(clientId: string): Promise<AppRecord | undefined>;
  getUser(id: string): Promise<UserRecord | undefined>;
  findUserByName(userName: string): Promise<UserRecord | undefined>;

  /** Reads taking a `ControlStamp` check the request's control state with the same statement. */
  getCustomer(partnerId: string, customerId: string, stamp?: ControlStamp): Promise<CustomerRecord | undefined>;
  listCustomers(partnerId: string, query: ListCustomersQuery, stamp?: ControlStamp): Promise<CustomerListItem[]>;
  /**
   * A number that changes whenever a write may have changed what {@link listCustomers} answers,
   * read without a wait; `undefined` where the store cannot tell (a shared store: another
   * instance writes without this one knowing). Read before a listing, a listing answered for
   * the same number can be answered again while the number stays the same.
   */
  listingVersion(): number | undefined;
  getCustomerAggregate(
    partnerId: string,
    customerId: string,
    stamp?: ControlStamp,
  ): Promise<CustomerAggregate | undefined>;

  /**
   * Creates a customer under the partner's lock: `build` sees the quota count and whether the
   * domain is taken, and either throws a Partner Center error or returns the record and its answer.
   * With a replay key, a retry gets the first answer instead of running `build` again.
   */
  createCustomer<R>(
    partnerId: string,
    domain: string,
    build: (ctx: CreateCustomerContext) => NewCustomerWrite<R>,
    replay?: ReplayKey,
    stamp?: ControlStamp,
  ): Promise<R>;

  /**
   * Loads the customer aggregate under a row lock (undefined when there is no such customer), lets
   * `fn` decide (pure, synchronous; it throws to abort), and writes its changes in the same
   * transaction. With a replay key, a retry gets the first answer, even once the customer is gone.
   */
  mutateCustomer<R>(
    partnerId: string,
    customerId: string,
    fn: (aggregate: CustomerAggregate | undefined) => Mutation<R>,
    replay?: ReplayKey,
    stamp?: ControlStamp,
  ): Promise<R>;

  /** Restores a relationship hidden by a production removal (invitation accepted). */
  restoreRelationship(
    partnerId: string,
    customerId: string,
    allowDelegatedAccess: boolean,
  ): Promise<CustomerRecord | undefined>;

  /** Adds journal entries, in order, and drops the oldest beyond `keep` (the request journal). */
  appendJournal(rows: NewJournalRow[], keep: number): Promise<void>;
  listJournal(query: JournalQuery): Promise<JournalEntry[]>;
  /** Removes every entry, or one partner's; answers how many. */
  clearJournal(partner?: string): Promise<number>;

  listFaultRules(): Promise<FaultRule[]>;
  /**
   * The gateway's state as the store holds it now, in one round trip on a shared store (the
   * active fault rules, the clock, the control version and the version of the partners, apps
   * and users, which changes when a snapshot import replaces them: instances then drop the
   * tokens they verified against the old ones). It becomes the cached state.
   */
  gatewayState(): Promise<GatewayState>;
  /**
   * The state last loaded, without a round trip (undefined before the first load, and after a
   * change made through this instance). An exclusive store keeps it current; a shared one's may
   * be behind other instances' changes, which the reads given a `ControlStamp` find out.
   */
  cachedGatewayState(): GatewayState | undefined;
  /**
   * A state at least as new as the version `seen` (what a read returned): the cached one when it
   * is, otherwise loaded (one load however many requests ask at once).
   */
  refreshGatewayState(seen: number): Promise<GatewayState>;
  /** Checks the stamp with a read of the control version alone, for requests whose handler read nothing. */
  checkControlState(stamp: ControlStamp): Promise<void>;
  /** True when other instances share the database: the control state must then be checked. */
  readonly shared: boolean;
  addFaultRule(rule: FaultRule): Promise<void>;
  deleteFaultRule(id: string): Promise<boolean>;
  clearFaultRules(): Promise<void>;
  /** Counts one use of a rule; false when it was already used up (another request won). */
  consumeFaultRule(id: string): Promise<boolean>;

  /** Adds one hit to a fixed-window counter and returns the window's count. */
  hitThrottle(key: string, windowStart: number): Promise<number>;

  /** Removes customers and everything they own, faults, throttle counters, idempotency records, the clock offset. */
  resetData(): Promise<void>;
  exportSnapshot(): Promise<Snapshot>;
  importSnapshot(snapshot: Snapshot): Promise<void>;

  /**
   * Adds `count` customers to a partner, a batch per transaction (each under the partner's lock,
   * its counts kept): `build` makes each batch, and throws to refuse (nothing of that batch is
   * written). Answers how many were added.
   */
  generateCustomers(
    partnerId: string,
    count: number,
    build: (ctx: GenerateContext) => GeneratedBatch,
    batchSize?: number,
  ): Promise<number>;
  /**
   * Writes the whole state, as `exportSnapshot` reads it, a page at a time in one read
   * transaction: the snapshot's JSON, or NDJSON (a header line, the head's records, then each
   * customer followed by what it owns). `write` resolves once the chunk may be followed by more.
   */
  writeSnapshot(format: SnapshotFormat, write: (chunk: string) => Promise<void>): Promise<void>;
  /**
   * Replaces the whole state as `importSnapshot` does, in one transaction, reading the customers'
   * rows as they come (checked already: `rowBatches` of the checked aggregates; the iterator
   * throws to abort, and nothing is imported then). Answers how many customers.
   */
  importSnapshotStream(head: SnapshotHead, batches: AsyncIterable<TableRows>): Promise<number>;
}
