/**
 * @module The generated plain interfaces are exactly the schemas' static types: each one is
 * compared with `Static<>` of its schema (wire-types.test.ts keeps the file current).
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { Static } from 'typebox';
import type * as schemas from '../src/index.js';
import type * as plain from '../src/types.js';

type S<K extends keyof typeof schemas> = Static<(typeof schemas)[K]>;

describe('@partnerbox/contract/types', () => {
  it('has the static type of every object schema', () => {
    expectTypeOf<plain.Address>().toEqualTypeOf<S<'AddressSchema'>>();
    expectTypeOf<plain.Attributes>().toEqualTypeOf<S<'AttributesSchema'>>();
    expectTypeOf<plain.BillingProfile>().toEqualTypeOf<S<'BillingProfileSchema'>>();
    expectTypeOf<plain.CollectionLinks>().toEqualTypeOf<S<'CollectionLinksSchema'>>();
    expectTypeOf<plain.CompanyProfile>().toEqualTypeOf<S<'CompanyProfileSchema'>>();
    expectTypeOf<plain.CreateCustomerRequest>().toEqualTypeOf<S<'CreateCustomerRequestSchema'>>();
    expectTypeOf<plain.CreateOrderLineItem>().toEqualTypeOf<S<'CreateOrderLineItemSchema'>>();
    expectTypeOf<plain.CreateOrderRequest>().toEqualTypeOf<S<'CreateOrderRequestSchema'>>();
    expectTypeOf<plain.Customer>().toEqualTypeOf<S<'CustomerSchema'>>();
    expectTypeOf<plain.CustomerFilter>().toEqualTypeOf<S<'CustomerFilterSchema'>>();
    expectTypeOf<plain.DeviceCodeResponse>().toEqualTypeOf<S<'DeviceCodeResponseSchema'>>();
    expectTypeOf<plain.EntitledArtifact>().toEqualTypeOf<S<'EntitledArtifactSchema'>>();
    expectTypeOf<plain.ErrorBody>().toEqualTypeOf<S<'ErrorBodySchema'>>();
    expectTypeOf<plain.Header>().toEqualTypeOf<S<'HeaderSchema'>>();
    expectTypeOf<plain.Link>().toEqualTypeOf<S<'LinkSchema'>>();
    expectTypeOf<plain.Order>().toEqualTypeOf<S<'OrderSchema'>>();
    expectTypeOf<plain.OrderLineItem>().toEqualTypeOf<S<'OrderLineItemSchema'>>();
    expectTypeOf<plain.OrderLineItemProvisioningStatus>().toEqualTypeOf<S<'OrderLineItemProvisioningStatusSchema'>>();
    expectTypeOf<plain.PatchOrderRequest>().toEqualTypeOf<S<'PatchOrderRequestSchema'>>();
    expectTypeOf<plain.ReferenceOrder>().toEqualTypeOf<S<'ReferenceOrderSchema'>>();
    expectTypeOf<plain.RelationshipRequest>().toEqualTypeOf<S<'RelationshipRequestSchema'>>();
    expectTypeOf<plain.Subscription>().toEqualTypeOf<S<'SubscriptionSchema'>>();
    expectTypeOf<plain.SubscriptionProvisioningStatus>().toEqualTypeOf<S<'SubscriptionProvisioningStatusSchema'>>();
    expectTypeOf<plain.ThrottleBody>().toEqualTypeOf<S<'ThrottleBodySchema'>>();
    expectTypeOf<plain.TokenError>().toEqualTypeOf<S<'TokenErrorSchema'>>();
    expectTypeOf<plain.TokenResponse>().toEqualTypeOf<S<'TokenResponseSchema'>>();
    expectTypeOf<plain.UpdateCustomerRequest>().toEqualTypeOf<S<'UpdateCustomerRequestSchema'>>();
    expectTypeOf<plain.UpdateSubscriptionRequest>().toEqualTypeOf<S<'UpdateSubscriptionRequestSchema'>>();
    expectTypeOf<plain.UserCredentials>().toEqualTypeOf<S<'UserCredentialsSchema'>>();
  });

  it('names the same types as the full entry', () => {
    expectTypeOf<plain.Customer>().toEqualTypeOf<schemas.Customer>();
    expectTypeOf<plain.Order>().toEqualTypeOf<schemas.Order>();
    expectTypeOf<plain.Subscription>().toEqualTypeOf<schemas.Subscription>();
    expectTypeOf<plain.Collection<plain.Customer>>().toEqualTypeOf<schemas.Collection<schemas.Customer>>();
    expectTypeOf<plain.Entitlement>().toEqualTypeOf<schemas.Entitlement>();
  });
});
