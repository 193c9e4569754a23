/** @module Orders, their line items, provisioning status, and the bodies that create or cancel them. */
import Type, { type Static } from 'typebox';
import { AttributesSchema, LinkSchema } from './common.js';
import { BillingCycleSchema, OrderStatusSchema } from './enums.js';

export const OrderLineItemSchema = Type.Object(
  {
    lineItemNumber: Type.Integer({ minimum: 0 }),
    offerId: Type.String(),
    subscriptionId: Type.Optional(Type.String()),
    parentSubscriptionId: Type.Optional(Type.String()),
    termDuration: Type.Optional(Type.String()),
    transactionType: Type.Optional(Type.String()),
    friendlyName: Type.Optional(Type.String()),
    quantity: Type.Integer({ minimum: 0 }),
    provisioningContext: Type.Optional(Type.Record(Type.String(), Type.String())),
    links: Type.Optional(Type.Record(Type.String(), LinkSchema)),
  },
  { title: 'OrderLineItem' },
);
export type OrderLineItem = Static<typeof OrderLineItemSchema>;

export const OrderSchema = Type.Object(
  {
    id: Type.String(),
    alternateId: Type.Optional(Type.String()),
    referenceCustomerId: Type.String(),
    billingCycle: Type.String(),
    currencyCode: Type.Optional(Type.String()),
    currencySymbol: Type.Optional(Type.String()),
    lineItems: Type.Array(OrderLineItemSchema),
    creationDate: Type.String(),
    status: Type.String({ description: 'One of ORDER_STATUSES; tolerate others.' }),
    transactionType: Type.Optional(Type.String()),
    links: Type.Optional(Type.Record(Type.String(), LinkSchema)),
    attributes: AttributesSchema,
  },
  { title: 'Order' },
);
export type Order = Static<typeof OrderSchema>;

export const CreateOrderLineItemSchema = Type.Object({
  lineItemNumber: Type.Integer({ minimum: 0, maximum: 1000 }),
  offerId: Type.String({ minLength: 1, maxLength: 200 }),
  quantity: Type.Integer({ minimum: 1, maximum: 1000000 }),
  friendlyName: Type.Optional(Type.String({ maxLength: 200 })),
  termDuration: Type.Optional(Type.String({ maxLength: 20 })),
  provisioningContext: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 500 }))),
  parentSubscriptionId: Type.Optional(Type.String()),
});

/** `POST /v1/customers/{id}/orders`. */
export const CreateOrderRequestSchema = Type.Object(
  {
    referenceCustomerId: Type.Optional(Type.String()),
    billingCycle: Type.Optional(BillingCycleSchema),
    currencyCode: Type.Optional(Type.String({ maxLength: 3 })),
    lineItems: Type.Array(CreateOrderLineItemSchema, { minItems: 1, maxItems: 50 }),
  },
  { title: 'CreateOrderRequest' },
);
export type CreateOrderRequest = Static<typeof CreateOrderRequestSchema>;

/**
 * `PATCH /v1/customers/{id}/orders/{orderId}` with `status: "cancelled"`; optional
 * `lineItems` cancels only those line items (the cancel-software-purchases page).
 */
export const PatchOrderRequestSchema = Type.Object(
  {
    id: Type.Optional(Type.String()),
    status: OrderStatusSchema,
    lineItems: Type.Optional(
      Type.Array(
        Type.Object({
          lineItemNumber: Type.Integer({ minimum: 0 }),
          offerId: Type.Optional(Type.String()),
          quantity: Type.Optional(Type.Integer({ minimum: 0 })),
        }),
        { minItems: 1, maxItems: 50 },
      ),
    ),
  },
  { title: 'PatchOrderRequest' },
);
export type PatchOrderRequest = Static<typeof PatchOrderRequestSchema>;

export const OrderLineItemProvisioningStatusSchema = Type.Object(
  {
    lineItemNumber: Type.Integer(),
    status: Type.String({ description: '"fulfilled", "unfulfilled" or "cancelled"; tolerate others.' }),
    quantityProvisioningInformation: Type.Array(Type.Object({ quantity: Type.Integer(), status: Type.String() })),
    attributes: AttributesSchema,
  },
  { title: 'OrderLineItemProvisioningStatus' },
);
export type OrderLineItemProvisioningStatus = Static<typeof OrderLineItemProvisioningStatusSchema>;
