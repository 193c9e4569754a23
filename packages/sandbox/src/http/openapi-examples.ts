/**
 * @module Examples for the OpenAPI document, taken from Partner Center's documentation (the
 * numbers are those of shared/spec/examples.md). The published bodies are kept where they are
 * valid; where they are not (PascalCase keys, trailing commas, a string `expires_in`, AAD
 * Graph as the resource) they are the same values in the form this server reads and answers,
 * so a linter can check each against its schema.
 */

type Example = { summary: string; value: unknown };
type Examples = Record<string, Example>;

const CUSTOMER_ID = 'eebd1b55-5360-4438-a11d-5c06918c3014';
const selfLink = (uri: string) => ({ self: { uri, method: 'GET', headers: [] } });

/** Example 6. */
const CUSTOMER = {
  id: CUSTOMER_ID,
  commerceId: '99e6a635-48e7-424d-9059-c9db944e3c54',
  companyProfile: {
    tenantId: CUSTOMER_ID,
    domain: 'abcdefgh1234.ccsctp.net',
    companyName: '1kl as kjk',
    address: {
      country: 'US',
      region: 'wa',
      city: 'redmond',
      addressLine1: '1 ms way',
      postalCode: '98052',
      phoneNumber: '1234567890',
    },
    email: 'a@a.com',
    links: selfLink(`/customers/${CUSTOMER_ID}/profiles/company`),
    attributes: { objectType: 'CustomerCompanyProfile' },
  },
  billingProfile: {
    id: 'eeada110-69d6-4cc9-b093-75feb7ca9d3f',
    firstName: 'd0d89d776d03471c819bf772191ed728',
    lastName: 'kjk',
    email: 'a@a.com',
    culture: 'en-US',
    language: 'en',
    companyName: '1kl as kjk',
    defaultAddress: {
      country: 'US',
      city: 'redmond',
      state: 'WA',
      addressLine1: '1 ms way',
      postalCode: '98052',
      firstName: '1kl as',
      lastName: 'kjk',
      phoneNumber: '1234567890',
    },
    links: selfLink(`/customers/${CUSTOMER_ID}/profiles/billing`),
    attributes: { etag: '-4242348048554929329', objectType: 'CustomerBillingProfile' },
  },
  relationshipToPartner: 'reseller',
  allowDelegatedAccess: true,
  customDomains: ['abcdefgh1234.ccsctp.net'],
  links: selfLink(`/customers/${CUSTOMER_ID}`),
  attributes: { objectType: 'Customer' },
};

const listItem = (id: string) => ({
  id,
  companyProfile: {
    tenantId: id,
    domain: 'domain',
    companyName: 'companyName',
    attributes: { objectType: 'CustomerCompanyProfile' },
  },
  relationshipToPartner: 'reseller',
  attributes: { objectType: 'Customer' },
});

/** Request bodies, by operationId. */
export const REQUEST_EXAMPLES: Record<string, Examples> = {
  createCustomer: {
    docs: {
      summary: 'Create a customer (example 12, camelCase and without its trailing commas)',
      value: {
        companyProfile: { domain: 'xyz.ccsctp.net' },
        billingProfile: {
          culture: 'EN-US',
          email: 'test@outlook.com',
          language: 'en',
          companyName: 'test company',
          defaultAddress: {
            firstName: 'Test',
            lastName: 'Test',
            addressLine1: 'One Microsoft Way',
            city: 'Redmond',
            state: 'WA',
            postalCode: '98052',
            country: 'US',
          },
        },
      },
    },
  },
  updateCustomer: {
    removeRelationship: {
      summary: 'Remove the reseller relationship (example 3)',
      value: { relationshipToPartner: 'none', attributes: { objectType: 'Customer' } },
    },
    removeDelegatedAccess: {
      summary: 'Remove delegated admin access (example 45)',
      value: { allowDelegatedAccess: false, attributes: { objectType: 'Customer' } },
    },
  },
  createOrder: {
    reservedInstance: {
      summary: 'An Azure reserved instance (example 24, camelCase)',
      value: {
        billingCycle: 'one_time',
        currencyCode: 'USD',
        lineItems: [
          {
            lineItemNumber: 0,
            provisioningContext: {
              subscriptionId: '3D5ECED6-1151-44C7-AEE6-70A4BB725666',
              scope: 'shared',
              duration: '1Year',
            },
            offerId: 'DZH318Z0BQ4B:0047:DZH318Z0DSM8',
            friendlyName: 'A_sample_Azure_RI',
            quantity: 1,
          },
        ],
      },
    },
  },
  updateOrder: {
    cancel: {
      summary: 'Cancel an order in the integration sandbox (example 19, without its trailing comma)',
      value: { id: 'UKXASSO1dezh3HdxClHxSp5UEFXGbAnt1', status: 'cancelled' },
    },
  },
  updateSubscription: {
    suspend: {
      summary: 'Suspend a subscription (example 28: the writable fields, camelCase)',
      value: {
        id: '83ef9d05-4169-4ef9-9657-0e86b1eab1de',
        friendlyName: 'nickname',
        quantity: 2,
        status: 'suspended',
        autoRenewEnabled: false,
        attributes: { etag: '<etag>', objectType: 'Subscription' },
      },
    },
  },
};

