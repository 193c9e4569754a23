/**
 * @module `/v1/customers/{id}/entitlements`, `/orders` and `/subscriptions`: what a customer
 * bought, the sandbox cancellation of orders, and suspending or reactivating subscriptions.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import Type from 'typebox';
import {
  CollectionSchema,
  CreateOrderRequestSchema,
  EntitlementSchema,
  OrderLineItemProvisioningStatusSchema,
  OrderSchema,
  PatchOrderRequestSchema,
  SubscriptionProvisioningStatusSchema,
  SubscriptionSchema,
  UpdateSubscriptionRequestSchema,
  type CreateOrderRequest,
  type PatchOrderRequest,
  type UpdateSubscriptionRequest,
} from '@partnerbox/contract';
import type { SandboxContext } from '../../context.js';
import { visibleAggregate } from '../../domain/customers.js';
import { deriveEntitlements } from '../../domain/entitlements.js';
import { cancelOrder, createOrder, requireOrder } from '../../domain/orders.js';
import type { CustomerAggregate } from '../../domain/records.js';
import { requireSubscription, updateSubscription } from '../../domain/subscriptions.js';
import { errors } from '../../errors.js';
import type { Mutation, ReplayKey } from '../../store/store.js';
import {
  collection,
  renderEntitlement,
  renderOrder,
  renderOrderProvisioningStatus,
  renderSubscription,
  renderSubscriptionProvisioningStatus,
} from '../render.js';
import {
  created,
  CustomerParams,
  customerIdFrom,
  errorResponses,
  ok,
  replayKey,
  security,
  send,
  subscriptionIdFrom,
} from './common.js';

const OrderParams = Type.Object({ customerId: Type.String(), orderId: Type.String() });
const SubscriptionParams = Type.Object({ customerId: Type.String(), subscriptionId: Type.String() });
const ORDER_ID = /^[A-Za-z0-9_-]{1,64}$/;

type CustomerRequest = FastifyRequest<{ Params: { customerId: string } }>;

export function purchaseRoutes(ctx: SandboxContext): FastifyPluginAsync {
  const { store, settings } = ctx;

  /** Reads the aggregate of a customer the caller may see; 404 20002 otherwise. */
  async function aggregateFor(request: CustomerRequest): Promise<{ aggregate: CustomerAggregate; now: number }> {
    const customerId = customerIdFrom(request.params.customerId);
    const [found, now] = await Promise.all([
      store.getCustomerAggregate(request.principal.partner.id, customerId),
      ctx.now(),
    ]);
    return { aggregate: visibleAggregate(found), now };
  }

  /** Runs a mutation on a visible customer; 404 20002 when it is missing or hidden. */
  async function mutate<R>(
    request: CustomerRequest,
    fn: (aggregate: CustomerAggregate) => Mutation<R>,
    replay?: ReplayKey,
  ): Promise<R> {
    const customerId = customerIdFrom(request.params.customerId);
    return store.mutateCustomer(
      request.principal.partner.id,
      customerId,
      (found) => fn(visibleAggregate(found)),
      replay,
    );
  }

  function orderIdFrom(raw: string): string {
    if (!ORDER_ID.test(raw)) throw errors.orderNotFound(raw);
    return raw;
  }

  return async (app) => {
    app.get<{ Params: { customerId: string }; Querystring: { entitlementType?: string; showExpiry?: boolean } }>(
      '/customers/:customerId/entitlements',
      {
        schema: {
          tags: ['entitlements'],
          summary: "List a customer's entitlements (reserved instances and software)",
          security,
          params: CustomerParams,
          querystring: Type.Object({
            entitlementType: Type.Optional(
              Type.Enum(['software', 'reservedInstance', 'virtualMachineReservedInstance'], {
                description: 'Case-insensitive; virtualMachineReservedInstance is a legacy alias of reservedInstance.',
              }),
            ),
            showExpiry: Type.Optional(Type.Boolean()),
          }),
          response: { 200: CollectionSchema(EntitlementSchema, 'EntitlementCollection'), ...errorResponses },
        },
      },
      async (request) => {
        const { aggregate, now } = await aggregateFor(request);
        const filter = request.query.entitlementType?.toLowerCase();
        const type = filter === undefined ? undefined : filter === 'software' ? 'software' : 'reservedinstance';
        const items = deriveEntitlements(aggregate, now, type).map((e) =>
          renderEntitlement(e, request.query.showExpiry === true),
        );
        return collection(items);
      },
    );

    app.get<{ Params: { customerId: string } }>(
      '/customers/:customerId/orders',
      {
        schema: {
          tags: ['orders'],
          summary: "List a customer's orders",
          security,
          params: CustomerParams,
          response: { 200: CollectionSchema(OrderSchema, 'OrderCollection'), ...errorResponses },
        },
      },
      async (request) => {
        const { aggregate, now } = await aggregateFor(request);
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
          summary: 'Create an order from the sandbox catalog (idempotent by MS-RequestId)',
          security,
          params: CustomerParams,
          body: CreateOrderRequestSchema,
          response: { 201: OrderSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const now = await ctx.now();
        const partnerKind = request.principal.partner.kind;
        const customerId = customerIdFrom(request.params.customerId);
        const answer = await mutate(
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
          replayKey(request, 'create-order', customerId),
        );
        return send(reply, answer);
      },
    );

    app.get<{ Params: { customerId: string; orderId: string } }>(
      '/customers/:customerId/orders/:orderId',
      {
        schema: {
          tags: ['orders'],
          summary: 'Get an order',
          security,
          params: OrderParams,
          response: { 200: OrderSchema, ...errorResponses },
        },
      },
      async (request) => {
        const orderId = orderIdFrom(request.params.orderId);
        const { aggregate, now } = await aggregateFor(request);
        return renderOrder(requireOrder(aggregate, orderId), now);
      },
    );

    app.patch<{ Params: { customerId: string; orderId: string }; Body: PatchOrderRequest }>(
      '/customers/:customerId/orders/:orderId',
      {
        schema: {
          tags: ['orders'],
          summary: 'Cancel an order, or some of its line items (asynchronous: pending, then cancelled)',
          security,
          params: OrderParams,
          body: PatchOrderRequestSchema,
          response: { 200: OrderSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const orderId = orderIdFrom(request.params.orderId);
        const now = await ctx.now();
        const partnerKind = request.principal.partner.kind;
        const answer = await mutate(request, (aggregate) => {
          const updated = cancelOrder(aggregate, orderId, request.body, {
            partnerKind,
            now,
            cancellationDelayMs: settings.cancellationDelayMs,
          });
          const order = updated ?? requireOrder(aggregate, orderId);
          return { changes: updated ? { update: { orders: [updated] } } : {}, result: ok(renderOrder(order, now)) };
        });
        return send(reply, answer);
      },
    );

    app.get<{ Params: { customerId: string; orderId: string } }>(
      '/customers/:customerId/orders/:orderId/provisioningstatus',
      {
        schema: {
          tags: ['orders'],
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
        const { aggregate, now } = await aggregateFor(request);
        return collection(renderOrderProvisioningStatus(requireOrder(aggregate, orderId), now));
      },
    );

    app.get<{ Params: { customerId: string }; Querystring: { order_id?: string } }>(
      '/customers/:customerId/subscriptions',
      {
        schema: {
          tags: ['subscriptions'],
          summary: "List a customer's subscriptions, optionally those of one order",
          security,
          params: CustomerParams,
          querystring: Type.Object({ order_id: Type.Optional(Type.String()) }),
          response: { 200: CollectionSchema(SubscriptionSchema, 'SubscriptionCollection'), ...errorResponses },
        },
      },
      async (request) => {
        const { aggregate, now } = await aggregateFor(request);
        const orderId = request.query.order_id;
        const items = aggregate.subscriptions
          .filter((s) => orderId === undefined || s.orderId === orderId)
          .map((s) => renderSubscription(s, aggregate, now));
        return collection(items, `/customers/${aggregate.customer.id}/subscriptions`);
      },
    );

    app.get<{ Params: { customerId: string; subscriptionId: string } }>(
      '/customers/:customerId/subscriptions/:subscriptionId',
      {
        schema: {
          tags: ['subscriptions'],
          summary: 'Get a subscription',
          security,
          params: SubscriptionParams,
          response: { 200: SubscriptionSchema, ...errorResponses },
        },
      },
      async (request) => {
        const subscriptionId = subscriptionIdFrom(request.params.subscriptionId);
        const { aggregate, now } = await aggregateFor(request);
        return renderSubscription(requireSubscription(aggregate, subscriptionId), aggregate, now);
      },
    );

    app.patch<{ Params: { customerId: string; subscriptionId: string }; Body: UpdateSubscriptionRequest }>(
      '/customers/:customerId/subscriptions/:subscriptionId',
      {
        schema: {
          tags: ['subscriptions'],
          summary: 'Update a subscription: suspend (status suspended), reactivate (status active), quantity, name',
          security,
          params: SubscriptionParams,
          body: UpdateSubscriptionRequestSchema,
          response: { 200: SubscriptionSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const subscriptionId = subscriptionIdFrom(request.params.subscriptionId);
        const now = await ctx.now();
        const partnerKind = request.principal.partner.kind;
        const ifMatchHeader = request.headers['if-match'];
        const ifMatch = Array.isArray(ifMatchHeader) ? ifMatchHeader[0] : ifMatchHeader;
        const answer = await mutate(request, (aggregate) => {
          const updated = updateSubscription(aggregate, subscriptionId, request.body, {
            partnerKind,
            now,
            ...(ifMatch ? { ifMatch } : {}),
          });
          const after: CustomerAggregate = updated
            ? {
                ...aggregate,
                subscriptions: aggregate.subscriptions.map((s) => (s.id === subscriptionId ? updated : s)),
              }
            : aggregate;
          return {
            changes: updated ? { update: { subscriptions: [updated] } } : {},
            result: ok(renderSubscription(updated ?? requireSubscription(aggregate, subscriptionId), after, now)),
          };
        });
        return send(reply, answer);
      },
    );

    app.get<{ Params: { customerId: string; subscriptionId: string } }>(
      '/customers/:customerId/subscriptions/:subscriptionId/provisioningstatus',
      {
        schema: {
          tags: ['subscriptions'],
          summary: 'Get the provisioning status of a subscription',
          security,
          params: SubscriptionParams,
          response: { 200: SubscriptionProvisioningStatusSchema, ...errorResponses },
        },
      },
      async (request) => {
        const subscriptionId = subscriptionIdFrom(request.params.subscriptionId);
        const { aggregate, now } = await aggregateFor(request);
        return renderSubscriptionProvisioningStatus(requireSubscription(aggregate, subscriptionId), aggregate, now);
      },
    );
  };
}
