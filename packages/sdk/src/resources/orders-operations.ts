/** @module `client.orders`: list, read, create and cancel orders, and read their provisioning. */
import type {
  Collection,
  CreateOrderRequest,
  Order,
  OrderLineItemProvisioningStatus,
  PatchOrderRequest,
} from '@partnerbox/contract/types';
import type { OperationOptions, PartnerCenterClient } from '../partner-center-client.js';
import { normalizeCollection, operationOptions } from '../internal/operation-options.js';
import { path } from '../internal/url.js';

export type ListOrdersOptions = OperationOptions;
export type GetOrderOptions = OperationOptions;
export type CreateOrderOptions = OperationOptions;
export type GetOrderProvisioningStatusOptions = OperationOptions;

export interface CancelOrderOptions extends OperationOptions {
  /** Cancel only these line items (software purchases); the whole order if absent. */
  lineItems?: PatchOrderRequest['lineItems'] | undefined;
}

/** Order operations. Reach them through `client.orders`. */
export class OrdersOperations {
  readonly #client: PartnerCenterClient;

  constructor(client: PartnerCenterClient) {
    this.#client = client;
  }

  /**
   * Lists a customer's orders (unpaged).
   *
   * @example
   * ```ts
   * const { items: orders } = await client.orders.list(customerId);
   * ```
   */
  async list(customerId: string, options: ListOrdersOptions = {}): Promise<Collection<Order>> {
    const response = await this.#client.sendRequest<Collection<Order>>({
      ...operationOptions(options),
      method: 'GET',
      path: path`/customers/${customerId}/orders`,
    });
    return normalizeCollection<Order>(response.body);
  }

  /**
   * Reads one order. Its `status` is `pending`, `completed` or `cancelled` (compare
   * case-insensitively; other values may appear).
   *
   * @example
   * ```ts
   * const order = await client.orders.get(customerId, orderId);
   * ```
   */
  async get(customerId: string, orderId: string, options: GetOrderOptions = {}): Promise<Order> {
    const response = await this.#client.sendRequest<Order>({
      ...operationOptions(options),
      method: 'GET',
      path: path`/customers/${customerId}/orders/${orderId}`,
    });
    return response.body;
  }

  /**
   * Places an order (201, status `pending` until provisioned). `referenceCustomerId` defaults to
   * `customerId`.
   *
   * @example
   * ```ts
   * const order = await client.orders.create(customerId, {
   *   lineItems: [{ lineItemNumber: 0, offerId: 'DZH318Z0BQ3W:0001:DZH318Z0BQ3Q', quantity: 1 }],
   * });
   * ```
   */
  async create(customerId: string, body: CreateOrderRequest, options: CreateOrderOptions = {}): Promise<Order> {
    const response = await this.#client.sendRequest<Order>({
      ...operationOptions(options),
      method: 'POST',
      path: path`/customers/${customerId}/orders`,
      body: { referenceCustomerId: customerId, ...body },
    });
    return response.body;
  }

  /**
   * Cancels an order (`PATCH {id, status: "cancelled"}`): reserved instances and software in an
   * integration sandbox. The answer may still read `pending` while the cancellation completes.
   *
   * @example
   * ```ts
   * await client.orders.cancel(customerId, orderId);
   * ```
   */
  async cancel(customerId: string, orderId: string, options: CancelOrderOptions = {}): Promise<Order> {
    const body: PatchOrderRequest = { id: orderId, status: 'cancelled' };
    if (options.lineItems !== undefined) body.lineItems = options.lineItems;
    const response = await this.#client.sendRequest<Order>({
      ...operationOptions(options),
      method: 'PATCH',
      path: path`/customers/${customerId}/orders/${orderId}`,
      body,
    });
    return response.body;
  }

  /**
   * Reads the provisioning status of each line item of an order.
   *
   * @example
   * ```ts
   * const { items } = await client.orders.getProvisioningStatus(customerId, orderId);
   * ```
   */
  async getProvisioningStatus(
    customerId: string,
    orderId: string,
    options: GetOrderProvisioningStatusOptions = {},
  ): Promise<Collection<OrderLineItemProvisioningStatus>> {
    const response = await this.#client.sendRequest<Collection<OrderLineItemProvisioningStatus>>({
      ...operationOptions(options),
      method: 'GET',
      path: path`/customers/${customerId}/orders/${orderId}/provisioningstatus`,
    });
    return normalizeCollection<OrderLineItemProvisioningStatus>(response.body);
  }
}
