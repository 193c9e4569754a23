/**
 * @module The sandbox's state as plain data. Statuses that change with time (provisioning,
 * cancellation) are not stored: they are derived from these timestamps and the sandbox clock.
 */

export type PartnerKind = 'sandbox' | 'production';

export interface PartnerRecord {
  id: string;
  kind: PartnerKind;
  name: string;
  domain: string;
  mpnId: string;
  createdAt: number;
}

export interface AppRecord {
  clientId: string;
  partnerId: string;
  clientSecret: string;
  displayName: string;
  createdAt: number;
}

export interface UserRecord {
  id: string;
  partnerId: string;
  userName: string;
  password: string;
  displayName: string;
  createdAt: number;
}

export interface AddressData {
  country: string;
  region?: string;
  city?: string;
  state?: string;
  addressLine1?: string;
  addressLine2?: string;
  addressLine3?: string;
  postalCode?: string;
  firstName?: string;
  lastName?: string;
  phoneNumber?: string;
}

export interface CompanyData {
  email?: string;
  organizationRegistrationNumber?: string;
  address?: AddressData;
}

export interface BillingData {
  id: string;
  firstName?: string;
  lastName?: string;
  email: string;
  culture: string;
  language: string;
  companyName: string;
  defaultAddress: AddressData;
  version: number;
}

export type Relationship = 'reseller' | 'none';

export interface CustomerRecord {
  id: string;
  partnerId: string;
  seq: number;
  commerceId: string;
  domain: string;
  companyName: string;
  relationship: Relationship;
  allowDelegatedAccess: boolean;
  company: CompanyData;
  billing: BillingData;
  associatedPartnerId?: string;
  createdAt: number;
  /** Set when a production partner removed the relationship: the customer is then hidden. */
  removedAt?: number;
}

/** What kind of purchase a catalog offer is; it decides entitlements, subscriptions and cancellation. */
export type OfferKind =
  | 'reservedinstance'
  | 'software_perpetual'
  | 'software_subscription'
  | 'license'
  | 'newcommerce'
  | 'azure';

export interface OrderLineItemRecord {
  lineItemNumber: number;
  offerId: string;
  kind: OfferKind;
  productId: string;
  skuId: string;
  availabilityId?: string;
  friendlyName: string;
  quantity: number;
  termDuration?: string;
  provisioningContext?: Record<string, string>;
  subscriptionId?: string;
  /** The reservation (RI) or artifact resource id, for entitlement artifacts. */
  resourceId?: string;
  cancelRequestedAt?: number;
  cancelCompletesAt?: number;
}

export interface OrderRecord {
  id: string;
  customerId: string;
  partnerId: string;
  alternateId: string;
  billingCycle: string;
  currencyCode: string;
  createdAt: number;
  provisionedAt: number;
  lineItems: OrderLineItemRecord[];
  version: number;
}

/** `deleted`: cancelled through PATCH subscription (new commerce, Azure plan). */
export type StoredSubscriptionStatus = 'active' | 'suspended' | 'deleted';

export interface SubscriptionRecord {
  id: string;
  customerId: string;
  partnerId: string;
  orderId: string;
  lineItemNumber: number;
  entitlementId: string;
  offerId: string;
  offerName: string;
  friendlyName: string;
  quantity: number;
  unitType: string;
  billingType: string;
  billingCycle: string;
  contractType: string;
  termDuration?: string;
  status: StoredSubscriptionStatus;
  suspensionReasons: string[];
  autoRenewEnabled: boolean;
  createdAt: number;
  effectiveStartAt: number;
  commitmentEndAt: number;
  version: number;
}

/**
 * The records a customer owns, by collection name: each collection is described once in the store
 * (`store/child-collections.ts`), and the aggregate, its changes and snapshots follow that list.
 */
export interface CustomerChildRecords {
  orders: OrderRecord;
  subscriptions: SubscriptionRecord;
}

export type CustomerChildren = { [K in keyof CustomerChildRecords]: CustomerChildRecords[K][] };

/** What a customer's creation is decided on, read under the partner's lock. */
export interface CreateCustomerContext {
  /** Undefined when the partner is gone (a snapshot replaced the state under a live token). */
  partner: PartnerRecord | undefined;
  /** Customers of this partner counted against the sandbox quota. */
  customerCount: number;
  /** The next paging sequence number for this partner. */
  nextSeq: number;
  domainTaken: boolean;
}

/** A customer with everything it owns: the unit every lifecycle rule reads and writes. */
export interface CustomerAggregate extends CustomerChildren {
  customer: CustomerRecord;
}

export type FaultKind = 'throttle' | 'error' | 'latency' | 'drop';

export interface FaultRule {
  id: string;
  method: string;
  path: string;
  kind: FaultKind;
  status?: number;
  retryAfterSeconds?: number;
  latencyMs?: number;
  /** For `drop`: `before` the handler runs, or `after` it has committed its work. */
  phase?: 'before' | 'after';
  tenantId?: string;
  /** How many more requests it applies to; absent means until removed. */
  remaining?: number;
  createdAt: number;
}

export interface SigningKeyRecord {
  kid: string;
  privateJwk: string;
  publicJwk: string;
  createdAt: number;
}
