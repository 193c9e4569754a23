/**
 * @module An entitlement as a type, written by hand: bundles nest entitlements, which the
 * schema (entitlement.ts) describes one level deep and this type describes recursively.
 */
import type { EntitledArtifact, ReferenceOrder } from './wire-types.js';

export interface Entitlement {
  includedEntitlements: Entitlement[];
  referenceOrder: ReferenceOrder;
  productId: string;
  skuId: string;
  quantity: number;
  quantityDetails?: { quantity: number; status: string }[];
  entitledArtifacts: EntitledArtifact[];
  entitlementType: string;
  fulfillmentState?: string;
  dynamicAttributes?: Record<string, unknown>;
  expiryDate?: string;
}
