/** @module Request bodies scenarios send, unique per call so suites can share a target. */
import { randomBytes } from 'node:crypto';
import { sampleCustomerRequest } from '@partnerbox/contract';

export function uniqueLabel(prefix = 'pbx'): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

/** A create-customer body in the documented camelCase form, with a fresh domain and name. */
export function customerBody(overrides: { domain?: string; companyName?: string } = {}) {
  const label = uniqueLabel();
  return sampleCustomerRequest({
    domain: overrides.domain ?? `${label}.onmicrosoft.com`,
    companyName: overrides.companyName ?? `Contoso ${label}`,
    email: `billing@${label}.example.com`,
  });
}

export const OFFERS = {
  reservedInstance: 'DZH318Z0BQ4B:0047:DZH318Z0DSM8',
  perpetualSoftware: 'DG7GMGF0DWT0:0001:DG7GMGF0DSQR',
  softwareSubscription: 'DG7GMGF0FKZV:0003:DG7GMGF0DWMS',
  licence: 'E59159FC-6F67-4599-B3CB-17FF4020F643',
  newCommerce: 'CFQ7TTC0LH18:0001:CFQ7TTC0K5BD',
  azurePlan: 'DZH318Z0BPS6:0001:DZH318Z0BPHC',
} as const;

export function orderBody(offerId: string, quantity = 1, extra: Record<string, unknown> = {}) {
  return { lineItems: [{ lineItemNumber: 0, offerId, quantity, ...extra }] };
}
