/**
 * @module Enum value lists, each the one source for its values: response enums as they travel
 * on the wire (lower case, underscores), request vocabularies as the docs spell them. The
 * server accepts every one case-insensitively; clients must tolerate values missing from the
 * response lists. No TypeBox here: `./types` exports this module to SDK users (the schemas
 * over these lists are in enums.ts).
 */

/**
 * The value of `values` that `raw` names, compared case-insensitively (the service reads every
 * enum so), or undefined.
 *
 * @example
 * ```ts
 * findEnumValue(CUSTOMER_FILTER_FIELDS, 'COMPANYNAME'); // 'companyName'
 * ```
 */
export function findEnumValue<const T extends string>(values: readonly T[], raw: string): T | undefined {
  const wanted = raw.toLowerCase();
  return values.find((value) => value.toLowerCase() === wanted);
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

export const BILLING_CYCLES = ['unknown', 'monthly', 'annual', 'none', 'one_time', 'triennial', 'biennial'] as const;
export type BillingCycle = (typeof BILLING_CYCLES)[number];

export const ORDER_STATUSES = ['unknown', 'completed', 'pending', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

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

export const BILLING_TYPES = ['none', 'usage', 'license'] as const;
export type BillingType = (typeof BILLING_TYPES)[number];

/** `entitlementType` (and `artifactType`) as the service spells them in answers. */
export const ENTITLEMENT_TYPES = ['software', 'reservedinstance'] as const;
export type EntitlementType = (typeof ENTITLEMENT_TYPES)[number];

/** What clients send in `?entitlementType=`, spelled as the get-entitlements page spells it. */
export const ENTITLEMENT_TYPE_FILTERS = ['software', 'reservedInstance'] as const;
export type EntitlementTypeFilter = (typeof ENTITLEMENT_TYPE_FILTERS)[number];

/** The older name of `reservedInstance` in `?entitlementType=`, which the service still accepts. */
export const LEGACY_RESERVED_INSTANCE_FILTER = 'virtualMachineReservedInstance';

/**
 * The entitlement type a `?entitlementType=` value (or an answer's `entitlementType`) names,
 * matched case-insensitively, the legacy alias included; undefined for anything else.
 *
 * @example
 * ```ts
 * entitlementTypeOf('VirtualMachineReservedInstance'); // 'reservedinstance'
 * ```
 */
export function entitlementTypeOf(value: string): EntitlementType | undefined {
  if (findEnumValue([LEGACY_RESERVED_INSTANCE_FILTER], value)) return 'reservedinstance';
  return findEnumValue(ENTITLEMENT_TYPES, value);
}

/** Fields `GET /v1/customers?filter=` can match on, as clients and the store name them. */
export const CUSTOMER_FILTER_FIELDS = ['companyName', 'domain'] as const;
export type CustomerFilterField = (typeof CUSTOMER_FILTER_FIELDS)[number];

/** The filter's `Operator` values: only a case-insensitive prefix match. */
export const CUSTOMER_FILTER_OPERATORS = ['starts_with'] as const;
export type CustomerFilterOperator = (typeof CUSTOMER_FILTER_OPERATORS)[number];

/**
 * A filter field's wire spelling (`CompanyName`), as in Microsoft's get-a-customer-by-name
 * sample; the service matches the field case-insensitively.
 */
export function customerFilterFieldOnWire(field: CustomerFilterField): string {
  return field.charAt(0).toUpperCase() + field.slice(1);
}
