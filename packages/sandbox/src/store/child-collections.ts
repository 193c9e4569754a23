/**
 * @module The collections a customer owns, each described once: its table, row mappers, snapshot
 * key and record schema, its place in the delete order, and whether mutations load it. Loading the
 * aggregate, applying changes, the delete cascade, reset, snapshot export and import, and the
 * snapshot's schema all iterate over `CHILD_COLLECTIONS`; adding a collection is one entry here.
 */
import type { Insertable, Selectable } from 'kysely';
import type { TSchema } from 'typebox';
import type { CustomerChildRecords } from '../domain/records.js';
import { orderFromRow, orderToRow, subscriptionFromRow, subscriptionToRow } from './mappers.js';
import { OrderRecordSchema, SubscriptionRecordSchema } from './record-schemas.js';
import type { Database } from './schema.js';

export type ChildKey = keyof CustomerChildRecords;
export type ChildRecord<K extends ChildKey> = CustomerChildRecords[K];

/** Tables that hold a customer's children: every one has an `id` and a `customer_id`. */
export type ChildTable = {
  [T in keyof Database]: Database[T] extends { id: string; customer_id: string } ? T : never;
}[keyof Database];

interface CollectionIn<K extends ChildKey, T extends ChildTable> {
  /** The aggregate's property, the snapshot's key and the `AggregateChanges` key. */
  readonly key: K;
  readonly table: T;
  fromRow(row: Selectable<Database[T]>): ChildRecord<K>;
  toRow(record: ChildRecord<K>): Insertable<Database[T]>;
  /** Columns a snapshot lists the rows by, so that two exports of one state are equal. */
  readonly snapshotOrder: readonly (keyof Database[T] & string)[];
  /** The record's JSON Schema, which `PUT /_sandbox/snapshot` checks every row against. */
  readonly schema: TSchema;
  /**
   * Whether `mutateCustomer` loads it for the rules to decide on. False only for a collection no
   * rule reads (mutations then see it empty, may append to it, and cannot update it); it is still
   * deleted with its customer, reset, exported and imported.
   */
  readonly loadedByMutate: boolean;
}

/** One collection's description, its table and mappers checked against each other. */
export type ChildCollection<K extends ChildKey> = { [T in ChildTable]: CollectionIn<K, T> }[ChildTable];

const orders: ChildCollection<'orders'> = {
  key: 'orders',
  table: 'orders',
  fromRow: orderFromRow,
  toRow: orderToRow,
  snapshotOrder: ['created_at', 'id'],
  schema: OrderRecordSchema,
  loadedByMutate: true,
};

const subscriptions: ChildCollection<'subscriptions'> = {
  key: 'subscriptions',
  table: 'subscriptions',
  fromRow: subscriptionFromRow,
  toRow: subscriptionToRow,
  snapshotOrder: ['id'],
  schema: SubscriptionRecordSchema,
  loadedByMutate: true,
};

/**
 * Parents before the children whose rows point at them (a subscription names its order):
 * inserts run in this order, deletes in reverse, so no foreign key is ever left dangling.
 */
export const CHILD_COLLECTIONS = [orders, subscriptions] as const satisfies readonly ChildCollection<ChildKey>[];

// A collection of the domain's CustomerChildRecords without a description here fails to compile.
type Undescribed = Exclude<ChildKey, (typeof CHILD_COLLECTIONS)[number]['key']>;
const _everyCollectionDescribed: [Undescribed] extends [never] ? true : Undescribed = true;
