import { describe, expect, it } from 'vitest';
import type { UpdateCustomerRequest } from '@partnerbox/contract';
import { customerPatch } from './customer-patch.js';
import { expectOutcome } from './test-records.js';

describe('customerPatch', () => {
  it.each<[UpdateCustomerRequest, string]>([
    [{ relationshipToPartner: 'none' }, 'remove-relationship'],
    [{ relationshipToPartner: 'none', allowDelegatedAccess: true }, 'remove-relationship'],
    [{ relationshipToPartner: 'none', allowDelegatedAccess: false }, 'remove-relationship'],
    [{ allowDelegatedAccess: false }, 'remove-delegated-access'],
    [{ allowDelegatedAccess: false, attributes: { objectType: 'Customer' } }, 'remove-delegated-access'],
  ])('%o asks to %s', (input, patch) => {
    expect(customerPatch(input)).toBe(patch);
  });

  it.each<[UpdateCustomerRequest, number, string]>([
    [{ relationshipToPartner: 'reseller' }, 3000, 'relationshipToPartner'],
    [{ relationshipToPartner: 'advisor', allowDelegatedAccess: false }, 3000, 'relationshipToPartner'],
    [{}, 800002, 'relationshipToPartner'],
    [{ attributes: { objectType: 'Customer' } }, 800002, 'relationshipToPartner'],
    [{ allowDelegatedAccess: true }, 3000, 'allowDelegatedAccess'],
  ])('%o is refused with %i naming %s', (input, code, field) => {
    expectOutcome(() => customerPatch(input), { status: 400, code, data: expect.arrayContaining([field]) });
  });
});
