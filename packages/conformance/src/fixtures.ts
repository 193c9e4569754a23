/** @module Request bodies scenarios send, unique per call so suites can share a target. */
import { randomBytes } from 'node:crypto';

export function uniqueLabel(prefix = 'pbx'): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

/** A create-customer body in the documented camelCase form. */
export function customerBody(overrides: { domain?: string; companyName?: string } = {}) {
  const label = uniqueLabel();
  const companyName = overrides.companyName ?? `Contoso ${label}`;
  return {
    companyProfile: { domain: overrides.domain ?? `${label}.onmicrosoft.com`, companyName },
    billingProfile: {
      email: `billing@${label}.example.com`,
      culture: 'en-US',
      language: 'en',
      companyName,
      firstName: 'Ada',
      lastName: 'Lovelace',
      defaultAddress: {
        country: 'US',
        city: 'Redmond',
        state: 'WA',
        addressLine1: 'One Microsoft Way',
        postalCode: '98052',
        firstName: 'Ada',
        lastName: 'Lovelace',
        phoneNumber: '4255550100',
      },
    },
  };
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
