/**
 * @module Records → the documented wire shapes: camelCase, `attributes.objectType` on every
 * resource, links relative to the API root without `/v1` (as the docs' examples show them).
 */
import type {
  Collection,
  Customer,
  Entitlement,
  Link,
  Order,
  OrderLineItem,
  OrderLineItemProvisioningStatus,
  Subscription,
  SubscriptionProvisioningStatus,
} from '@partnerbox/contract';
import type { DerivedEntitlement } from '../domain/entitlements.js';
import { lineItemState, orderStatus } from '../domain/orders.js';
import type { CustomerAggregate, CustomerRecord, OrderRecord, SubscriptionRecord } from '../domain/records.js';
import { subscriptionEtag, subscriptionStatus } from '../domain/subscriptions.js';

/** What a list item shows of a customer: the store reads only this for list pages. */
export type ListedCustomer = Pick<CustomerRecord, 'id' | 'domain' | 'companyName' | 'relationship'>;

export const link = (uri: string, method = 'GET', headers: { key: string; value: string }[] = []): Link => ({
  uri,
  method,
  headers,
});

export const iso = (ms: number): string => new Date(ms).toISOString();

export function collection<T>(items: T[], selfUri?: string, extra: Partial<Collection<T>> = {}): Collection<T> {
  const out: Collection<T> = { totalCount: items.length, items, attributes: { objectType: 'Collection' } };
  if (selfUri !== undefined) out.links = { self: link(selfUri) };
  return Object.assign(out, extra);
}

function companyProfile(c: ListedCustomer | CustomerRecord, full: boolean): Customer['companyProfile'] {
  const profile: Customer['companyProfile'] = {
    tenantId: c.id,
    domain: c.domain,
    companyName: c.companyName,
    links: { self: link(`/customers/${c.id}/profiles/company`) },
    attributes: { objectType: 'CustomerCompanyProfile' },
  };
  if (full && 'company' in c) {
    if (c.company.address) profile.address = c.company.address;
    if (c.company.email) profile.email = c.company.email;
    if (c.company.organizationRegistrationNumber)
      profile.organizationRegistrationNumber = c.company.organizationRegistrationNumber;
  }
  return profile;
}

export function renderCustomer(c: CustomerRecord, credentials?: { userName: string; password: string }): Customer {
  const b = c.billing;
  const billingProfile: NonNullable<Customer['billingProfile']> = {
    id: b.id,
    email: b.email,
    culture: b.culture,
    language: b.language,
    companyName: b.companyName,
    defaultAddress: b.defaultAddress,
    links: { self: link(`/customers/${c.id}/profiles/billing`) },
    attributes: { etag: String(b.version), objectType: 'CustomerBillingProfile' },
  };
  if (b.firstName !== undefined) billingProfile.firstName = b.firstName;
  if (b.lastName !== undefined) billingProfile.lastName = b.lastName;
  const customer: Customer = {
    id: c.id,
    commerceId: c.commerceId,
    companyProfile: companyProfile(c, true),
    billingProfile,
    relationshipToPartner: c.relationship,
    allowDelegatedAccess: c.allowDelegatedAccess,
    customDomains: [c.domain],
    links: { self: link(`/customers/${c.id}`) },
    attributes: { objectType: 'Customer' },
  };
  if (credentials) customer.userCredentials = credentials;
  if (c.associatedPartnerId !== undefined) customer.associatedPartnerId = c.associatedPartnerId;
  return customer;
}

/** List items carry only `id`, `companyProfile`, `relationshipToPartner`, `links` and `attributes`. */
export function renderCustomerListItem(c: ListedCustomer): Customer {
  return {
    id: c.id,
    companyProfile: companyProfile(c, false),
    relationshipToPartner: c.relationship,
    links: { self: link(`/customers/${c.id}`) },
    attributes: { objectType: 'Customer' },
  };
}

function productLinks(productId: string, skuId: string, availabilityId?: string): Record<string, Link> {
  const links: Record<string, Link> = {
    product: link(`/products/${productId}?country=US`),
    sku: link(`/products/${productId}/skus/${skuId}?country=US`),
  };
  if (availabilityId)
    links['availability'] = link(`/products/${productId}/skus/${skuId}/availabilities/${availabilityId}?country=US`);
  return links;
}

