/**
 * @module The enum value lists (enum-values.ts) as JSON Schema `enum`s: the server's input
 * normalizer matches them case-insensitively.
 */
import Type from 'typebox';
import {
  BILLING_CYCLES,
  BILLING_TYPES,
  ENTITLEMENT_TYPE_FILTERS,
  LEGACY_RESERVED_INSTANCE_FILTER,
  ORDER_STATUSES,
  RELATIONSHIP_TO_PARTNER,
  SUBSCRIPTION_STATUSES,
} from './enum-values.js';

/** A JSON Schema `enum`: the server's input normalizer matches it case-insensitively. */
function enumSchema<const T extends string[]>(values: readonly [...T], description: string) {
  return Type.Enum(values, { description });
}

export const RelationshipToPartnerSchema = enumSchema(RELATIONSHIP_TO_PARTNER, 'The partner relationship.');
export const BillingCycleSchema = enumSchema(BILLING_CYCLES, 'How often the purchase is billed.');
export const OrderStatusSchema = enumSchema(ORDER_STATUSES, 'The order status.');
export const SubscriptionStatusSchema = enumSchema(SUBSCRIPTION_STATUSES, 'The subscription status.');
export const BillingTypeSchema = enumSchema(BILLING_TYPES, 'How the subscription is billed.');

/** Every value `?entitlementType=` accepts (case-insensitively). */
export const EntitlementTypeFilterSchema = enumSchema(
  [...ENTITLEMENT_TYPE_FILTERS, LEGACY_RESERVED_INSTANCE_FILTER],
  `Case-insensitive; ${LEGACY_RESERVED_INSTANCE_FILTER} is a legacy alias of reservedInstance.`,
);
