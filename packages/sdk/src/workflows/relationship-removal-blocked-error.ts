/** @module The error of a relationship removal that prechecks refused. */
import type { RelationshipRemovalPlan } from './remove-reseller-relationship.js';

/**
 * The reseller relationship cannot be removed yet: subscriptions are active (suspend them, or
 * pass `suspendActiveSubscriptions: true`) or reserved-instance orders are not cancelled (in
 * production through Azure support; in an integration sandbox with `client.orders.cancel`).
 * Nothing was changed.
 *
 * @example
 * ```ts
 * try {
 *   await removeResellerRelationship(client, customerId);
 * } catch (error) {
 *   if (error instanceof RelationshipRemovalBlockedError) console.error(error.activeSubscriptionIds, error.blockingOrderIds);
 * }
 * ```
 */
export class RelationshipRemovalBlockedError extends Error {
  override readonly name = 'RelationshipRemovalBlockedError';
  readonly customerId: string;
  readonly activeSubscriptionIds: string[];
  readonly blockingOrderIds: string[];
  readonly plan: RelationshipRemovalPlan;

  constructor(plan: RelationshipRemovalPlan, suspendActiveSubscriptions: boolean) {
    const reasons: string[] = [];
    if (plan.blockingOrderIds.length > 0) {
      reasons.push(
        `reserved-instance orders not cancelled: ${plan.blockingOrderIds.join(', ')} (cancel them through Azure support; in an integration sandbox, cancel the orders)`,
      );
    }
    if (plan.activeSubscriptionIds.length > 0 && !suspendActiveSubscriptions) {
      reasons.push(
        `active subscriptions: ${plan.activeSubscriptionIds.join(', ')} (suspend them first, or pass suspendActiveSubscriptions: true)`,
      );
    }
    super(`Cannot remove the reseller relationship with customer ${plan.customerId}: ${reasons.join('; ')}`);
    this.customerId = plan.customerId;
    this.activeSubscriptionIds = plan.activeSubscriptionIds;
    this.blockingOrderIds = plan.blockingOrderIds;
    this.plan = plan;
  }
}
