/**
 * @module The request examples of Microsoft's documentation (spec/examples.md), sent as they are
 * published: PascalCase bodies, trailing commas, nulls, no Content-Type, with only the ids
 * substituted. Each must be accepted, and each response must carry the documented fields.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CollectionSchema,
  CustomerSchema,
  EntitlementSchema,
  OrderSchema,
  RELATIONSHIP_TO_PARTNER,
  RelationshipRequestSchema,
  SAMPLE_ADDRESS,
  SubscriptionSchema,
} from '@partnerbox/contract';
import { customerBody, OFFERS, uniqueLabel } from '../fixtures.js';
import type { ApiResponse } from '../http.js';
import { schemaErrors } from '../schema.js';
import type { Suite } from '../suite.js';
import { appToken, buy, createCustomer, expectError, until, untilOrderStatus, userToken } from './helpers.js';

// ---- Request bodies, verbatim from examples.md (ids and the test domain substituted) ----

/** #12 Create a customer (PascalCase, trailing commas). `xyz` becomes a label unique to the run. */
const createCustomerExample = (label: string) => `{
    "CompanyProfile": {
        "Domain": "${label}.ccsctp.net",
    },
    "BillingProfile": {
        "Culture": "EN-US",
        "Email": "test@outlook.com",
        "Language": "en",
        "CompanyName": "test company",
        "DefaultAddress": {
            "FirstName": "Test",
            "LastName": "Test",
            "AddressLine1": "One Microsoft Way",
            "City": "Redmond",
            "State": "WA",
            "PostalCode": "98052",
            "Country": "US",
        }
    }
}`;

/** #10 Filter customers: the URL-encoded filter exactly as published. */
const FILTER_EXAMPLE =
  '/v1/customers?size=0&filter=%7B%22Field%22%3A%22CompanyName%22%2C%22Value%22%3A%22Cont%22%2C%22Operator%22%3A%22starts_with%22%7D';

/** #19/#20 Cancel an order in the integration sandbox (trailing comma). */
const cancelOrderExample = (orderId: string) => `{
    "id": "${orderId}",
    "status": "cancelled",
}`;

/** #22 Cancel a software purchase's line item. */
const cancelLineItemExample = (orderId: string) => `{
    "id": "${orderId}",
    "status": "cancelled",
    "lineItems": [
        {
            "lineItemNumber": 0,
            "offerId": "DG7GMGF0FKZV:0003:DG7GMGF0DWMS"
        }
    ]
}`;

/** #24 Create an order for an Azure reserved VM instance (PascalCase). */
export const CREATE_RI_ORDER_EXAMPLE = `{
  "BillingCycle": "one_time",
  "CurrencyCode": "USD",
  "LineItems": [
    {
      "LineItemNumber": 0,
      "ProvisioningContext": {
        "subscriptionId": "3D5ECED6-1151-44C7-AEE6-70A4BB725666",
        "scope": "shared",
        "duration": "1Year"
      },
      "OfferId": "DZH318Z0BQ4B:0047:DZH318Z0DSM8",
      "FriendlyName": "A_sample_Azure_RI",
      "Quantity": 1
    }
  ]
}`;

/** #28 Suspend a subscription (PascalCase, nulls, the etag also in Attributes). */
const suspendSubscriptionExample = (subscriptionId: string, etag: string) => `{
    "Id": "${subscriptionId}",
    "FriendlyName": "nickname",
    "Quantity": 2,
    "UnitType": "none",
    "ParentSubscriptionId": null,
    "CreationDate": "2015-11-25T06:41:12Z",
    "EffectiveStartDate": "2015-11-24T08:00:00Z",
    "CommitmentEndDate": "2016-12-12T08:00:00Z",
    "Status": "suspended",
    "AutoRenewEnabled": false,
    "BillingType": "none",
    "PartnerId": null,
    "ContractType": "subscription",
    "OrderId": "6183db3d-6318-4e52-877e-25806e4971be",
    "Attributes": {
        "Etag": "${etag}",
        "ObjectType": "Subscription"
    }
}`;

