/**
 * @module Test-only record factories for the domain's unit tests: plain records at a fixed
 * sandbox clock, built from real catalog offers, so a table row states only what its rule is
 * about. Excluded from the build (packages/sandbox/tsconfig.json).
 */
import { expect } from 'vitest';
import { isPartnerCenterError } from '../errors.js';
import { findOffer, SUBSCRIPTION_KINDS, type CatalogOffer } from './catalog.js';
import type {
  CustomerAggregate,
  CustomerRecord,
  OrderLineItemRecord,
  OrderRecord,
  StoredSubscriptionStatus,
  SubscriptionRecord,
} from './records.js';

/** The sandbox clock when every record below is created, unless a row says otherwise. */
export const T0 = Date.UTC(2030, 0, 7, 9, 0, 0);
/** The server's default delays (docs/compatibility.md, "Asynchrony"). */
export const PROVISIONING_MS = 3_000;
export const CANCELLATION_MS = 10_000;

export const CUSTOMER_ID = '7e7f3a5b-0c1d-4e2f-9a8b-1c2d3e4f5a6b';

function offer(offerId: string): CatalogOffer {
  const found = findOffer(offerId);
  if (!found) throw new Error(`test-records: ${offerId} is not in the catalog`);
  return found;
}

/** One catalog offer of each kind the rules tell apart. */
export const OFFERS = {
  reservedInstance: offer('DZH318Z0BQ4B:0047:DZH318Z0DSM8'),
  perpetualSoftware: offer('DG7GMGF0DWT0:0001:DG7GMGF0DSQR'),
  softwareSubscription: offer('DG7GMGF0FKZV:0003:DG7GMGF0DWMS'),
  licence: offer('E59159FC-6F67-4599-B3CB-17FF4020F643'),
  licenceWith30SeatMinimum: offer('5C1E9B2A-0F3D-4B6E-8A7C-2D9F4E1B3A60'),
  newCommerce: offer('CFQ7TTC0LH18:0001:CFQ7TTC0K5BD'),
  azurePlan: offer('DZH318Z0BPS6:0001:DZH318Z0BPHC'),
  legacyAzure: offer('MS-AZR-0145P'),
} as const;

export type OfferName = keyof typeof OFFERS;

export function customerRecord(overrides: Partial<CustomerRecord> = {}): CustomerRecord {
  const address = { country: 'US', city: 'Redmond', addressLine1: '1 Microsoft Way' };
  return {
    id: CUSTOMER_ID,
    partnerId: 'partner-1',
    seq: 1,
    commerceId: 'commerce-1',
    domain: 'contoso.onmicrosoft.com',
    companyName: 'Contoso',
    relationship: 'reseller',
    allowDelegatedAccess: true,
    company: { address },
    billing: {
      id: 'billing-1',
      email: 'admin@contoso.example',
      culture: 'en-US',
      language: 'en',
      companyName: 'Contoso',
      defaultAddress: address,
      version: 1,
    },
    createdAt: T0,
    ...overrides,
  };
}

/** A cancellation requested at `at`, completing after the default delay. */
export function cancelledAt(at: number, delayMs = CANCELLATION_MS): Partial<OrderLineItemRecord> {
  return { cancelRequestedAt: at, cancelCompletesAt: at + delayMs };
}

export function lineItem(from: CatalogOffer, overrides: Partial<OrderLineItemRecord> = {}): OrderLineItemRecord {
  const item: OrderLineItemRecord = {
    lineItemNumber: 0,
    offerId: from.offerId,
    kind: from.kind,
    productId: from.productId,
    skuId: from.skuId,
    friendlyName: from.friendlyName,
    quantity: 1,
  };
  if (from.availabilityId !== undefined) item.availabilityId = from.availabilityId;
  if (from.termDuration !== undefined) item.termDuration = from.termDuration;
  return { ...item, ...overrides };
}

