/** @module `/v1/customers/{id}/entitlements`: what a customer's reserved-instance and software purchases entitle it to. */
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import {
  CollectionSchema,
  EntitlementSchema,
  EntitlementTypeFilterSchema,
  entitlementTypeOf,
} from '@partnerbox/contract';
import type { SandboxContext } from '../../context.js';
import { deriveEntitlements } from '../../domain/entitlements.js';
import { collection, renderEntitlement } from '../render.js';
import { CustomerParams, errorResponses, security } from './common.js';
import { customerScope } from './customer-scope.js';

export function entitlementRoutes(ctx: SandboxContext): FastifyPluginAsync {
  const customers = customerScope(ctx);
  return async (app) => {
    app.get<{ Params: { customerId: string }; Querystring: { entitlementType?: string; showExpiry?: boolean } }>(
      '/customers/:customerId/entitlements',
      {
        schema: {
          tags: ['entitlements'],
          operationId: 'listEntitlements',
          summary: "List a customer's entitlements (reserved instances and software)",
          security,
          params: CustomerParams,
          querystring: Type.Object({
            entitlementType: Type.Optional(EntitlementTypeFilterSchema),
            showExpiry: Type.Optional(Type.Boolean()),
          }),
          response: { 200: CollectionSchema(EntitlementSchema, 'EntitlementCollection'), ...errorResponses },
        },
      },
      async (request) => {
        const { aggregate, now } = await customers.read(request);
        const filter = request.query.entitlementType;
        const type = filter === undefined ? undefined : entitlementTypeOf(filter);
        const items = deriveEntitlements(aggregate, now, type).map((e) =>
          renderEntitlement(e, request.query.showExpiry === true),
        );
        return collection(items);
      },
    );
  };
}
