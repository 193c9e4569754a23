/** @module Recognising the Partner Center answers the workflows treat as "already done". */
import { PartnerCenterErrorCode } from '@partnerbox/contract/types';
import { isPartnerCenterError } from '../partner-center-error.js';

/**
 * "No relationship between caller and account" (20002): the customer is unknown to this
 * partner: deleted, relationship removed, or never ours; the service never says which. For a
 * workflow whose goal is that the customer be gone, that is the goal reached. The sandbox
 * answers 404; the live service has been seen answering 403.
 */
export function isCustomerGone(error: unknown): boolean {
  return (
    isPartnerCenterError(error) &&
    error.code === PartnerCenterErrorCode.NoRelationship &&
    (error.statusCode === 404 || error.statusCode === 403)
  );
}

export function isOrderGone(error: unknown): boolean {
  return isPartnerCenterError(error) && error.statusCode === 404 && error.code === PartnerCenterErrorCode.OrderNotFound;
}

/** Code 3000 "The relationship between the partner and customer does not exist". */
export function isRelationshipAlreadyRemoved(error: unknown): boolean {
  return (
    isPartnerCenterError(error) &&
    error.code === PartnerCenterErrorCode.InvalidProperty &&
    /relationship .*does not exist/i.test(error.description)
  );
}
