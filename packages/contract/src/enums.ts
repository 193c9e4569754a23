/**
 * @module Enum value lists as they travel on the wire (lower case, underscores). The server
 * accepts them case-insensitively; clients must tolerate values missing from these lists.
 */
import Type from 'typebox';

/** A JSON Schema `enum`: the server's input normalizer matches it case-insensitively. */
function enumSchema<const T extends string[]>(values: readonly [...T], description: string) {
  return Type.Enum(values, { description });
}

export const RELATIONSHIP_TO_PARTNER = [
  'unknown',
  'reseller',
  'advisor',
  'syndication',
  'microsoft_support',
  'none',
] as const;
export type RelationshipToPartner = (typeof RELATIONSHIP_TO_PARTNER)[number];
export const RelationshipToPartnerSchema = enumSchema(RELATIONSHIP_TO_PARTNER, 'The partner relationship.');

export const BILLING_CYCLES = ['unknown', 'monthly', 'annual', 'none', 'one_time', 'triennial', 'biennial'] as const;
export type BillingCycle = (typeof BILLING_CYCLES)[number];
export const BillingCycleSchema = enumSchema(BILLING_CYCLES, 'How often the purchase is billed.');

export const ORDER_STATUSES = ['unknown', 'completed', 'pending', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const OrderStatusSchema = enumSchema(ORDER_STATUSES, 'The order status.');

export const SUBSCRIPTION_STATUSES = [
  'none',
  'active',
  'pending',
  'suspended',
  'deleted',
  'expired',
  'disabled',
] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
export const SubscriptionStatusSchema = enumSchema(SUBSCRIPTION_STATUSES, 'The subscription status.');

export const BILLING_TYPES = ['none', 'usage', 'license'] as const;
export type BillingType = (typeof BILLING_TYPES)[number];
export const BillingTypeSchema = enumSchema(BILLING_TYPES, 'How the subscription is billed.');

/** Entitlement types as emitted. `virtualmachinereservedinstance` is only a query alias. */
export const ENTITLEMENT_TYPES = ['software', 'reservedinstance'] as const;
export type EntitlementType = (typeof ENTITLEMENT_TYPES)[number];

/** Accepted values of the `entitlementType` query parameter (case-insensitive). */
export const ENTITLEMENT_TYPE_FILTERS = ['software', 'reservedinstance', 'virtualmachinereservedinstance'] as const;

export const CUSTOMER_FILTER_FIELDS = ['companyname', 'domain'] as const;
export const CUSTOMER_FILTER_OPERATORS = ['starts_with'] as const;
