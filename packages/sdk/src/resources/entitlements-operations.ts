/** @module `client.entitlements`: what a customer holds through reserved-instance and software orders. */
import type { Collection, Entitlement, EntitlementTypeFilter } from '@partnerbox/contract/types';
import type { OperationOptions, PartnerCenterClient } from '../partner-center-client.js';
import { normalizeCollection, operationOptions } from '../internal/operation-options.js';
import { path } from '../internal/url.js';

export interface ListEntitlementsOptions extends OperationOptions {
  /** Only this type; the wire value of reserved instances in the answer is `reservedinstance`. */
  entitlementType?: EntitlementTypeFilter | undefined;
  /** Include `expiryDate` on entitlements that have one. */
  showExpiry?: boolean | undefined;
}

/** Entitlement operations. Reach them through `client.entitlements`. */
export class EntitlementsOperations {
  readonly #client: PartnerCenterClient;

  constructor(client: PartnerCenterClient) {
    this.#client = client;
  }

  /**
   * Lists a customer's entitlements (unpaged). Each names its order in `referenceOrder.id`;
   * bundles nest more in `includedEntitlements`.
   *
   * @example
   * ```ts
   * const { items } = await client.entitlements.list(customerId, { entitlementType: 'reservedInstance' });
   * ```
   */
  async list(customerId: string, options: ListEntitlementsOptions = {}): Promise<Collection<Entitlement>> {
    const response = await this.#client.sendRequest<Collection<Entitlement>>({
      ...operationOptions(options),
      method: 'GET',
      path: path`/customers/${customerId}/entitlements`,
      query: { entitlementType: options.entitlementType, showExpiry: options.showExpiry ? true : undefined },
    });
    return normalizeCollection<Entitlement>(response.body);
  }
}
