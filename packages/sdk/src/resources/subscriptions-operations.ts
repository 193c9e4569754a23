/** @module `client.subscriptions`: list, read, update, suspend, reactivate and cancel subscriptions. */
import {
  HEADERS,
  type Collection,
  type Subscription,
  type SubscriptionStatus,
  type UpdateSubscriptionRequest,
} from '@partnerbox/contract/types';
import type { OperationOptions, PartnerCenterClient } from '../partner-center-client.js';
import { normalizeCollection, operationOptions } from '../internal/operation-options.js';
import { path } from '../internal/url.js';
import { statusIs } from '../internal/status.js';

export interface ListSubscriptionsOptions extends OperationOptions {
  /** Only the subscriptions of this order (`?order_id=`). */
  orderId?: string | undefined;
}

export type GetSubscriptionOptions = OperationOptions;

export interface UpdateSubscriptionOptions extends OperationOptions {
  /** The etag to send in `If-Match`; default `attributes.etag`; `false` sends none. */
  ifMatch?: string | false | undefined;
}

export type SuspendSubscriptionOptions = UpdateSubscriptionOptions;
export type ReactivateSubscriptionOptions = UpdateSubscriptionOptions;
export type CancelSubscriptionOptions = UpdateSubscriptionOptions;

/** What `update` sends: a subscription as read (the usual case), or at least its id and changes. */
export type SubscriptionUpdate = Subscription | (UpdateSubscriptionRequest & { id: string });

/** Subscription operations. Reach them through `client.subscriptions`. */
export class SubscriptionsOperations {
  readonly #client: PartnerCenterClient;

  constructor(client: PartnerCenterClient) {
    this.#client = client;
  }

  /**
   * Lists a customer's subscriptions (unpaged), optionally those of one order.
   *
   * @example
   * ```ts
   * const { items } = await client.subscriptions.list(customerId, { orderId });
   * ```
   */
  async list(customerId: string, options: ListSubscriptionsOptions = {}): Promise<Collection<Subscription>> {
    const response = await this.#client.sendRequest<Collection<Subscription>>({
      ...operationOptions(options),
      method: 'GET',
      path: path`/customers/${customerId}/subscriptions`,
      query: { order_id: options.orderId },
    });
    return normalizeCollection<Subscription>(response.body);
  }

  /**
   * Reads one subscription.
   *
   * @example
   * ```ts
   * const subscription = await client.subscriptions.get(customerId, subscriptionId);
   * ```
   */
  async get(customerId: string, subscriptionId: string, options: GetSubscriptionOptions = {}): Promise<Subscription> {
    const response = await this.#client.sendRequest<Subscription>({
      ...operationOptions(options),
      method: 'GET',
      path: path`/customers/${customerId}/subscriptions/${subscriptionId}`,
    });
    return response.body;
  }

  /**
   * PATCHes a subscription. Partner Center expects the whole object back with the fields
   * changed, and `If-Match` with its etag (taken from `attributes.etag`): a stale etag fails
   * with code 2055, so re-read and retry.
   *
   * @example
   * ```ts
   * const subscription = await client.subscriptions.get(customerId, subscriptionId);
   * await client.subscriptions.update(customerId, { ...subscription, friendlyName: 'Sales team' });
   * ```
   */
  async update(
    customerId: string,
    subscription: SubscriptionUpdate,
    options: UpdateSubscriptionOptions = {},
  ): Promise<Subscription> {
    const etag = options.ifMatch === false ? undefined : (options.ifMatch ?? subscription.attributes?.etag);
    const headers: Record<string, string> = { ...options.headers };
    if (etag !== undefined && etag !== '') headers[HEADERS.ifMatch] = quoteEtag(etag);
    const response = await this.#client.sendRequest<Subscription>({
      ...operationOptions(options),
      method: 'PATCH',
      path: path`/customers/${customerId}/subscriptions/${subscription.id}`,
      headers,
      body: subscription,
    });
    return response.body;
  }

  /**
   * Suspends a subscription: reads it (when given an id) and PATCHes `status: "suspended"`.
   * Already suspended: returned as is, since Partner Center refuses to update a suspended
   * subscription (800091).
   *
   * @example
   * ```ts
   * await client.subscriptions.suspend(customerId, subscriptionId);
   * ```
   */
  suspend(
    customerId: string,
    subscriptionOrId: Subscription | string,
    options: SuspendSubscriptionOptions = {},
  ): Promise<Subscription> {
    return this.#setStatus(customerId, subscriptionOrId, 'suspended', options);
  }

  /**
   * Reactivates a suspended subscription (`status: "active"`); an active one is returned as is.
   *
   * @example
   * ```ts
   * await client.subscriptions.reactivate(customerId, subscriptionId);
   * ```
   */
  reactivate(
    customerId: string,
    subscriptionOrId: Subscription | string,
    options: ReactivateSubscriptionOptions = {},
  ): Promise<Subscription> {
    return this.#setStatus(customerId, subscriptionOrId, 'active', options);
  }

  /**
   * Cancels a new-commerce or Azure plan subscription (`status: "deleted"`), the way those
   * purchases are cancelled: their orders cannot be (800063). New commerce allows it within 7
   * days of the purchase (900117 after); licence-based subscriptions are suspended instead
   * (3000). An already deleted one is returned as is.
   *
   * @example
   * ```ts
   * await client.subscriptions.cancel(customerId, subscriptionId);
   * ```
   */
  cancel(
    customerId: string,
    subscriptionOrId: Subscription | string,
    options: CancelSubscriptionOptions = {},
  ): Promise<Subscription> {
    return this.#setStatus(customerId, subscriptionOrId, 'deleted', options);
  }

  async #setStatus(
    customerId: string,
    subscriptionOrId: Subscription | string,
    status: SubscriptionStatus,
    options: UpdateSubscriptionOptions,
  ): Promise<Subscription> {
    const subscription =
      typeof subscriptionOrId === 'string'
        ? await this.get(customerId, subscriptionOrId, { ...operationOptions(options), requestId: undefined })
        : subscriptionOrId;
    if (statusIs(subscription.status, status)) return subscription;
    return this.update(customerId, { ...subscription, status }, options);
  }
}

/** RFC 9110 entity tags are quoted, as in Microsoft's `If-Match: "eyJ..."` example. */
function quoteEtag(etag: string): string {
  return /^(W\/)?".*"$/.test(etag) ? etag : `"${etag}"`;
}
