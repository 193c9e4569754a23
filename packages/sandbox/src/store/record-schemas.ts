/**
 * @module Every record as the store keeps it, as JSON Schema: what `PUT /_sandbox/snapshot` is
 * checked against, so that a hand-edited or foreign snapshot is refused with 400 instead of being
 * stored half-typed (SQLite would accept a string in a number column, and every later read of that
 * row would fail).
 */
import Type from 'typebox';

const text = Type.String({ maxLength: 20_000 });
const time = Type.Number();
const count = Type.Integer();
const optional = <T extends Parameters<typeof Type.Optional>[0]>(schema: T) => Type.Optional(schema);

const Address = Type.Object({
  country: text,
  region: optional(text),
  city: optional(text),
  state: optional(text),
  addressLine1: optional(text),
  addressLine2: optional(text),
  addressLine3: optional(text),
  postalCode: optional(text),
  firstName: optional(text),
  lastName: optional(text),
  phoneNumber: optional(text),
});

export const PartnerRecordSchema = Type.Object({
  id: text,
  kind: Type.Enum(['sandbox', 'production']),
  name: text,
  domain: text,
  mpnId: text,
  createdAt: time,
});

export const AppRecordSchema = Type.Object({
  clientId: text,
  partnerId: text,
  clientSecret: text,
  displayName: text,
  createdAt: time,
});

export const UserRecordSchema = Type.Object({
  id: text,
  partnerId: text,
  userName: text,
  password: text,
  displayName: text,
  createdAt: time,
});

export const CustomerRecordSchema = Type.Object({
  id: text,
  partnerId: text,
  seq: count,
  commerceId: text,
  domain: text,
  companyName: text,
  relationship: Type.Enum(['reseller', 'none']),
  allowDelegatedAccess: Type.Boolean(),
  company: Type.Object({
    email: optional(text),
    organizationRegistrationNumber: optional(text),
    address: optional(Address),
  }),
  billing: Type.Object({
    id: text,
    firstName: optional(text),
    lastName: optional(text),
    email: text,
    culture: text,
    language: text,
    companyName: text,
    defaultAddress: Address,
    version: count,
  }),
  associatedPartnerId: optional(text),
  createdAt: time,
  removedAt: optional(time),
});

const LineItem = Type.Object({
  lineItemNumber: count,
  offerId: text,
  kind: Type.Enum([
    'reservedinstance',
    'software_perpetual',
    'software_subscription',
    'license',
    'newcommerce',
    'azure',
  ]),
  productId: text,
  skuId: text,
  availabilityId: optional(text),
  friendlyName: text,
  quantity: count,
  termDuration: optional(text),
  provisioningContext: optional(Type.Record(Type.String(), text)),
  subscriptionId: optional(text),
  resourceId: optional(text),
  cancelRequestedAt: optional(time),
  cancelCompletesAt: optional(time),
});

export const OrderRecordSchema = Type.Object({
  id: text,
  customerId: text,
  partnerId: text,
  alternateId: text,
  billingCycle: text,
  currencyCode: text,
  createdAt: time,
  provisionedAt: time,
  lineItems: Type.Array(LineItem, { minItems: 1 }),
  version: count,
});

export const SubscriptionRecordSchema = Type.Object({
  id: text,
  customerId: text,
  partnerId: text,
  orderId: text,
  lineItemNumber: count,
  entitlementId: text,
  offerId: text,
  offerName: text,
  friendlyName: text,
  quantity: count,
  unitType: text,
  billingType: text,
  billingCycle: text,
  contractType: text,
  termDuration: optional(text),
  status: Type.Enum(['active', 'suspended', 'deleted']),
  suspensionReasons: Type.Array(text),
  autoRenewEnabled: Type.Boolean(),
  createdAt: time,
  effectiveStartAt: time,
  commitmentEndAt: time,
  version: count,
});

export const FaultRuleRecordSchema = Type.Object({
  id: text,
  method: text,
  path: text,
  kind: Type.Enum(['throttle', 'error', 'latency', 'drop']),
  status: optional(count),
  retryAfterSeconds: optional(count),
  latencyMs: optional(count),
  phase: optional(Type.Enum(['before', 'after'])),
  tenantId: optional(text),
  remaining: optional(count),
  createdAt: time,
});