export function renderOrder(order: OrderRecord, now: number): Order {
  const base = `/customers/${order.customerId}/orders/${order.id}`;
  const lineItems = order.lineItems.map((item): OrderLineItem => {
    const cancelled = lineItemState(order, item, now) === 'cancelled';
    const out: OrderLineItem = {
      lineItemNumber: item.lineItemNumber,
      offerId: item.offerId,
      termDuration: item.termDuration ?? '',
      transactionType: 'New',
      friendlyName: item.friendlyName,
      // A cancelled line item reads quantity 0, as in the cancel-software-purchases example.
      quantity: cancelled ? 0 : item.quantity,
      links: productLinks(item.productId, item.skuId, item.availabilityId),
    };
    if (item.subscriptionId) {
      out.subscriptionId = item.subscriptionId;
      (out.links as Record<string, Link>)['subscription'] = link(
        `/customers/${order.customerId}/subscriptions/${item.subscriptionId}`,
      );
    }
    if (item.provisioningContext) out.provisioningContext = item.provisioningContext;
    return out;
  });
  return {
    id: order.id,
    alternateId: order.alternateId,
    referenceCustomerId: order.customerId,
    billingCycle: order.billingCycle,
    currencyCode: order.currencyCode,
    currencySymbol: order.currencyCode === 'USD' ? '$' : order.currencyCode,
    lineItems,
    creationDate: iso(order.createdAt),
    status: orderStatus(order, now),
    transactionType: 'UserPurchase',
    links: {
      self: link(base),
      provisioningStatus: link(`${base}/provisioningstatus`),
      patchOperation: link(base, 'PATCH'),
    },
    attributes: {
      etag: Buffer.from(JSON.stringify({ id: order.id, version: order.version })).toString('base64'),
      objectType: 'Order',
    },
  };
}

export function renderOrderProvisioningStatus(order: OrderRecord, now: number): OrderLineItemProvisioningStatus[] {
  return order.lineItems.map((item) => {
    const state = lineItemState(order, item, now);
    const status = state === 'cancelled' ? 'cancelled' : state === 'provisioning' ? 'unfulfilled' : 'fulfilled';
    return {
      lineItemNumber: item.lineItemNumber,
      status,
      quantityProvisioningInformation: [{ quantity: item.quantity, status }],
      attributes: { objectType: 'OrderLineItemProvisioningStatus' },
    };
  });
}

export function renderSubscription(s: SubscriptionRecord, aggregate: CustomerAggregate, now: number): Subscription {
  const out: Subscription = {
    id: s.id,
    entitlementId: s.entitlementId,
    offerId: s.offerId,
    offerName: s.offerName,
    friendlyName: s.friendlyName,
    quantity: s.quantity,
    unitType: s.unitType,
    creationDate: iso(s.createdAt),
    effectiveStartDate: iso(s.effectiveStartAt),
    commitmentEndDate: iso(s.commitmentEndAt),
    status: subscriptionStatus(s, aggregate, now),
    autoRenewEnabled: s.autoRenewEnabled,
    billingType: s.billingType,
    billingCycle: s.billingCycle,
    contractType: s.contractType,
    orderId: s.orderId,
    links: {
      offer: link(`/offers/${s.offerId}?country=US`),
      self: link(`/customers/${s.customerId}/subscriptions/${s.id}`),
    },
    attributes: { etag: subscriptionEtag(s), objectType: 'Subscription' },
  };
  if (s.termDuration) out.termDuration = s.termDuration;
  if (s.suspensionReasons.length > 0) out.suspensionReasons = s.suspensionReasons;
  return out;
}

export function renderSubscriptionProvisioningStatus(
  s: SubscriptionRecord,
  aggregate: CustomerAggregate,
  now: number,
): SubscriptionProvisioningStatus {
  const status = subscriptionStatus(s, aggregate, now);
  return {
    skuId: s.offerId,
    status: status === 'pending' ? 'pending' : status === 'deleted' ? 'failed' : 'success',
    quantity: s.quantity,
    endDate: iso(s.commitmentEndAt),
    attributes: { objectType: 'SubscriptionProvisioningStatus' },
  };
}

export function renderEntitlement(e: DerivedEntitlement, showExpiry: boolean): Entitlement {
  const { order, item } = e;
  const referenceOrder = { id: order.id, lineItemId: String(item.lineItemNumber), alternateId: order.alternateId };
  const reserved = e.type === 'reservedinstance';
  const entitlement: Entitlement = {
    includedEntitlements: e.includes.map((inc) => ({
      includedEntitlements: [],
      referenceOrder,
      productId: inc.productId,
      skuId: inc.skuId,
      quantity: e.quantity,
      quantityDetails: e.quantityDetails,
      entitledArtifacts: [],
      entitlementType: e.type,
    })),
    referenceOrder,
    productId: item.productId,
    skuId: item.skuId,
    quantity: e.quantity,
    quantityDetails: e.quantityDetails,
    entitledArtifacts: reserved
      ? [
          {
            link: link(
              `/customers/${order.customerId}/artifacts/reservedinstance/groups/${order.alternateId}/lineitems/${item.lineItemNumber}/resource/${item.resourceId ?? ''}`,
            ),
            resourceId: item.resourceId ?? '',
            artifactType: 'reservedinstance',
          },
        ]
      : [],
    entitlementType: e.type,
    fulfillmentState: e.fulfillmentState,
  };
  if (reserved) entitlement.dynamicAttributes = { reservationType: 'virtualmachines' };
  if (showExpiry && e.expiresAt !== undefined) entitlement.expiryDate = iso(e.expiresAt);
  return entitlement;
}
