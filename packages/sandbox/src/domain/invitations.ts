/**
 * @module Accepting a partner's reseller invitation as the customer's admin would (the control
 * plane's stand-in for admin.microsoft.com): what the invitation says, whether it restores a
 * relationship or makes a customer new to the partner, and that new customer.
 */
import { isGuid, type CreateCustomerRequest } from '@partnerbox/contract';
import { errors } from '../errors.js';
import { buildCustomer, normalizeDomain } from './customers.js';
import type { CreateCustomerContext, CustomerRecord, PartnerRecord } from './records.js';

/** Who invites, and whether the invitation asks for delegated admin access. */
export interface Invitation {
  partnerId: string;
  allowDelegatedAccess: boolean;
}

function parseUrl(raw: string): URL {
  try {
    return new URL(raw);
  } catch {
    throw errors.invalidProperty('url', 'Not a URL.');
  }
}

/**
 * Reads the invitation URL `GET /v1/customers/relationshiprequests` gave (its `partnerId` and
 * `DAP` parameters), or takes the partner id given instead; DAP is asked for unless `DAP=false`.
 * A partner id given alongside the URL wins over the URL's.
 */
export function readInvitation(input: { url?: string; partnerTenantId?: string }): Invitation {
  const url = input.url === undefined ? undefined : parseUrl(input.url);
  const partnerId = input.partnerTenantId ?? url?.searchParams.get('partnerId') ?? undefined;
  if (!partnerId) throw errors.invalidInput('partnerTenantId', 'Give the invitation url or the partner tenant id.');
  const dap = url?.searchParams.get('DAP') ?? 'true';
  return { partnerId: partnerId.toLowerCase(), allowDelegatedAccess: dap.toLowerCase() !== 'false' };
}

/** The inviting partner, as the store found it (or not). */
export function invitingPartner(partner: PartnerRecord | undefined): PartnerRecord {
  if (!partner) throw errors.invalidProperty('partnerTenantId', 'No such partner in this sandbox.');
  return partner;
}

/** The accepting customer's tenant id, when one is given: a GUID, compared in lower case. */
export function acceptingCustomerId(raw: string | undefined): string | undefined {
  const id = raw?.toLowerCase();
  if (id !== undefined && !isGuid(id)) throw errors.invalidCustomerId(id);
  return id;
}

/**
 * A customer the partner knows accepts to restore the relationship a production removal hid; one
 * it still has a relationship with cannot accept again; any other is new to the partner.
 */
export function acceptance(existing: CustomerRecord | undefined): 'restore' | 'create' {
  if (!existing) return 'create';
  if (existing.removedAt === undefined)
    throw errors.invalidProperty(
      'customerTenantId',
      'The customer already has a reseller relationship with this partner.',
    );
  return 'restore';
}

/** What a customer new to the partner needs: its domain (normalised) and company name. */
export function newCustomerNames(input: { domain?: string; companyName?: string }): {
  domain: string;
  companyName: string;
} {
  if (!input.domain || !input.companyName)
    throw errors.invalidInput('domain', 'A customer new to this partner needs a domain and a companyName.');
  return { domain: normalizeDomain(input.domain), companyName: input.companyName };
}

function invitedCustomerRequest(domain: string, companyName: string): CreateCustomerRequest {
  return {
    companyProfile: { domain, companyName },
    billingProfile: {
      email: `admin@${domain}`,
      culture: 'en-US',
      language: 'en',
      companyName,
      defaultAddress: { country: 'US', city: 'Redmond', addressLine1: 'One Microsoft Way' },
    },
  };
}

/**
 * The customer an accepted invitation makes, under the same quota and domain rules as a create;
 * it keeps the tenant id it was given, and has DAP as the invitation asked.
 */
export function invitedCustomer(
  names: { domain: string; companyName: string },
  customerId: string | undefined,
  invitation: Invitation,
  ctx: CreateCustomerContext,
  now: number,
): CustomerRecord {
  const { customer } = buildCustomer(invitedCustomerRequest(names.domain, names.companyName), names.domain, ctx, now);
  return { ...customer, id: customerId ?? customer.id, allowDelegatedAccess: invitation.allowDelegatedAccess };
}
