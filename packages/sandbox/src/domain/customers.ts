/**
 * @module Customers: creation, the two seed operations (delete from the integration sandbox,
 * remove the reseller relationship) and delegated-admin removal, as pure decisions.
 */
import type { CreateCustomerRequest } from '@partnerbox/contract';
import { errors } from '../errors.js';
import { newGuid, newPassword } from './ids.js';
import { LIMITS } from './limits.js';
import { deleteBlockers } from './delete-blockers.js';
import type { AddressData, CreateCustomerContext, CustomerAggregate, CustomerRecord } from './records.js';
import { subscriptionStatus } from './subscriptions.js';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A bare name gets `.onmicrosoft.com`, as the Partner Center UI does; full names
 * (`contoso.onmicrosoft.com`, or the docs' `xyz.ccsctp.net` test domains) are kept.
 */
export function normalizeDomain(raw: string): string {
  const domain = raw.trim().toLowerCase();
  const full = domain.includes('.') ? domain : `${domain}.onmicrosoft.com`;
  if (full.length > 253 || !full.split('.').every((label) => LABEL.test(label)))
    throw errors.invalidProperty(
      'companyProfile.domain',
      'It must be a valid domain name, e.g. contoso.onmicrosoft.com.',
    );
  return full;
}

/** `EN-US` → `en-US`: the docs send the former and show the latter in the response. */
export function normalizeCulture(raw: string): string {
  const parts = raw.trim().split(/[-_]/);
  if (!parts.every((p) => /^[A-Za-z0-9]{1,8}$/.test(p)) || !/^[A-Za-z]{2,3}$/.test(parts[0] ?? ''))
    throw errors.invalidProperty('billingProfile.culture', 'It must be a culture name such as en-US.');
  return parts.map((p, i) => (i === 0 ? p.toLowerCase() : p.length === 2 ? p.toUpperCase() : p)).join('-');
}

function normalizeAddress(address: CreateCustomerRequest['billingProfile']['defaultAddress']): AddressData {
  const out: AddressData = { ...address, country: address.country.toUpperCase() };
  return out;
}

function requireEmail(value: string, field: string): string {
  const email = value.trim();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw errors.invalidProperty(field, 'It must be an email address.');
  return email;
}

export interface NewCustomer {
  customer: CustomerRecord;
  password: string;
}

/** Validates a create request against the partner's quota and builds the customer. */
export function buildCustomer(
  input: CreateCustomerRequest,
  domain: string,
  ctx: CreateCustomerContext,
  now: number,
): NewCustomer {
  const { partner } = ctx;
  if (!partner) throw errors.noRelationship();
  if (partner.kind === 'sandbox' && ctx.customerCount >= LIMITS.customersPerSandbox)
    throw errors.sandboxLimitMet(LIMITS.customersPerSandbox);
  if (ctx.domainTaken) throw errors.domainInUse(domain);
  const billing = input.billingProfile;
  const id = newGuid();
  const customer: CustomerRecord = {
    id,
    partnerId: partner.id,
    seq: ctx.nextSeq,
    commerceId: newGuid(),
    domain,
    companyName: input.companyProfile.companyName ?? billing.companyName,
    relationship: 'reseller',
    allowDelegatedAccess: true,
    company: {},
    billing: {
      id: newGuid(),
      email: requireEmail(billing.email, 'billingProfile.email'),
      culture: normalizeCulture(billing.culture),
      language: billing.language.trim().toLowerCase(),
      companyName: billing.companyName,
      defaultAddress: normalizeAddress(billing.defaultAddress),
      version: 1,
    },
    createdAt: now,
  };
  if (billing.firstName !== undefined) customer.billing.firstName = billing.firstName;
  if (billing.lastName !== undefined) customer.billing.lastName = billing.lastName;
  if (input.companyProfile.email !== undefined)
    customer.company.email = requireEmail(input.companyProfile.email, 'companyProfile.email');
  if (input.companyProfile.organizationRegistrationNumber !== undefined)
    customer.company.organizationRegistrationNumber = input.companyProfile.organizationRegistrationNumber;
  customer.company.address = customer.billing.defaultAddress;
  if (input.associatedPartnerId !== undefined) customer.associatedPartnerId = input.associatedPartnerId;
  return { customer, password: newPassword() };
}

/** Hidden customers (relationship removed by a production partner) look unknown everywhere. */
export function assertVisible(customer: CustomerRecord | undefined): asserts customer is CustomerRecord {
  if (!customer || customer.removedAt !== undefined) throw errors.noRelationship();
}

/** The store answers an unknown customer with nothing; to the caller it is 404 20002. */
export function existingAggregate(aggregate: CustomerAggregate | undefined): CustomerAggregate {
  if (!aggregate) throw errors.noRelationship();
  return aggregate;
}

/** The aggregate of a customer the caller may see: unknown and hidden customers are alike. */
export function visibleAggregate(aggregate: CustomerAggregate | undefined): CustomerAggregate {
  const found = existingAggregate(aggregate);
  assertVisible(found.customer);
  return found;
}

/**
 * `DELETE /v1/customers/{id}`: integration-sandbox accounts only, and only once every
 * reserved-instance and software order is cancelled (not merely being cancelled) and no Azure
 * plan is active (see `deleteBlockers`).
 */
export function checkDeletable(aggregate: CustomerAggregate, partnerKind: string, now: number): void {
  if (partnerKind !== 'sandbox') throw errors.notSupportedInEnvironment();
  const blockers = deleteBlockers(aggregate, now);
  if (blockers.orderIds.length > 0) throw errors.customerHasActiveOrders(blockers);
}

/**
 * Subscriptions that keep the relationship from being removed: active ones, and pending ones
 * (still provisioning), which become active on their own moments later.
 */
export function activeSubscriptionIds(aggregate: CustomerAggregate, now: number): string[] {
  return aggregate.subscriptions
    .filter((s) => {
      const status = subscriptionStatus(s, aggregate, now);
      return status === 'active' || status === 'pending';
    })
    .map((s) => s.id);
}

export type RelationshipRemoval =
  | { kind: 'delete'; customer: CustomerRecord }
  | { kind: 'hide'; customer: CustomerRecord };

/**
 * `PATCH /v1/customers/{id}` with `relationshipToPartner: none`. In an integration sandbox the
 * docs say it calls the delete operation, so the delete's preconditions apply as well.
 */
export function removeRelationship(
  aggregate: CustomerAggregate,
  partnerKind: string,
  now: number,
): RelationshipRemoval {
  const { customer } = aggregate;
  if (customer.relationship === 'none' || customer.removedAt !== undefined) throw errors.relationshipDoesNotExist();
  // An Azure plan is left to the subscription rule below, which names its subscription.
  const blockers = deleteBlockers(aggregate, now, { software: partnerKind === 'sandbox', azurePlan: false });
  if (blockers.orderIds.length > 0) throw errors.customerHasActiveOrders(blockers);
  const active = activeSubscriptionIds(aggregate, now);
  if (active.length > 0) throw errors.customerHasActiveSubscriptions(active);
  const removed: CustomerRecord = { ...customer, relationship: 'none', allowDelegatedAccess: false, removedAt: now };
  return partnerKind === 'sandbox' ? { kind: 'delete', customer: removed } : { kind: 'hide', customer: removed };
}

/** `PATCH` with `allowDelegatedAccess: false`: removes DAP only; undefined when already removed. */
export function removeDelegatedAccess(aggregate: CustomerAggregate): CustomerRecord | undefined {
  const { customer } = aggregate;
  if (customer.removedAt !== undefined) throw errors.noRelationship();
  if (!customer.allowDelegatedAccess) return undefined;
  return { ...customer, allowDelegatedAccess: false };
}
