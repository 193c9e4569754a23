/** @module Entitlements: what a customer is entitled to through reserved-instance and software orders. */
import Type, { type TSchema } from 'typebox';
import { LinkSchema } from './common.js';

export const ReferenceOrderSchema = Type.Object({
  id: Type.String(),
  lineItemId: Type.String({ description: 'The line item number, as a string.' }),
  alternateId: Type.Optional(Type.String()),
});

export const EntitledArtifactSchema = Type.Object({
  artifactType: Type.String(),
  link: Type.Optional(LinkSchema),
  resourceId: Type.Optional(Type.String()),
  dynamicAttributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

const entitlementFields = {
  referenceOrder: ReferenceOrderSchema,
  productId: Type.String(),
  skuId: Type.String(),
  quantity: Type.Integer(),
  quantityDetails: Type.Optional(Type.Array(Type.Object({ quantity: Type.Integer(), status: Type.String() }))),
  entitledArtifacts: Type.Array(EntitledArtifactSchema),
  entitlementType: Type.String({ description: 'One of ENTITLEMENT_TYPES; tolerate others.' }),
  fulfillmentState: Type.Optional(Type.String()),
  dynamicAttributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  expiryDate: Type.Optional(Type.String()),
};

const IncludedEntitlementSchema = Type.Object({
  includedEntitlements: Type.Array(Type.Unknown()),
  ...entitlementFields,
});

export const EntitlementSchema: TSchema = Type.Object(
  { includedEntitlements: Type.Array(IncludedEntitlementSchema), ...entitlementFields },
  { title: 'Entitlement' },
);
