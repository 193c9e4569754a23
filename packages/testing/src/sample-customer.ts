/** @module A valid create-customer body with a domain no other test uses. */
import { randomBytes } from 'node:crypto';
import { sampleCustomerRequest, type SampleCustomerRequest } from '@partnerbox/contract/types';

/**
 * @example
 * ```ts
 * const customer = await partner.client().customers.create(sampleCustomer('contoso'));
 * ```
 */
export function sampleCustomer(prefix = 'test'): SampleCustomerRequest {
  const label = `${prefix.toLowerCase().replace(/[^a-z0-9]/g, '')}${randomBytes(5).toString('hex')}`;
  return sampleCustomerRequest({
    domain: `${label}.onmicrosoft.com`,
    companyName: `Contoso ${label}`,
    email: `billing@${label}.example.com`,
  });
}
