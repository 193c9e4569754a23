/**
 * @module The shape of `PUT /_sandbox/snapshot`: every record as the store keeps it, each child
 * collection of customers under its own key, as the store's descriptors list them.
 */
import Type from 'typebox';
import { CHILD_COLLECTIONS } from '../store/child-collections.js';
import {
  AppRecordSchema,
  CustomerRecordSchema,
  FaultRuleRecordSchema,
  PartnerRecordSchema,
  UserRecordSchema,
} from '../store/record-schemas.js';

const childCollections = Object.fromEntries(CHILD_COLLECTIONS.map((c) => [c.key, Type.Array(c.schema)]));

export const SnapshotSchema = Type.Object({
  format: Type.Literal('partnerbox-snapshot'),
  version: Type.Literal(1),
  exportedAt: Type.String({ maxLength: 20_000 }),
  clockOffsetMs: Type.Number(),
  partners: Type.Array(PartnerRecordSchema),
  apps: Type.Array(AppRecordSchema),
  users: Type.Array(UserRecordSchema),
  customers: Type.Array(CustomerRecordSchema),
  ...childCollections,
  faultRules: Type.Array(FaultRuleRecordSchema),
});
