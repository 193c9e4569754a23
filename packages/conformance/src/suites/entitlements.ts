/**
 * @module Entitlements: what reserved-instance and software orders entitle a customer to, the
 * `entitlementType` filter (case-insensitive, with the legacy reserved-instance alias),
 * `showExpiry`, bundles' `includedEntitlements`, and 900126 for an unknown type.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { CollectionSchema, EntitlementSchema } from '@partnerbox/contract';
import { OFFERS } from '../fixtures.js';
import type { ApiResponse } from '../http.js';
import { schemaErrors } from '../schema.js';
import type { Suite } from '../suite.js';
import { appToken, buy, createCustomer, expectError } from './helpers.js';

const DAY_MS = 86_400_000;

interface EntitlementBody {
  includedEntitlements: EntitlementBody[];
  referenceOrder: { id: string; lineItemId: string; alternateId?: string };
  productId: string;
  skuId: string;
  quantity: number;
  quantityDetails?: { quantity: number; status: string }[];
  entitlementType: string;
  entitledArtifacts: { artifactType: string; resourceId?: string; link?: { uri: string } }[];
  dynamicAttributes?: Record<string, unknown>;
  expiryDate?: string;
}

export const entitlementSuite: Suite = (ctx, capabilities) => {
  describe('entitlements', () => {
    let token: string;
    let customerId: string;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- order bodies are read loosely
    let orders: Record<'ri' | 'perpetual' | 'software' | 'licence', any>;
    beforeAll(async () => {
      if (capabilities.control) await ctx.api.control.reset();
      token = await appToken(ctx);
      customerId = await createCustomer(ctx, token);
      orders = {
        ri: await buy(ctx, token, customerId, OFFERS.reservedInstance, 2),
        perpetual: await buy(ctx, token, customerId, OFFERS.perpetualSoftware, 3),
        software: await buy(ctx, token, customerId, OFFERS.softwareSubscription, 1),
        licence: await buy(ctx, token, customerId, OFFERS.licence, 5),
      };
    });

    async function list(query = '', id = customerId): Promise<ApiResponse> {
      const response = await ctx.api.request('GET', `/v1/customers/${id}/entitlements${query}`, { token });
      if (response.status === 200)
        expect(schemaErrors(CollectionSchema(EntitlementSchema, 'Entitlements'), response.body)).toEqual([]);
      return response;
    }
    const items = (response: ApiResponse) => response.body.items as EntitlementBody[];
    const byOrder = (response: ApiResponse, orderId: string) =>
      items(response).find((e) => e.referenceOrder.id === orderId);

    it('lists reserved-instance and software entitlements in the documented shape; licences have none', async () => {
      const all = await list();
      expect(all.status).toBe(200);
      expect(all.body.totalCount).toBe(3);
      expect(all.body.attributes.objectType).toBe('Collection');
      expect(byOrder(all, orders.licence.id)).toBeUndefined();

      const ri = byOrder(all, orders.ri.id);
      expect(ri).toMatchObject({
        includedEntitlements: [],
        referenceOrder: { id: orders.ri.id, lineItemId: '0', alternateId: orders.ri.alternateId },
        productId: 'DZH318Z0BQ4B',
        skuId: '0047',
        quantity: 2,
        quantityDetails: [{ quantity: 2, status: 'fulfilled' }],
        entitlementType: 'reservedinstance',
        dynamicAttributes: { reservationType: 'virtualmachines' },
      });
      expect(ri?.entitledArtifacts).toHaveLength(1);
      expect(ri?.entitledArtifacts[0]?.artifactType).toBe('reservedinstance');
      expect(ri?.entitledArtifacts[0]?.resourceId).toMatch(/^[0-9a-f-]{36}$/i);
      expect(ri?.entitledArtifacts[0]?.link?.uri).toContain(`/customers/${customerId}/artifacts/reservedinstance/`);

      expect(byOrder(all, orders.perpetual.id)).toMatchObject({
        includedEntitlements: [],
        referenceOrder: { id: orders.perpetual.id, lineItemId: '0' },
        productId: 'DG7GMGF0DWT0',
        skuId: '0001',
        quantity: 3,
        quantityDetails: [{ quantity: 3, status: 'fulfilled' }],
        entitlementType: 'software',
        entitledArtifacts: [],
      });
      expect(byOrder(all, orders.software.id)).toMatchObject({
        productId: 'DG7GMGF0FKZV',
        skuId: '0003',
        entitlementType: 'software',
      });
      for (const entitlement of items(all)) expect(entitlement.expiryDate).toBeUndefined();
    });

    it('filters by entitlementType, case-insensitively, with virtualmachinereservedinstance as an alias', async () => {
      for (const type of ['software', 'SOFTWARE', 'Software']) {
        const software = await list(`?entitlementType=${type}`);
        expect(software.status).toBe(200);
        expect(
          items(software)
            .map((e) => e.referenceOrder.id)
            .sort(),
        ).toEqual([orders.perpetual.id, orders.software.id].sort());
        expect(new Set(items(software).map((e) => e.entitlementType))).toEqual(new Set(['software']));
      }
      for (const type of [
        'reservedInstance',
        'reservedinstance',
        'RESERVEDINSTANCE',
        'virtualmachinereservedinstance',
        'VirtualMachineReservedInstance',
      ]) {
        const reserved = await list(`?entitlementType=${type}`);
        expect(reserved.status).toBe(200);
        expect(items(reserved).map((e) => [e.referenceOrder.id, e.entitlementType])).toEqual([
          [orders.ri.id, 'reservedinstance'],
        ]);
      }
      // The docs' own request spells the parameter entitlementtype.
      const docs = await list('?entitlementtype=software&showExpiry=true');
      expect(items(docs).map((e) => e.entitlementType)).toEqual(['software', 'software']);
    });

    it('adds expiryDate to software subscriptions with showExpiry=true, and not to perpetual software', async () => {
      for (const query of ['', '?showExpiry=false', '?entitlementType=software']) {
        const plain = await list(query);
        for (const entitlement of items(plain)) expect(entitlement.expiryDate).toBeUndefined();
      }
      const withExpiry = await list('?showExpiry=true');
      const software = byOrder(withExpiry, orders.software.id);
      expect(software?.expiryDate).toEqual(expect.any(String));
      // A three-year term: expiry about three years after the purchase.
      const years = (Date.parse(software?.expiryDate ?? '') - Date.parse(orders.software.creationDate)) / DAY_MS;
      expect(years).toBeGreaterThanOrEqual(3 * 365 - 2);
      expect(years).toBeLessThanOrEqual(3 * 366);
      expect(byOrder(withExpiry, orders.perpetual.id)?.expiryDate).toBeUndefined();
    });

    if (capabilities.control) {
      it('lists the products a bundle includes under includedEntitlements', async () => {
        const id = await createCustomer(ctx, token);
        const perpetualBundle = await buy(ctx, token, id, 'DG7GMGF0DWTK:0002:DG7GMGF0DWTL');
        const subscriptionBundle = await buy(ctx, token, id, 'DG7GMGF0DWBQ:0003:DG7GMGF0DWBR');
        const all = await list('?showExpiry=true', id);
        expect(all.body.totalCount).toBe(2);

        const perpetual = byOrder(all, perpetualBundle.id);
        expect(perpetual).toMatchObject({ productId: 'DG7GMGF0DWTK', skuId: '0002', entitlementType: 'software' });
        expect(perpetual?.expiryDate).toBeUndefined();
        expect(perpetual?.includedEntitlements.map((e) => [e.productId, e.skuId])).toEqual([
          ['DG7GMGF0DWTJ', '0001'],
          ['DG7GMGF0DWLG', '0002'],
        ]);
        for (const included of perpetual?.includedEntitlements ?? []) {
          expect(included.referenceOrder).toEqual(perpetual?.referenceOrder);
          expect(included.entitlementType).toBe('software');
          expect(included.includedEntitlements).toEqual([]);
          expect(included.entitledArtifacts).toEqual([]);
        }

        const subscription = byOrder(all, subscriptionBundle.id);
        expect(subscription).toMatchObject({ productId: 'DG7GMGF0DWBQ', skuId: '0003', entitlementType: 'software' });
        expect(subscription?.expiryDate).toEqual(expect.any(String));
        expect(subscription?.includedEntitlements.map((e) => [e.productId, e.skuId])).toEqual([
          ['DG7GMGF0DWV1', '0002'],
          ['DG7GMGF0DWV2', '0002'],
        ]);
      });
    }

    it('refuses an unknown entitlementType with 400 900126 and a showExpiry that is not a boolean with 800002', async () => {
      const unknown = await list('?entitlementType=hardware');
      expectError(unknown, 400, 900126);
      expect(unknown.body.description).toContain('Unable to parse enum: hardware');
      expect(unknown.body.data).toContain('hardware');
      expectError(await list('?showExpiry=maybe'), 400, 800002);
      expect((await list()).body.totalCount).toBe(3);
    });

    it('answers 404 20002 for an unknown customer and 400 900118 for an id that is not a GUID', async () => {
      expectError(await list('', randomUUID()), 404, 20002);
      expectError(await list('', 'customer-1'), 400, 900118);
    });
  });
};
