/**
 * @module `/v1/customers/{id}/orders`: list, create from the sandbox catalog (replayed by
 * MS-RequestId), get, cancel (the integration sandbox's rules), and provisioning status.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import {
  CollectionSchema,
  CreateOrderRequestSchema,
  OrderLineItemProvisioningStatusSchema,
  OrderSchema,
  PatchOrderRequestSchema,
  type CreateOrderRequest,
  type PatchOrderRequest,
} from '@partnerbox/contract';
import type { SandboxContext } from '../../context.js';
import { ORDER_ID } from '../../domain/ids.js';
import { cancelOrder, createOrder, requireOrder } from '../../domain/orders.js';
import { errors } from '../../errors.js';
import { collection, renderOrder, renderOrderProvisioningStatus } from '../render.js';
import { created, CustomerParams, customerIdFrom, errorResponses, ok, replayKey, security, send } from './common.js';
import { customerScope } from './customer-scope.js';

const OrderParams = Type.Object({ customerId: Type.String(), orderId: Type.String() });

/** Order ids are not GUIDs; one that cannot be an order id is an unknown order (404 20000). */
function orderIdFrom(raw: string): string {
  if (!ORDER_ID.test(raw)) throw errors.orderNotFound(raw);
  return raw;
}

export function orderRoutes(ctx: SandboxContext): FastifyPluginAsync {
  const { settings } = ctx;
  const customers = customerScope(ctx);
  return async (app) => {
    app.get<{ Params: { customerId: string } }>(
      '/customers/:customerId/orders',
      {
        schema: {
          tags: ['orders'],
          operationId: 'listOrders',
          summary: "List a customer's orders",
          security,
          params: CustomerParams,
          response: { 200: CollectionSchema(OrderSchema, 'OrderCollection'), ...errorResponses },
        },
      },
      async (request) => {
        const { aggregate, now } = await customers.read(request);
        return collection(
          aggregate.orders.map((o) => renderOrder(o, now)),
          `/customers/${aggregate.customer.id}/orders`,
        );
      },
    );

    app.post<{ Params: { customerId: string }; Body: CreateOrderRequest }>(
      '/customers/:customerId/orders',
      {
        schema: {
          tags: ['orders'],
          operationId: 'createOrder',
          summary: 'Create an order from the sandbox catalog (idempotent by MS-RequestId)',
          security,
          params: CustomerParams,
          body: CreateOrderRequestSchema,
          response: { 201: OrderSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const now = await ctx.now(request.control);
        const partnerKind = request.principal.partner.kind;
        const customerId = customerIdFrom(request.params.customerId);
        const answer = await customers.mutate(
          request,
          (aggregate) => {
            const { order, subscriptions } = createOrder(aggregate, request.body, {
              partnerKind,
              now,
              provisioningDelayMs: settings.provisioningDelayMs,
            });
            return {
              changes: { insert: { orders: [order], subscriptions } },
              result: created(renderOrder(order, now)),
            };
          },
          // Scoped to the customer: one MS-RequestId reused on another customer is another call.
          replayKey(request, now, 'create-order', customerId),
        );
        return send(reply, answer);
      },
    );

    app.get<{ Params: { customerId: string; orderId: string } }>(
      '/customers/:customerId/orders/:orderId',
      {
        schema: {
          tags: ['orders'],
          operationId: 'getOrder',
          summary: 'Get an order',
          security,
          params: OrderParams,
          response: { 200: OrderSchema, ...errorResponses },
        },
      },
      async (request) => {
        const orderId = orderIdFrom(request.params.orderId);
        const { aggregate, now } = await customers.read(request);
        return renderOrder(requireOrder(aggregate, orderId), now);
      },
    );

    app.patch<{ Params: { customerId: string; orderId: string }; Body: PatchOrderRequest }>(
      '/customers/:customerId/orders/:orderId',
      {
        schema: {
          tags: ['orders'],
          operationId: 'updateOrder',
          summary: 'Cancel an order, or some of its line items (asynchronous: pending, then cancelled)',
          security,
          params: OrderParams,
          body: PatchOrderRequestSchema,
          response: { 200: OrderSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const orderId = orderIdFrom(request.params.orderId);
        const now = await ctx.now(request.control);
        const partnerKind = request.principal.partner.kind;
        const customerId = customerIdFrom(request.params.customerId);
        const answer = await customers.mutate(
          request,
          (aggregate) => {
            const updated = cancelOrder(aggregate, orderId, request.body, {
              partnerKind,
              now,
              cancellationDelayMs: settings.cancellationDelayMs,
            });
            const order = updated ?? requireOrder(aggregate, orderId);
            return { changes: updated ? { update: { orders: [updated] } } : {}, result: ok(renderOrder(order, now)) };
          },
          replayKey(request, now, 'update-order', `${customerId}/${orderId}`),
        );
        return send(reply, answer);
      },
    );

    app.get<{ Params: { customerId: string; orderId: string } }>(
      '/customers/:customerId/orders/:orderId/provisioningstatus',
      {
        schema: {
          tags: ['orders'],
          operationId: 'getOrderProvisioningStatus',
          summary: "Get the provisioning status of an order's line items",
          security,
          params: OrderParams,
          response: {
            200: CollectionSchema(OrderLineItemProvisioningStatusSchema, 'OrderProvisioningStatusCollection'),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const orderId = orderIdFrom(request.params.orderId);
        const { aggregate, now } = await customers.read(request);
        return collection(renderOrderProvisioningStatus(requireOrder(aggregate, orderId), now));
      },
    );
  };
}
