/**
 * @module Server-side generation of many customers (`POST /_sandbox/partners/{id}/generate`):
 * how many may be asked for, and the quota a sandbox partner keeps. Large sandboxes are for
 * production partners, which Partner Center does not cap; the integration sandbox's 75-customer
 * quota (spec section 6) holds for generated customers as for created ones.
 */
import { errors } from '../errors.js';
import { LIMITS } from './limits.js';
import type { PartnerRecord } from './records.js';

/** The most customers one request generates: bounded, so a typo cannot fill the disk. */
export const MAX_GENERATED_CUSTOMERS = 1_000_000;
/** Orders per generated customer, each with its subscription (a sandbox customer has at most 5). */
export const MAX_GENERATED_ORDERS = LIMITS.subscriptionsPerCustomer;

/** Refuses a generation the partner's quota cannot take, before anything is written. */
export function checkGeneration(
  partner: PartnerRecord | undefined,
  existing: number,
  requested: number,
): PartnerRecord {
  if (!partner) throw errors.invalidProperty('partnerTenantId', 'No such partner in this sandbox.');
  if (partner.kind === 'sandbox' && existing + requested > LIMITS.customersPerSandbox)
    throw errors.invalidProperty(
      'count',
      `The integration sandbox partner ${partner.id} has ${existing} customers; ${requested} more would pass its quota of ${LIMITS.customersPerSandbox}. Generate large sandboxes for a production partner.`,
    );
  return partner;
}
