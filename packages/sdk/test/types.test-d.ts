/** @module Type-level tests of the public API. */
import { describe, it, expectTypeOf } from 'vitest';
import type { Collection, Customer, Entitlement, Order, RelationshipRequest, Subscription } from '@partnerbox/contract';
import {
  PartnerCenterClient,
  PartnerCenterErrorCode,
  isPartnerCenterError,
  offboardSandboxCustomer,
  offboardSandboxCustomers,
  removeResellerRelationship,
  type AccessToken,
  type BulkItemResult,
  type FetchLike,
  type OffboardProgressEvent,
  type OffboardSandboxCustomerResult,
  type PagedAsyncIterableIterator,
  type PartnerCenterError,
  type PartnerCenterClientOptions,
  type PipelinePolicy,
  type RemoveResellerRelationshipResult,
  type TokenCredential,
} from '../src/index.js';

declare const client: PartnerCenterClient;

describe('public types', () => {
  it('accepts an @azure/identity-shaped credential', () => {
    // The shape of @azure/core-auth's TokenCredential, written out so the SDK need not depend on it.
    interface AzureAccessToken {
      token: string;
      expiresOnTimestamp: number;
      refreshAfterTimestamp?: number;
      tokenType?: 'Bearer' | 'pop';
    }
    interface AzureGetTokenOptions {
      abortSignal?: { readonly aborted: boolean };
      tenantId?: string;
      claims?: string;
    }
    interface AzureCredential {
      getToken(scopes: string | string[], options?: AzureGetTokenOptions): Promise<AzureAccessToken | null>;
    }
    expectTypeOf<AzureCredential>().toExtend<TokenCredential>();
    expectTypeOf<AzureAccessToken>().toExtend<AccessToken>();
  });

  it('accepts the global fetch as FetchLike', () => {
    expectTypeOf(fetch).toExtend<FetchLike>();
  });

  it('requires a credential and lets env-derived optional values through', () => {
    expectTypeOf<PartnerCenterClientOptions>().toHaveProperty('credential').toEqualTypeOf<TokenCredential>();
    expectTypeOf({
      credential: {} as TokenCredential,
      baseUrl: process.env['X'],
    }).toExtend<PartnerCenterClientOptions>();
    // @ts-expect-error the credential is required
    new PartnerCenterClient({ baseUrl: 'https://x' });
  });

  it('types resource results with the contract types', () => {
    expectTypeOf(client.customers.list()).toEqualTypeOf<PagedAsyncIterableIterator<Customer, Collection<Customer>>>();
    expectTypeOf(client.customers.list().byPage()).toEqualTypeOf<AsyncIterableIterator<Collection<Customer>>>();
    expectTypeOf(client.customers.get('id')).resolves.toEqualTypeOf<Customer>();
    expectTypeOf(client.customers.deleteFromSandbox('id')).resolves.toBeVoid();
    expectTypeOf(client.customers.requestResellerRelationship()).resolves.toEqualTypeOf<RelationshipRequest>();
    expectTypeOf(client.entitlements.list('id')).resolves.toEqualTypeOf<Collection<Entitlement>>();
    expectTypeOf(client.orders.cancel('c', 'o')).resolves.toEqualTypeOf<Order>();
    expectTypeOf(client.subscriptions.suspend('c', 's')).resolves.toEqualTypeOf<Subscription>();
  });

  it('keeps enum-valued fields open to unknown values', () => {
    expectTypeOf<Customer['relationshipToPartner']>().toEqualTypeOf<string>();
    expectTypeOf<Order['status']>().toEqualTypeOf<string>();
    expectTypeOf<Subscription['status']>().toEqualTypeOf<string>();
  });

  it('restricts the inputs that have a fixed vocabulary', () => {
    // @ts-expect-error only companyName and domain can be filtered on
    void client.customers.list({ filter: { field: 'tenantId', value: 'x' } });
    // @ts-expect-error entitlementType is software or reservedInstance
    void client.entitlements.list('c', { entitlementType: 'azure' });
  });

  it('keeps each error code a literal number', () => {
    expectTypeOf(PartnerCenterErrorCode.NoRelationship).toEqualTypeOf<20002>();
    expectTypeOf(PartnerCenterErrorCode.InvalidProperty).toEqualTypeOf<3000>();
    // @ts-expect-error only the named codes exist
    void PartnerCenterErrorCode.RelationshipDoesNotExist;
  });

  it('narrows errors with the type guard', () => {
    const error: unknown = new Error('x');
    if (isPartnerCenterError(error)) {
      expectTypeOf(error).toEqualTypeOf<PartnerCenterError>();
      expectTypeOf(error.code).toEqualTypeOf<number | undefined>();
      expectTypeOf(error.statusCode).toEqualTypeOf<number | undefined>();
      expectTypeOf(error.data).toEqualTypeOf<string[]>();
      expectTypeOf(error.retryAfterInMs).toEqualTypeOf<number | undefined>();
    }
  });

  it('types the workflows', () => {
    expectTypeOf(offboardSandboxCustomer(client, 'c')).resolves.toEqualTypeOf<OffboardSandboxCustomerResult>();
    expectTypeOf(removeResellerRelationship(client, 'c')).resolves.toEqualTypeOf<RemoveResellerRelationshipResult>();
    expectTypeOf(offboardSandboxCustomers(client, ['c'])).resolves.toEqualTypeOf<
      BulkItemResult<OffboardSandboxCustomerResult>[]
    >();
    expectTypeOf<Extract<OffboardProgressEvent, { type: 'poll' }>>()
      .toHaveProperty('pending')
      .toEqualTypeOf<string[]>();
    expectTypeOf<BulkItemResult<number>>().toExtend<
      { customerId: string; ok: true; result: number } | { customerId: string; ok: false; error: Error }
    >();
  });

  it('takes policies as objects with a name and sendRequest', () => {
    expectTypeOf<PipelinePolicy>().toHaveProperty('name').toEqualTypeOf<string>();
    expectTypeOf(client.pipeline.addPolicy)
      .parameter(1)
      .toEqualTypeOf<{ before?: string | undefined; after?: string | undefined } | undefined>();
  });
});
