/**
 * @module `PATCH /v1/customers/{id}`: which change a body asks for. Partner Center offers two
 * through this one operation (remove the reseller relationship, remove delegated admin access);
 * every other combination of the two properties is refused before the customer is looked up.
 */
import type { UpdateCustomerRequest } from '@partnerbox/contract';
import { errors } from '../errors.js';

export type CustomerPatch = 'remove-relationship' | 'remove-delegated-access';

/**
 * `relationshipToPartner: "none"` removes the relationship (whatever `allowDelegatedAccess`
 * says); otherwise `allowDelegatedAccess: false` removes DAP.
 *
 * @example
 * ```ts
 * customerPatch({ allowDelegatedAccess: false }); // 'remove-delegated-access'
 * ```
 */
export function customerPatch(input: UpdateCustomerRequest): CustomerPatch {
  const { relationshipToPartner, allowDelegatedAccess } = input;
  if (relationshipToPartner === 'none') return 'remove-relationship';
  if (relationshipToPartner !== undefined)
    throw errors.invalidProperty('relationshipToPartner', 'Only "none" can be set: it removes the relationship.');
  if (allowDelegatedAccess === undefined)
    throw errors.invalidInput(
      'relationshipToPartner',
      'Set relationshipToPartner to "none" or allowDelegatedAccess to false.',
    );
  if (allowDelegatedAccess)
    throw errors.invalidProperty(
      'allowDelegatedAccess',
      'Delegated admin access is granted only by the customer accepting an invitation.',
    );
  return 'remove-delegated-access';
}