/** Response bodies, by operationId and status. */
export const RESPONSE_EXAMPLES: Record<string, Record<string, Examples>> = {
  getCustomer: { '200': { docs: { summary: 'A customer (example 6)', value: CUSTOMER } } },
  listCustomers: {
    '200': {
      docs: {
        summary: 'Two customers (example 8)',
        value: {
          totalCount: 2,
          items: [listItem('b44bb1fb-c595-45b0-9e09-d657365580bf'), listItem('45c44870-ef77-4fdd-b6fe-3dacb075cff2')],
          links: selfLink('/v1/customers?size=40'),
          attributes: { objectType: 'Collection' },
        },
      },
    },
  },
  getRelationshipRequest: {
    '200': {
      docs: {
        summary: 'The invitation URL (example 33)',
        value: {
          url: 'https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&partnerId=3b33e682-00c3-41ee-9dd2-a548adf56438&msppId=0&DAP=false#/BillingAccounts/partner-invitation',
          attributes: { objectType: 'RelationshipRequest' },
        },
      },
    },
  },
};

/** Error bodies for the pipeline's shared responses, by status. */
export const PARTNER_CENTER_ERROR_EXAMPLES: Record<string, Examples> = {
  '400': {
    badId: {
      summary: 'A tenant id that is not a GUID (example 35)',
      value: { code: 2000, description: 'Tenant Id must be a GUID.', data: [], source: 'PartnerApiServiceControllers' },
    },
  },
  '401': {
    noToken: {
      summary: 'No bearer token',
      value: {
        code: 800001,
        description: 'Partner Token missing in request context',
        data: ['An Authorization: Bearer token is required.'],
        source: 'PartnerFD',
      },
    },
  },
  '403': {
    appOnly: {
      summary: 'An App-only token where App+User is needed',
      value: {
        code: 900150,
        description: 'The supplied role does not have the rights to perform the requested operation',
        data: [],
        source: 'PartnerFD',
      },
    },
  },
  '404': {
    notFound: {
      summary: 'Not found (example 36)',
      value: {
        code: 3000,
        description: 'Partner Organization with partner_id 9999999 could not be found',
        data: [],
        source: 'PartnerFD',
      },
    },
  },
};

/** Example 38. */
export const THROTTLE_EXAMPLE: Example = {
  summary: 'The gateway’s throttle body (example 38)',
  value: { statusCode: 429, message: 'Rate limit is exceeded. Try again in 57 seconds.' },
};

/** Examples 40 and 41, for Partner Center's audience instead of AAD Graph. */
export const TOKEN_EXAMPLES = {
  request: {
    clientCredentials: {
      summary: 'App-only (example 40, asking for Partner Center)',
      value: {
        grant_type: 'client_credentials',
        client_id: '{client-id-here}',
        client_secret: '{client-secret-here}',
        scope: 'https://api.partnercenter.microsoft.com/.default',
      },
    },
    password: {
      summary: 'App+User with a user name and password',
      value: {
        grant_type: 'password',
        client_id: '{client-id-here}',
        client_secret: '{client-secret-here}',
        username: 'admin@contoso.onmicrosoft.com',
        password: '{password}',
        scope: 'https://api.partnercenter.microsoft.com/user_impersonation offline_access',
      },
    },
  } satisfies Examples,
  response: {
    appOnly: {
      summary: 'App-only (example 41, with integer lifetimes as Entra ID’s v2 endpoint sends them)',
      value: {
        token_type: 'Bearer',
        expires_in: 3600,
        ext_expires_in: 3600,
        scope: 'https://api.partnercenter.microsoft.com/.default',
        access_token: 'value-has-been-removed',
      },
    },
  } satisfies Examples,
};
