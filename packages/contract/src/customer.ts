/** @module Customers, their profiles, and the bodies that create or patch them. */
import Type, { type Static } from 'typebox';
import { AttributesSchema, LinkSchema } from './common.js';
import { RelationshipToPartnerSchema } from './enums.js';

export const AddressSchema = Type.Object(
  {
    country: Type.String({ pattern: '^[A-Za-z]{2}$', description: 'Two-letter ISO country code.' }),
    region: Type.Optional(Type.String({ maxLength: 100 })),
    city: Type.Optional(Type.String({ maxLength: 100 })),
    state: Type.Optional(Type.String({ maxLength: 100 })),
    addressLine1: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    addressLine2: Type.Optional(Type.String({ maxLength: 200 })),
    addressLine3: Type.Optional(Type.String({ maxLength: 200 })),
    postalCode: Type.Optional(Type.String({ maxLength: 20 })),
    firstName: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    lastName: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    phoneNumber: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { title: 'Address' },
);
export type Address = Static<typeof AddressSchema>;

const SelfLinksSchema = Type.Object({ self: LinkSchema });

export const CompanyProfileSchema = Type.Object(
  {
    tenantId: Type.String(),
    domain: Type.String(),
    companyName: Type.Optional(Type.String()),
    address: Type.Optional(AddressSchema),
    email: Type.Optional(Type.String()),
    organizationRegistrationNumber: Type.Optional(Type.String()),
    links: Type.Optional(SelfLinksSchema),
    attributes: AttributesSchema,
  },
  { title: 'CustomerCompanyProfile' },
);
export type CompanyProfile = Static<typeof CompanyProfileSchema>;

export const BillingProfileSchema = Type.Object(
  {
    id: Type.String(),
    firstName: Type.Optional(Type.String()),
    lastName: Type.Optional(Type.String()),
    email: Type.String(),
    culture: Type.String(),
    language: Type.String(),
    companyName: Type.String(),
    defaultAddress: AddressSchema,
    links: Type.Optional(SelfLinksSchema),
    attributes: AttributesSchema,
  },
  { title: 'CustomerBillingProfile' },
);
export type BillingProfile = Static<typeof BillingProfileSchema>;

export const UserCredentialsSchema = Type.Object({ userName: Type.String(), password: Type.String() });

export const CustomerSchema = Type.Object(
  {
    id: Type.String(),
    commerceId: Type.Optional(Type.String()),
    companyProfile: CompanyProfileSchema,
    billingProfile: Type.Optional(BillingProfileSchema),
    relationshipToPartner: Type.String({ description: 'One of RELATIONSHIP_TO_PARTNER; tolerate others.' }),
    allowDelegatedAccess: Type.Optional(Type.Boolean()),
    userCredentials: Type.Optional(UserCredentialsSchema),
    customDomains: Type.Optional(Type.Array(Type.String())),
    associatedPartnerId: Type.Optional(Type.String()),
    links: Type.Optional(SelfLinksSchema),
    attributes: AttributesSchema,
  },
  { title: 'Customer' },
);
export type Customer = Static<typeof CustomerSchema>;

const { city, addressLine1 } = Type.Required(Type.Pick(AddressSchema, ['city', 'addressLine1'])).properties;

/** The address a create body carries: a city and a first line are required, and the city may not be empty. */
const AddressInputSchema = Type.Interface([AddressSchema], {
  city: Type.String({ ...city, minLength: 1 }),
  addressLine1,
});

/** `POST /v1/customers`. Required fields follow the create-a-customer page. */
export const CreateCustomerRequestSchema = Type.Object(
  {
    companyProfile: Type.Object({
      domain: Type.String({ minLength: 1, maxLength: 253 }),
      companyName: Type.Optional(Type.String({ maxLength: 256 })),
      organizationRegistrationNumber: Type.Optional(Type.String({ maxLength: 100 })),
      email: Type.Optional(Type.String({ maxLength: 256 })),
    }),
    billingProfile: Type.Object({
      email: Type.String({ minLength: 3, maxLength: 256 }),
      culture: Type.String({ minLength: 2, maxLength: 20 }),
      language: Type.String({ minLength: 2, maxLength: 20 }),
      companyName: Type.String({ minLength: 1, maxLength: 256 }),
      firstName: Type.Optional(Type.String({ maxLength: 50 })),
      lastName: Type.Optional(Type.String({ maxLength: 50 })),
      defaultAddress: AddressInputSchema,
    }),
    associatedPartnerId: Type.Optional(Type.String()),
  },
  { title: 'CreateCustomerRequest' },
);
export type CreateCustomerRequest = Static<typeof CreateCustomerRequestSchema>;

/**
 * `PATCH /v1/customers/{id}`: `relationshipToPartner: "none"` removes the reseller
 * relationship; `allowDelegatedAccess: false` removes only delegated admin access.
 */
export const UpdateCustomerRequestSchema = Type.Object(
  {
    relationshipToPartner: Type.Optional(RelationshipToPartnerSchema),
    allowDelegatedAccess: Type.Optional(Type.Boolean()),
    attributes: Type.Optional(Type.Object({ objectType: Type.Optional(Type.String()) })),
  },
  { title: 'UpdateCustomerRequest' },
);
export type UpdateCustomerRequest = Static<typeof UpdateCustomerRequestSchema>;

export const RelationshipRequestSchema = Type.Object(
  { url: Type.String(), attributes: AttributesSchema },
  { title: 'RelationshipRequest' },
);
export type RelationshipRequest = Static<typeof RelationshipRequestSchema>;

/** The JSON value of `?filter=` on `GET /v1/customers`. */
export const CustomerFilterSchema = Type.Object({
  field: Type.String(),
  value: Type.String(),
  operator: Type.String(),
});
export type CustomerFilter = Static<typeof CustomerFilterSchema>;