/** #3 Remove a reseller relationship. */
const REMOVE_RELATIONSHIP_EXAMPLE = `{
    "relationshipToPartner":"none",
    "attributes":{
        "objectType":"Customer"
    }
}`;

/** #45 Remove delegated admin access (line breaks as rendered). */
const REMOVE_DAP_EXAMPLE = `{
"AllowDelegatedAccess":false,
"attributes":{
"objectType":"Customer"
}
}`;

const bytes = (text: string) => new TextEncoder().encode(text);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Link URIs are relative to the API root, with or without `/v1`. */
const uri = (path: string) => new RegExp(`^(/v1)?${path.replace(/[?]/g, '\\?')}$`, 'i');

function expectEchoedIds(response: ApiResponse, requestId: string, correlationId: string) {
  expect(response.headers.get('ms-requestid')).toBe(requestId);
  expect(response.headers.get('ms-correlationid')).toBe(correlationId);
}

function expectOrderFields(order: Record<string, unknown>, customerId: string) {
  expect(schemaErrors(OrderSchema, order)).toEqual([]);
  expect(order).toMatchObject({
    referenceCustomerId: customerId,
    currencyCode: 'USD',
    attributes: { objectType: 'Order' },
  });
  expect(order['id']).toEqual(expect.any(String));
  expect(order['creationDate']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  expect(['pending', 'completed', 'cancelled']).toContain(order['status']);
}

export const docExamplesSuite: Suite = (ctx, capabilities) => {
  describe('documentation examples', () => {
    let token: string;
    let customerId: string;
    let domain: string;
    let created: ApiResponse;
    const createRequestId = randomUUID();

    beforeAll(async () => {
      if (capabilities.control) await ctx.api.control.reset();
      token = await appToken(ctx);
      const label = uniqueLabel('doc');
      domain = `${label}.ccsctp.net`;
      created = await ctx.api.request('POST', '/v1/customers', {
        token,
        rawBody: createCustomerExample(label),
        headers: {
          'MS-RequestId': createRequestId,
          'MS-CorrelationId': 'ab993325-1605-4cf4-bac4-fb584142a31b',
          'X-Locale': 'en-US',
          'Content-Type': 'application/json',
        },
      });
      customerId = created.body?.id;
    });

    it('#12/#13 create a customer: the PascalCase body with trailing commas gets 201 and the documented fields', () => {
      expect(created.status).toBe(201);
      expect(schemaErrors(CustomerSchema, created.body)).toEqual([]);
      expectEchoedIds(created, createRequestId, 'ab993325-1605-4cf4-bac4-fb584142a31b');
      expect(created.headers.get('content-type')).toMatch(/^application\/json; charset=utf-8/i);
      const c = created.body;
      expect(c.id).toMatch(GUID);
      expect(c.commerceId).toMatch(GUID);
      expect(c.companyProfile).toMatchObject({
        tenantId: c.id,
        domain,
        attributes: { objectType: 'CustomerCompanyProfile' },
      });
      expect(c.billingProfile).toMatchObject({
        email: 'test@outlook.com',
        culture: 'en-US',
        language: 'en',
        companyName: 'test company',
        // The example's address is the one the sample body uses.
        defaultAddress: { ...SAMPLE_ADDRESS, firstName: 'Test', lastName: 'Test' },
        attributes: { objectType: 'CustomerBillingProfile' },
      });
      expect(c.billingProfile.id).toEqual(expect.any(String));
      expect(c.billingProfile.attributes.etag).toEqual(expect.any(String));
      expect(RELATIONSHIP_TO_PARTNER).toContain(c.relationshipToPartner);
      expect(c.userCredentials).toEqual({ userName: expect.any(String), password: expect.any(String) });
      expect(c.userCredentials.password.length).toBeGreaterThan(0);
      expect(c.attributes).toEqual({ objectType: 'Customer' });
    });

    it('#5/#6 get a customer by id: the documented fields, without user credentials', async () => {
      const correlationId = 'a176c585-b5de-4d65-824c-67a6deb45cd9';
      const requestId = randomUUID();
      const fetched = await ctx.api.request('GET', `/v1/customers/${customerId}`, {
        token,
        headers: { Accept: 'application/json', 'MS-CorrelationId': correlationId, 'MS-RequestId': requestId },
      });
      expect(fetched.status).toBe(200);
      expectEchoedIds(fetched, requestId, correlationId);
      expect(schemaErrors(CustomerSchema, fetched.body)).toEqual([]);
      const c = fetched.body;
      expect(c).toMatchObject({
        id: customerId,
        commerceId: created.body.commerceId,
        relationshipToPartner: 'reseller',
        allowDelegatedAccess: true,
        attributes: { objectType: 'Customer' },
      });
      expect(c.customDomains).toContain(domain);
      expect(c.links.self.uri).toMatch(uri(`/customers/${customerId}`));
      expect(c.links.self.method).toBe('GET');
      expect(c.companyProfile).toMatchObject({ tenantId: customerId, domain, companyName: 'test company' });
      expect(c.companyProfile.address).toMatchObject({ country: 'US', city: 'Redmond', postalCode: '98052' });
      expect(c.companyProfile.links.self.uri).toMatch(uri(`/customers/${customerId}/profiles/company`));
      expect(c.billingProfile).toMatchObject({
        id: created.body.billingProfile.id,
        email: 'test@outlook.com',
        culture: 'en-US',
        language: 'en',
        companyName: 'test company',
        defaultAddress: { country: 'US', city: 'Redmond', state: 'WA', firstName: 'Test', lastName: 'Test' },
        attributes: { objectType: 'CustomerBillingProfile' },
      });
      expect(c.billingProfile.links.self.uri).toMatch(uri(`/customers/${customerId}/profiles/billing`));
      expect(c.billingProfile.attributes.etag).toEqual(expect.any(String));
      expect(c.userCredentials).toBeUndefined();
    });

    it('#7/#8 list customers with size=40: a collection whose items carry only the list fields', async () => {
      const listed = await ctx.api.request('GET', '/v1/customers?size=40', {
        token,
        headers: { 'MS-RequestId': randomUUID(), 'MS-CorrelationId': 'b12260fb-82de-4701-a25f-dcd367690645' },
      });
      expect(listed.status).toBe(200);
      expect(schemaErrors(CollectionSchema(CustomerSchema, 'Customers'), listed.body)).toEqual([]);
      expect(listed.body.totalCount).toBe(listed.body.items.length);
      expect(listed.body.items.length).toBeLessThanOrEqual(40);
      expect(listed.body.attributes).toEqual({ objectType: 'Collection' });
      expect(listed.body.links.self.uri).toMatch(/^(\/v1)?\/customers\?(.*&)?size=40(&|$)/);
      const item = listed.body.items.find((i: { id: string }) => i.id === customerId);
      expect(item).toBeDefined();
      expect(item).toMatchObject({
        id: customerId,
        companyProfile: { tenantId: customerId, domain, companyName: 'test company' },
        relationshipToPartner: 'reseller',
        attributes: { objectType: 'Customer' },
      });
      expect(item.companyProfile.attributes.objectType).toBe('CustomerCompanyProfile');
      for (const i of listed.body.items) {
        expect(i.billingProfile).toBeUndefined();
        expect(i.userCredentials).toBeUndefined();
      }
    });

    it('#10/#11 filter customers by company name with the published URL-encoded filter', async () => {
      const contoso = await createCustomer(ctx, token);
      const fabrikam = await ctx.api.request('POST', '/v1/customers', {
        token,
        body: customerBody({ companyName: `Fabrikam ${uniqueLabel()}` }),
      });
      expect(fabrikam.status).toBe(201);
      const filtered = await ctx.api.request('GET', FILTER_EXAMPLE, {
        token,
        headers: {
          Accept: 'application/json',
          'MS-RequestId': randomUUID(),
          'MS-CorrelationId': 'a2a912ee-d595-47e2-97ae-1b0ae1efa13d',
          'X-Locale': 'en-US',
        },
      });
      expect(filtered.status).toBe(200);
      expect(schemaErrors(CollectionSchema(CustomerSchema, 'Customers'), filtered.body)).toEqual([]);
      expect(filtered.body.totalCount).toBe(filtered.body.items.length);
      const ids = filtered.body.items.map((i: { id: string }) => i.id);
      expect(ids).toContain(contoso);
      expect(ids).not.toContain(fabrikam.body.id);
      expect(ids).not.toContain(customerId);
      for (const item of filtered.body.items) {
        expect(item.companyProfile.companyName.toLowerCase().startsWith('cont')).toBe(true);
        expect(item.companyProfile.tenantId).toBe(item.id);
        expect(item.links.self.uri).toMatch(uri(`/customers/${item.id}`));
      }
      expect(filtered.body.links.self.uri).toMatch(/[?&]filter=/);
    });

    describe('purchases', () => {
      let riOrder: Record<string, unknown> & { id: string };
      const softwareOrders: { perpetual?: string; subscription?: string } = {};

      it('#24/#25 create an Azure reserved-instance order from the PascalCase body', async () => {
        const requestId = randomUUID();
        const response = await ctx.api.request('POST', `/v1/customers/${customerId}/orders`, {
          token,
          rawBody: CREATE_RI_ORDER_EXAMPLE,
          headers: { 'Content-Type': 'application/json', 'MS-RequestId': requestId },
        });
        expect(response.status).toBe(201);
        expect(response.headers.get('ms-requestid')).toBe(requestId);
        riOrder = response.body;
        expectOrderFields(riOrder, customerId);
        expect(riOrder['billingCycle']).toBe('one_time');
        expect(['pending', 'completed']).toContain(riOrder['status']);
        const [line] = response.body.lineItems;
        expect(line).toMatchObject({
          lineItemNumber: 0,
          offerId: 'DZH318Z0BQ4B:0047:DZH318Z0DSM8',
          friendlyName: 'A_sample_Azure_RI',
          quantity: 1,
        });
        expect(line.links.sku.uri).toMatch(/^(\/v1)?\/products\/DZH318Z0BQ4B\/skus\/0047/i);
        expect(response.body.links.self.uri).toMatch(uri(`/customers/${customerId}/orders/${riOrder.id}`));
        expect(response.body.links.provisioningStatus.uri).toMatch(
          uri(`/customers/${customerId}/orders/${riOrder.id}/provisioningstatus`),
        );
      });

      it('#14/#15 list entitlements: reserved instance and software, in the documented shape', async () => {
        softwareOrders.perpetual = (await buy(ctx, token, customerId, 'DG7GMGF0DWM3:0002:DG7GMGF0DWM4')).id;
        softwareOrders.subscription = (await buy(ctx, token, customerId, 'DG7GMGF0DWBQ:0003:DG7GMGF0DWBR')).id;
        const response = await ctx.api.request('GET', `/v1/customers/${customerId}/entitlements`, {
          token,
          headers: {
            Accept: 'application/json',
            'MS-RequestId': randomUUID(),
            'MS-CorrelationId': '799eee8d-07d1-452a-a035-388259df137c',
            'X-Locale': 'en-US',
          },
        });
        expect(response.status).toBe(200);
        expect(schemaErrors(CollectionSchema(EntitlementSchema, 'Entitlements'), response.body)).toEqual([]);
        expect(response.body.totalCount).toBe(response.body.items.length);
        expect(response.body.attributes).toEqual({ objectType: 'Collection' });
        const byOrder = (id: string | undefined) =>
          response.body.items.find((e: { referenceOrder: { id: string } }) => e.referenceOrder.id === id);
        const ri = byOrder(riOrder.id);
        expect(ri).toMatchObject({
          includedEntitlements: [],
          referenceOrder: { id: riOrder.id, lineItemId: '0' },
          productId: 'DZH318Z0BQ4B',
          skuId: '0047',
          quantity: 1,
          entitlementType: 'reservedinstance',
          dynamicAttributes: { reservationType: 'virtualmachines' },
        });
        expect(ri.entitledArtifacts).toHaveLength(1);
        expect(ri.entitledArtifacts[0]).toMatchObject({
          artifactType: 'reservedinstance',
          resourceId: expect.any(String),
        });
        expect(ri.entitledArtifacts[0].link.uri).toMatch(
          new RegExp(`^(/v1)?/customers/${customerId}/artifacts/reservedinstance/`, 'i'),
        );
        const software = byOrder(softwareOrders.perpetual);
        expect(software).toMatchObject({
          referenceOrder: { id: softwareOrders.perpetual, lineItemId: '0' },
          productId: 'DG7GMGF0DWM3',
          skuId: '0002',
          entitledArtifacts: [],
          entitlementType: 'software',
        });
        expect(software.includedEntitlements.length).toBeGreaterThan(0);
        for (const included of software.includedEntitlements) {
          expect(included.referenceOrder.id).toBe(softwareOrders.perpetual);
          expect(included.entitlementType).toBe('software');
          expect(included.includedEntitlements).toEqual([]);
        }
      });

      it('#16/#17 entitlementtype=software&showExpiry=true lists software only, with expiry dates', async () => {
        const response = await ctx.api.request(
          'GET',
          `/v1/customers/${customerId}/entitlements?entitlementtype=software&showExpiry=true`,
          {
            token,
            headers: {
              'MS-RequestId': randomUUID(),
              'MS-CorrelationId': 'd9eb8194-9b99-4057-a2fe-98bdf05f013c',
              'X-Locale': 'en-US',
            },
          },
        );
        expect(response.status).toBe(200);
        expect(schemaErrors(CollectionSchema(EntitlementSchema, 'Entitlements'), response.body)).toEqual([]);
        const items = response.body.items as {
          entitlementType: string;
          referenceOrder: { id: string };
          expiryDate?: string;
        }[];
        expect(items.map((e) => e.referenceOrder.id).sort()).toEqual(
          [softwareOrders.perpetual, softwareOrders.subscription].sort(),
        );
        for (const e of items) expect(e.entitlementType).toBe('software');
        const termed = items.find((e) => e.referenceOrder.id === softwareOrders.subscription);
        expect(termed?.expiryDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
        const without = await ctx.api.request(
          'GET',
          `/v1/customers/${customerId}/entitlements?entitlementtype=software`,
          {
            token,
          },
        );
        for (const e of without.body.items) expect(e.expiryDate).toBeUndefined();
      });

      it('#19/#20/#21 cancel an order: the trailing-comma body with no Content-Type is accepted', async () => {
        const ordered = await buy(ctx, token, customerId, OFFERS.perpetualSoftware);
        const requestId = randomUUID();
        const correlationId = '1438ea3d-b515-45c7-9ec1-27ee0cc8e6bd';
        const response = await ctx.api.request('PATCH', `/v1/customers/${customerId}/orders/${ordered.id}`, {
          token,
          rawBody: bytes(cancelOrderExample(ordered.id)),
          headers: { Accept: 'application/json', 'MS-RequestId': requestId, 'MS-CorrelationId': correlationId },
        });
        expect(response.status).toBe(200);
        expectEchoedIds(response, requestId, correlationId);
        expectOrderFields(response.body, customerId);
        expect(response.body).toMatchObject({
          id: ordered.id,
          alternateId: expect.any(String),
          billingCycle: 'one_time',
          currencySymbol: '$',
          transactionType: expect.any(String),
        });
        expect(['pending', 'cancelled']).toContain(response.body.status);
        const [line] = response.body.lineItems;
        expect(line).toMatchObject({
          lineItemNumber: 0,
          offerId: OFFERS.perpetualSoftware,
          friendlyName: expect.any(String),
          transactionType: expect.any(String),
        });
        expect(line.links.product.uri).toMatch(/^(\/v1)?\/products\/DG7GMGF0DWT0\?country=US$/i);
        expect(line.links.sku.uri).toMatch(/^(\/v1)?\/products\/DG7GMGF0DWT0\/skus\/0001\?country=US$/i);
        expect(line.links.availability.uri).toMatch(
          /^(\/v1)?\/products\/DG7GMGF0DWT0\/skus\/0001\/availabilities\/DG7GMGF0DSQR\?country=US$/i,
        );
        const done = await untilOrderStatus(ctx, capabilities, token, customerId, ordered.id, 'cancelled');
        expect(done.body.status).toBe('cancelled');
      });

      it('#22/#23 cancel one software line item: the others stay', async () => {
        const ordered = await ctx.api.request('POST', `/v1/customers/${customerId}/orders`, {
          token,
          body: {
            lineItems: [
              { lineItemNumber: 0, offerId: OFFERS.softwareSubscription, quantity: 1 },
              { lineItemNumber: 1, offerId: 'DG7GMGF0DVT7:000C:DG7GMGF0FVZM', quantity: 1 },
            ],
          },
        });
        expect(ordered.status).toBe(201);
        const orderId = ordered.body.id as string;
        await untilOrderStatus(ctx, capabilities, token, customerId, orderId, 'completed');
        const response = await ctx.api.request('PATCH', `/v1/customers/${customerId}/orders/${orderId}`, {
          token,
          rawBody: bytes(cancelLineItemExample(orderId)),
          headers: { Accept: 'application/json', 'MS-CorrelationId': '1438ea3d-b515-45c7-9ec1-27ee0cc8e6bd' },
        });
        expect(response.status).toBe(200);
        expectOrderFields(response.body, customerId);
        expect(response.body.id).toBe(orderId);
        const settled = await until(
          ctx,
          capabilities,
          () => ctx.api.request('GET', `/v1/customers/${customerId}/orders/${orderId}`, { token }),
          (r) => r.body.status === 'completed' && r.body.lineItems[0].quantity === 0,
        );
        expectOrderFields(settled.body, customerId);
        expect(settled.body.lineItems).toMatchObject([
          { lineItemNumber: 0, offerId: OFFERS.softwareSubscription, termDuration: 'P3Y', quantity: 0 },
          { lineItemNumber: 1, offerId: 'DG7GMGF0DVT7:000C:DG7GMGF0FVZM', termDuration: 'P3Y', quantity: 1 },
        ]);
        expect(settled.body.links.patchOperation).toMatchObject({ method: 'PATCH' });
        const entitlements = await ctx.api.request('GET', `/v1/customers/${customerId}/entitlements`, { token });
        const lines = entitlements.body.items
          .filter((e: { referenceOrder: { id: string } }) => e.referenceOrder.id === orderId)
          .map((e: { referenceOrder: { lineItemId: string } }) => e.referenceOrder.lineItemId);
        expect(lines).toEqual(['1']);
      });

      it('#28/#29 suspend a subscription: the PascalCase body with nulls and If-Match', async () => {
        const ordered = await buy(ctx, token, customerId, OFFERS.licence, 2);
        await untilOrderStatus(ctx, capabilities, token, customerId, ordered.id, 'completed');
        const subscriptionId = ordered.lineItems[0].subscriptionId as string;
        const path = `/v1/customers/${customerId}/subscriptions/${subscriptionId}`;
        const current = await ctx.api.request('GET', path, { token });
        expect(current.status).toBe(200);
        const etag = current.body.attributes.etag as string;
        const requestId = randomUUID();
        const response = await ctx.api.request('PATCH', path, {
          token,
          rawBody: suspendSubscriptionExample(subscriptionId, etag),
          headers: {
            Accept: 'application/json',
            'MS-RequestId': requestId,
            'MS-CorrelationId': 'ec8f62e5-1d92-47e9-8d5d-1924af105f2c',
            'If-Match': etag,
            'Content-Type': 'application/json',
          },
        });
        expect(response.status).toBe(200);
        expect(response.headers.get('ms-requestid')).toBe(requestId);
        expect(schemaErrors(SubscriptionSchema, response.body)).toEqual([]);
        const s = response.body;
        expect(s).toMatchObject({
          id: subscriptionId,
          offerId: OFFERS.licence,
          friendlyName: 'nickname',
          quantity: 2,
          status: 'suspended',
          autoRenewEnabled: false,
          contractType: 'subscription',
          orderId: ordered.id,
          attributes: { objectType: 'Subscription' },
        });
        for (const field of [
          'offerName',
          'unitType',
          'creationDate',
          'effectiveStartDate',
          'commitmentEndDate',
          'billingType',
        ])
          expect(s[field]).toEqual(expect.any(String));
        expect(s.attributes.etag).not.toBe(etag);
        expect(s.links.self.uri).toMatch(uri(`/customers/${customerId}/subscriptions/${subscriptionId}`));
        const stale = await ctx.api.request('PATCH', path, {
          token,
          rawBody: suspendSubscriptionExample(subscriptionId, etag),
          headers: { 'If-Match': etag, 'Content-Type': 'application/json' },
        });
        expectError(stale, 400, 2055);
      });
    });

    it('#32/#33 request a reseller relationship URL with an App+User token', async () => {
      const requestId = randomUUID();
      const response = await ctx.api.request('GET', '/v1/customers/relationshiprequests', {
        token: await userToken(ctx, capabilities),
        headers: {
          Accept: 'application/json',
          'MS-RequestId': requestId,
          'MS-CorrelationId': '02971f0f-1029-47b2-9fdb-1932f0987470',
          'X-Locale': 'en-US',
        },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('ms-requestid')).toBe(requestId);
      expect(schemaErrors(RelationshipRequestSchema, response.body)).toEqual([]);
      expect(response.body.attributes).toEqual({ objectType: 'RelationshipRequest' });
      const url = new URL(response.body.url);
      expect(url.protocol).toBe('https:');
      expect(url.searchParams.get('invType')).toBe('ResellerRelationship');
      expect(url.searchParams.get('partnerId')).toMatch(GUID);
    });

    it('#45 remove delegated admin access with the PascalCase AllowDelegatedAccess body', async () => {
      const id = await createCustomer(ctx, token);
      const response = await ctx.api.request('PATCH', `/v1/customers/${id}`, {
        token: await userToken(ctx, capabilities),
        rawBody: REMOVE_DAP_EXAMPLE,
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'MS-CorrelationId': '9b4bf2ca-f374-4d51-9113-781ca87b8380',
          'MS-RequestId': randomUUID(),
        },
      });
      expect(response.status).toBe(200);
      expect(schemaErrors(CustomerSchema, response.body)).toEqual([]);
      expect(response.body).toMatchObject({
        id,
        allowDelegatedAccess: false,
        relationshipToPartner: 'reseller',
        attributes: { objectType: 'Customer' },
      });
      const fetched = await ctx.api.request('GET', `/v1/customers/${id}`, { token });
      expect(fetched.body.allowDelegatedAccess).toBe(false);
    });

    it('#3/#4 remove the reseller relationship', async () => {
      const id = await createCustomer(ctx, token);
      const correlationId = '9b4bf2ca-f374-4d51-9113-781ca87b8380';
      const requestId = randomUUID();
      const response = await ctx.api.request('PATCH', `/v1/customers/${id}`, {
        token: await userToken(ctx, capabilities),
        rawBody: REMOVE_RELATIONSHIP_EXAMPLE,
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'MS-CorrelationId': correlationId,
          'MS-RequestId': requestId,
        },
      });
      expect(response.status).toBe(200);
      expectEchoedIds(response, requestId, correlationId);
      expect(schemaErrors(CustomerSchema, response.body)).toEqual([]);
      expect(response.body.relationshipToPartner).toBe('none');
      expect(response.body.attributes.objectType).toBe('Customer');
    });

    it('#1/#2 delete a customer from the integration sandbox: 204, empty, echoing the request ids', async () => {
      const id = await createCustomer(ctx, token);
      const requestId = randomUUID();
      const correlationId = '1438ea3d-b515-45c7-9ec1-27ee0cc8e6bd';
      const response = await ctx.api.request('DELETE', `/v1/customers/${id}`, {
        token,
        headers: { Accept: 'application/json', 'MS-RequestId': requestId, 'MS-CorrelationId': correlationId },
      });
      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      expectEchoedIds(response, requestId, correlationId);
      expectError(await ctx.api.request('GET', `/v1/customers/${id}`, { token }), 404, 20002);
    });
  });
};
