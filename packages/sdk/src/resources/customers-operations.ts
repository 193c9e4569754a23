/** @module `client.customers`: list, read, create, delete (sandbox) and end relationships. */
import { randomUUID } from 'node:crypto';
import {
  customerFilterFieldOnWire,
  type Collection,
  type CreateCustomerRequest,
  type Customer,
  type CustomerFilterField,
  type CustomerFilterOperator,
  type Link,
  type RelationshipRequest,
} from '@partnerbox/contract/types';
import type { HttpMethod, OperationOptions, PartnerCenterClient } from '../partner-center-client.js';
import { createPagedIterator, type PagedAsyncIterableIterator } from '../paging/paged-async-iterator.js';
import { normalizeCollection, operationOptions } from '../internal/operation-options.js';
import { path } from '../internal/url.js';

/** `?filter=` of the customer list: a case-insensitive prefix match on one field. */
export interface CustomerListFilter {
  field: CustomerFilterField;
  value: string;
  operator?: CustomerFilterOperator | undefined;
}

export interface ListCustomersOptions extends OperationOptions {
  /** Page size (`?size=`); the service picks one if absent. */
  size?: number | undefined;
  filter?: CustomerListFilter | undefined;
}

export type GetCustomerOptions = OperationOptions;
export type CreateCustomerOptions = OperationOptions;
export type DeleteCustomerFromSandboxOptions = OperationOptions;
export type RemoveCustomerRelationshipOptions = OperationOptions;
export type RemoveDelegatedAccessOptions = OperationOptions;
export type RequestResellerRelationshipOptions = OperationOptions;

/** Customer operations. Reach them through `client.customers`. */
export class CustomersOperations {
  readonly #client: PartnerCenterClient;

  constructor(client: PartnerCenterClient) {
    this.#client = client;
  }

  /**
   * Lists the partner's customers, following `links.next` and replaying its headers (the
   * `MS-ContinuationToken` of seek paging). Every page shares one `MS-CorrelationId`.
   *
   * @example
   * ```ts
   * for await (const customer of client.customers.list({ filter: { field: 'companyName', value: 'Contoso' } })) {
   *   console.log(customer.id, customer.companyProfile.companyName);
   * }
   * for await (const page of client.customers.list({ size: 100 }).byPage()) console.log(page.items.length);
   * ```
   */
  list(options: ListCustomersOptions = {}): PagedAsyncIterableIterator<Customer> {
    const correlationId = options.correlationId ?? this.#client.correlationId ?? randomUUID();
    const base = { ...operationOptions(options), correlationId };
    return createPagedIterator<Customer>(async (link: Link | undefined, settings) => {
      if (!link) {
        const filter = options.filter && {
          Field: customerFilterFieldOnWire(options.filter.field),
          Value: options.filter.value,
          Operator: options.filter.operator ?? 'starts_with',
        };
        const response = await this.#client.sendRequest<Collection<Customer>>({
          ...base,
          method: 'GET',
          path: '/customers',
          query: { size: settings.maxPageSize ?? options.size, filter: filter && JSON.stringify(filter) },
        });
        return normalizeCollection<Customer>(response.body);
      }
      const headers: Record<string, string> = { ...options.headers };
      for (const header of link.headers ?? []) headers[header.key] = header.value;
      const response = await this.#client.sendRequest<Collection<Customer>>({
        ...base,
        // The caller's request id names the first page's call; later pages are calls of their own.
        requestId: undefined,
        method: (link.method || 'GET').toUpperCase() as HttpMethod,
        path: link.uri,
        headers,
      });
      return normalizeCollection<Customer>(response.body);
    });
  }

  /**
   * Reads one customer by its tenant id.
   *
   * @example
   * ```ts
   * const customer = await client.customers.get('b44bb1fb-c595-45b0-9e09-d657365580bf');
   * ```
   */
  async get(customerId: string, options: GetCustomerOptions = {}): Promise<Customer> {
    const response = await this.#client.sendRequest<Customer>({
      ...operationOptions(options),
      method: 'GET',
      path: path`/customers/${customerId}`,
    });
    return response.body;
  }

  /**
   * Creates a customer (201); the answer carries the admin's `userCredentials`, once.
   * Idempotent by `MS-RequestId`: pass `requestId` to make a retry after a crash safe.
   *
   * @example
   * ```ts
   * const customer = await client.customers.create({
   *   companyProfile: { domain: 'contoso-test.onmicrosoft.com' },
   *   billingProfile: {
   *     email: 'admin@contoso.example', culture: 'en-US', language: 'en', companyName: 'Contoso',
   *     defaultAddress: { country: 'US', city: 'Redmond', state: 'WA', addressLine1: '1 Microsoft Way', postalCode: '98052' },
   *   },
   * });
   * ```
   */
  async create(body: CreateCustomerRequest, options: CreateCustomerOptions = {}): Promise<Customer> {
    const response = await this.#client.sendRequest<Customer>({
      ...operationOptions(options),
      method: 'POST',
      path: '/customers',
      body,
    });
    return response.body;
  }

  /**
   * Deletes a customer from an integration sandbox account (204), regaining its quota slot.
   * Every reserved-instance and software order must be cancelled first; the
   * `offboardSandboxCustomer` workflow does that.
   *
   * @example
   * ```ts
   * await client.customers.deleteFromSandbox(customerId);
   * ```
   */
  async deleteFromSandbox(customerId: string, options: DeleteCustomerFromSandboxOptions = {}): Promise<void> {
    await this.#client.sendRequest({
      ...operationOptions(options),
      method: 'DELETE',
      path: path`/customers/${customerId}`,
    });
  }

  /**
   * Ends the reseller relationship (App+User only). Fails with code 3000 while subscriptions are
   * active or reserved instances not cancelled; the `removeResellerRelationship` workflow checks
   * and fixes that first.
   *
   * @example
   * ```ts
   * const customer = await client.customers.removeResellerRelationship(customerId);
   * console.log(customer.relationshipToPartner); // "none"
   * ```
   */
  async removeResellerRelationship(
    customerId: string,
    options: RemoveCustomerRelationshipOptions = {},
  ): Promise<Customer> {
    const response = await this.#client.sendRequest<Customer>({
      ...operationOptions(options),
      method: 'PATCH',
      path: path`/customers/${customerId}`,
      body: { relationshipToPartner: 'none', attributes: { objectType: 'Customer' } },
    });
    return response.body;
  }

  /**
   * Removes only delegated admin (DAP) access, keeping the reseller relationship (App+User only).
   *
   * @example
   * ```ts
   * await client.customers.removeDelegatedAccess(customerId);
   * ```
   */
  async removeDelegatedAccess(customerId: string, options: RemoveDelegatedAccessOptions = {}): Promise<Customer> {
    const response = await this.#client.sendRequest<Customer>({
      ...operationOptions(options),
      method: 'PATCH',
      path: path`/customers/${customerId}`,
      body: { allowDelegatedAccess: false, attributes: { objectType: 'Customer' } },
    });
    return response.body;
  }

  /**
   * Gets the invitation URL a customer's admin opens to accept a reseller relationship
   * (App+User only).
   *
   * @example
   * ```ts
   * const { url } = await client.customers.requestResellerRelationship();
   * ```
   */
  async requestResellerRelationship(options: RequestResellerRelationshipOptions = {}): Promise<RelationshipRequest> {
    const response = await this.#client.sendRequest<RelationshipRequest>({
      ...operationOptions(options),
      method: 'GET',
      path: '/customers/relationshiprequests',
    });
    return response.body;
  }
}