export function orderRecord(lineItems: OrderLineItemRecord[], overrides: Partial<OrderRecord> = {}): OrderRecord {
  const createdAt = overrides.createdAt ?? T0;
  return {
    id: 'order-1',
    customerId: CUSTOMER_ID,
    partnerId: 'partner-1',
    alternateId: '0123456789ab',
    billingCycle: 'one_time',
    currencyCode: 'USD',
    createdAt,
    provisionedAt: createdAt + PROVISIONING_MS,
    lineItems,
    version: 1,
    ...overrides,
  };
}

export function subscriptionRecord(
  order: OrderRecord,
  item: OrderLineItemRecord,
  overrides: Partial<SubscriptionRecord> = {},
): SubscriptionRecord {
  const usage = item.kind === 'azure';
  return {
    // Lower case: subscription ids in paths are compared lower-cased.
    id: `subscription-${order.id}-${item.lineItemNumber}`.toLowerCase(),
    customerId: order.customerId,
    partnerId: order.partnerId,
    orderId: order.id,
    lineItemNumber: item.lineItemNumber,
    entitlementId: 'entitlement-1',
    offerId: item.offerId,
    offerName: item.friendlyName,
    friendlyName: item.friendlyName,
    quantity: usage ? 1 : item.quantity,
    unitType: usage ? 'Usage-based' : 'Licenses',
    billingType: usage ? 'usage' : 'license',
    billingCycle: order.billingCycle,
    contractType: 'subscription',
    status: 'active',
    suspensionReasons: [],
    autoRenewEnabled: !usage,
    createdAt: order.createdAt,
    effectiveStartAt: order.createdAt,
    commitmentEndAt: order.createdAt + 365 * 86_400_000,
    version: 1,
    ...overrides,
  };
}

export interface PurchaseOptions {
  /** The order id; `order-<offer name>` by default. */
  id?: string;
  createdAt?: number;
  quantity?: number;
  /** When the cancellation of its line item was requested (completing after the default delay). */
  cancelRequestedAt?: number;
  /** For subscription offers: the stored status of the subscription it made. */
  subscription?: StoredSubscriptionStatus;
}

/** What one purchase of `name` leaves behind: its order and, for subscription offers, its subscription. */
export interface Purchase {
  order: OrderRecord;
  subscriptions: SubscriptionRecord[];
}

export function purchase(name: OfferName, options: PurchaseOptions = {}): Purchase {
  const from = OFFERS[name];
  const cancel = options.cancelRequestedAt === undefined ? {} : cancelledAt(options.cancelRequestedAt);
  const item = lineItem(from, { quantity: options.quantity ?? 1, ...cancel });
  const order = orderRecord([item], {
    id: options.id ?? `order-${name}`,
    ...(options.createdAt === undefined ? {} : { createdAt: options.createdAt }),
  });
  if (!SUBSCRIPTION_KINDS.has(from.kind)) return { order, subscriptions: [] };
  const subscription = subscriptionRecord(order, item, { status: options.subscription ?? 'active' });
  return { order, subscriptions: [subscription] };
}

export function aggregateOf(purchases: Purchase[], customer = customerRecord()): CustomerAggregate {
  return {
    customer,
    orders: purchases.map((p) => p.order),
    subscriptions: purchases.flatMap((p) => p.subscriptions),
  };
}

/** What a rule refused with, in Partner Center's terms; undefined when it allowed the action. */
export interface Refusal {
  status: number;
  code: number;
  description: string;
  data: string[];
}

export function refusal(action: () => unknown): Refusal | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    if (!isPartnerCenterError(error)) throw error;
    const { code, description, data } = error.body;
    return { status: error.statusCode, code, description, data: [...(data ?? [])] };
  }
}

/** Asserts that `action` is refused as `refused` describes, or allowed when it is undefined. */
export function expectOutcome(action: () => unknown, refused: object | undefined): void {
  const outcome = refusal(action);
  if (refused) expect(outcome).toMatchObject(refused);
  else expect(outcome).toBeUndefined();
}
