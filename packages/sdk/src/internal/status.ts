/** @module Comparing Partner Center enum values the way the service's own samples do. */
import type { OrderStatus, RelationshipToPartner, SubscriptionStatus } from '@partnerbox/contract/types';

/**
 * Case-insensitive enum comparison that tolerates missing and unknown values: the docs' C#
 * compares order status with `"Cancelled"` while the wire says `"cancelled"`.
 */
export function statusIs(value: unknown, expected: OrderStatus | SubscriptionStatus | RelationshipToPartner): boolean {
  return typeof value === 'string' && value.toLowerCase() === expected.toLowerCase();
}
