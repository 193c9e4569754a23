/**
 * @module A sample create-customer body, the one the sandbox's seeded scenarios and the
 * conformance fixtures both send, so its address and contact are written down once.
 */
import type { Address, CreateCustomerRequest } from './wire-types.js';

/** Microsoft's head office: the address of the create-a-customer page's example request. */
export const SAMPLE_ADDRESS = {
  country: 'US',
  city: 'Redmond',
  state: 'WA',
  addressLine1: 'One Microsoft Way',
  postalCode: '98052',
} as const satisfies Address;

/** The names that make a sample customer unique; everything else is shared. */
export interface SampleCustomerNames {
  domain: string;
  companyName: string;
  email: string;
}

/** A create-customer body whose company profile carries its name (a plain create body may not). */
export type SampleCustomerRequest = CreateCustomerRequest & {
  companyProfile: { domain: string; companyName: string };
};

/**
 * A valid create-customer body in the documented camelCase form, at {@link SAMPLE_ADDRESS}.
 *
 * @example
 * ```ts
 * const body = sampleCustomerRequest({
 *   domain: 'contoso-test.onmicrosoft.com',
 *   companyName: 'Contoso',
 *   email: 'billing@contoso-test.example.com',
 * });
 * ```
 */
export function sampleCustomerRequest({ domain, companyName, email }: SampleCustomerNames): SampleCustomerRequest {
  const contact = { firstName: 'Ada', lastName: 'Lovelace' };
  return {
    companyProfile: { domain, companyName },
    billingProfile: {
      email,
      culture: 'en-US',
      language: 'en',
      companyName,
      ...contact,
      defaultAddress: { ...SAMPLE_ADDRESS, ...contact, phoneNumber: '4255550100' },
    },
  };
}
