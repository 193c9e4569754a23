/** @module The distinct orders behind a customer's entitlements. */
import type { Entitlement } from '@partnerbox/contract/types';

/**
 * Distinct `referenceOrder.id`s of the entitlements and their `includedEntitlements`, in
 * first-seen order, optionally only of entitlements matching `filter`. Several entitlements
 * (a bundle and its parts, one per line item) name the same order: Microsoft's published
 * sample PATCHes it once per entitlement; this dedupes.
 *
 * @example
 * ```ts
 * const { items } = await client.entitlements.list(customerId);
 * const orderIds = collectOrderIds(items);
 * ```
 */
export function collectOrderIds(
  entitlements: readonly Entitlement[],
  filter: (entitlement: Entitlement) => boolean = () => true,
): string[] {
  const ids = new Set<string>();
  const visit = (list: readonly Entitlement[] | undefined): void => {
    for (const entitlement of list ?? []) {
      const id = entitlement.referenceOrder?.id;
      if (typeof id === 'string' && id !== '' && filter(entitlement)) ids.add(id);
      visit(entitlement.includedEntitlements);
    }
  };
  visit(entitlements);
  return [...ids];
}
