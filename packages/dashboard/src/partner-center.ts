/**
 * @module The `/v1` operations the dashboard uses, named after the Partner Center docs' pages.
 * No SDK here: the SDK is for Node (its credentials use node:crypto); the browser needs only
 * these few calls.
 */
import type {
  Collection,
  CreateCustomerRequest,
  Customer,
  CustomerFilterField,
  Entitlement,
  Order,
  Subscription,
} from '@partnerbox/contract/types';
import { request, type Answer } from './api.js';

export interface CustomerPage {
  items: Customer[];
  continuationToken: string | undefined;
}

export type Authorize = () => Promise<string>;

/** `If-Match` carries the etag quoted, as Partner Center's own samples send it. */
function quoted(etag: string): string {
  return etag.startsWith('"') || etag.startsWith('W/') ? etag : `"${etag}"`;
}

export class PartnerCenter {
  constructor(private readonly authorize: Authorize) {}

  private async call<T>(method: string, path: string, options: Parameters<typeof request>[3] = {}): Promise<Answer<T>> {
    return request<T>(method, `/v1${path}`, await this.authorize(), options);
  }

  /** The first page (optionally filtered by a prefix), or the page a continuation token points at. */
  async listCustomers(
    size: number,
    filter?: { field: CustomerFilterField; value: string },
    continuationToken?: string,
  ): Promise<CustomerPage> {
    const query = new URLSearchParams({ size: String(size) });
    const headers: Record<string, string> = {};
    if (continuationToken) {
      query.set('seekOperation', 'Next');
      headers['MS-ContinuationToken'] = continuationToken;
    } else if (filter && filter.value !== '') {
      query.set('filter', JSON.stringify({ Field: filter.field, Value: filter.value, Operator: 'starts_with' }));
    }
    const { body } = await this.call<Collection<Customer> & { continuationToken?: string }>(
      'GET',
      `/customers?${query.toString()}`,
      { headers },
    );
    return { items: body.items, continuationToken: body.continuationToken };
  }

  async getCustomer(id: string): Promise<Customer> {
    return (await this.call<Customer>('GET', `/customers/${encodeURIComponent(id)}`)).body;
  }

  async createCustomer(body: CreateCustomerRequest): Promise<Customer> {
    return (await this.call<Customer>('POST', '/customers', { body })).body;
  }

  async deleteCustomer(id: string): Promise<void> {
    await this.call('DELETE', `/customers/${encodeURIComponent(id)}`);
  }

  async removeRelationship(id: string): Promise<Customer> {
    return (
      await this.call<Customer>('PATCH', `/customers/${encodeURIComponent(id)}`, {
        body: { relationshipToPartner: 'none', attributes: { objectType: 'Customer' } },
      })
    ).body;
  }

  async listOrders(customerId: string): Promise<Order[]> {
    return (await this.call<Collection<Order>>('GET', `/customers/${encodeURIComponent(customerId)}/orders`)).body
      .items;
  }

  async getOrder(customerId: string, orderId: string): Promise<Order> {
    return (
      await this.call<Order>(
        'GET',
        `/customers/${encodeURIComponent(customerId)}/orders/${encodeURIComponent(orderId)}`,
      )
    ).body;
  }

  async cancelOrder(customerId: string, orderId: string): Promise<Order> {
    return (
      await this.call<Order>(
        'PATCH',
        `/customers/${encodeURIComponent(customerId)}/orders/${encodeURIComponent(orderId)}`,
        { body: { id: orderId, status: 'cancelled' } },
      )
    ).body;
  }

  async listSubscriptions(customerId: string): Promise<Subscription[]> {
    return (
      await this.call<Collection<Subscription>>('GET', `/customers/${encodeURIComponent(customerId)}/subscriptions`)
    ).body.items;
  }

  /** Suspend or reactivate: the whole subscription PATCHed back with its new status, under its etag. */
  async setSubscriptionStatus(
    customerId: string,
    subscription: Subscription,
    status: 'suspended' | 'active',
  ): Promise<Subscription> {
    const headers: Record<string, string> = {};
    if (subscription.attributes.etag) headers['If-Match'] = quoted(subscription.attributes.etag);
    return (
      await this.call<Subscription>(
        'PATCH',
        `/customers/${encodeURIComponent(customerId)}/subscriptions/${encodeURIComponent(subscription.id)}`,
        { body: { ...subscription, status }, headers },
      )
    ).body;
  }

  async listEntitlements(customerId: string, entitlementType?: string): Promise<Entitlement[]> {
    const query = entitlementType ? `?entitlementType=${encodeURIComponent(entitlementType)}` : '';
    return (
      await this.call<Collection<Entitlement>>(
        'GET',
        `/customers/${encodeURIComponent(customerId)}/entitlements${query}`,
      )
    ).body.items;
  }

  /** App+User only, and read-only: tells whether the token may act for a user. */
  async requestRelationship(): Promise<unknown> {
    return (await this.call('GET', '/customers/relationshiprequests')).body;
  }
}
