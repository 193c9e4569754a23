/** @module Subscriptions, and the body that suspends, reactivates or edits one. */
import Type, { type Static } from 'typebox';
import { AttributesSchema, LinkSchema } from './common.js';
import { SubscriptionStatusSchema } from './enums.js';

export const SubscriptionSchema = Type.Object(
  {
    id: Type.String(),
    entitlementId: Type.Optional(Type.String()),
    offerId: Type.String(),
    offerName: Type.Optional(Type.String()),
    friendlyName: Type.Optional(Type.String()),
    quantity: Type.Integer(),
    unitType: Type.Optional(Type.String()),
    parentSubscriptionId: Type.Optional(Type.String()),
    creationDate: Type.String(),
    effectiveStartDate: Type.String(),
    commitmentEndDate: Type.String(),
    status: Type.String({ description: 'One of SUBSCRIPTION_STATUSES; tolerate others.' }),
    autoRenewEnabled: Type.Boolean(),
    billingType: Type.String(),
    billingCycle: Type.Optional(Type.String()),
    contractType: Type.String(),
    termDuration: Type.Optional(Type.String()),
    orderId: Type.String(),
    suspensionReasons: Type.Optional(Type.Array(Type.String())),
    links: Type.Optional(Type.Record(Type.String(), LinkSchema)),
    attributes: AttributesSchema,
  },
  { title: 'Subscription' },
);
export type Subscription = Static<typeof SubscriptionSchema>;

/**
 * `PATCH /v1/customers/{id}/subscriptions/{subId}`: clients send the whole subscription back
 * with the fields changed; only `status`, `quantity`, `friendlyName` and `autoRenewEnabled`
 * are writable here. The etag may come in `attributes.etag` or the `If-Match` header.
 */
export const UpdateSubscriptionRequestSchema = Type.Object(
  {
    id: Type.Optional(Type.String()),
    status: Type.Optional(SubscriptionStatusSchema),
    quantity: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000000 })),
    friendlyName: Type.Optional(Type.String({ maxLength: 200 })),
    autoRenewEnabled: Type.Optional(Type.Boolean()),
    attributes: Type.Optional(
      Type.Object({ etag: Type.Optional(Type.String()), objectType: Type.Optional(Type.String()) }),
    ),
  },
  { title: 'UpdateSubscriptionRequest' },
);
export type UpdateSubscriptionRequest = Static<typeof UpdateSubscriptionRequestSchema>;

export const SubscriptionProvisioningStatusSchema = Type.Object(
  {
    skuId: Type.String(),
    status: Type.String({ description: '"success", "pending" or "failed"; tolerate others.' }),
    quantity: Type.Integer(),
    endDate: Type.String(),
    attributes: AttributesSchema,
  },
  { title: 'SubscriptionProvisioningStatus' },
);
export type SubscriptionProvisioningStatus = Static<typeof SubscriptionProvisioningStatusSchema>;
