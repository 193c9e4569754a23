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
import { assertVisible } from '../../domain/customers.js';
import { deriveEntitlements } from '../../domain/entitlements.js';
import { cancelOrder, createOrder } from '../../domain/orders.js';
import type { CustomerAggregate } from '../../domain/records.js';
import { updateSubscription } from '../../domain/subscriptions.js';
import { errors } from '../../errors.js';
import type { Mutation } from '../../store/store.js';
import {
  collection,
  renderEntitlement,
  renderOrder,
  renderOrderProvisioningStatus,
  renderSubscription,
  renderSubscriptionProvisioningStatus,
} from '../render.js';
import {
  CustomerParams,
  customerIdFrom,
  errorResponses,
  idempotencyKey,
  security,
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
    const [aggregate, now] = await Promise.all([
      store.getCustomerAggregate(request.principal.partner.id, customerId),
      ctx.now(),
    ]);
    assertVisible(aggregate?.customer);
    return { aggregate: aggregate as CustomerAggregate, now };
  }

  /** Runs a mutation on a visible customer; 404 20002 when it is missing or hidden. */
  async function mutate<T>(
    request: CustomerRequest,
    fn: (aggregate: CustomerAggregate) => Mutation<T>,
    operation?: string,
  ) {
    const customerId = customerIdFrom(request.params.customerId);
    const outcome = await store.mutateCustomer(
      request.principal.partner.id,
      customerId,
      (aggregate) => {
        assertVisible(aggregate.customer);
        return fn(aggregate);
      },
      operation ? idempotencyKey(request, operation) : undefined,
    );
    if (outcome.kind === 'missing') throw errors.noRelationship();
    return outcome;
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
        const outcome = await mutate(
          request,
          (aggregate) => {
            const { order, subscriptions } = createOrder(aggregate, request.body, {
              partnerKind,
              now,
              provisioningDelayMs: settings.provisioningDelayMs,
            });
            return {
              changes: { insert: { orders: [order], subscriptions } },
              result: { status: 201, body: renderOrder(order, now) as unknown },
            };
          },
          // Scoped to the customer: one MS-RequestId reused on another customer is another call.
          `create-order:${customerIdFrom(request.params.customerId)}`,
        );
        const response =
          outcome.kind === 'replayed' ? outcome.response : outcome.kind === 'done' ? outcome.result : undefined;
        if (!response) throw errors.noRelationship();
        return reply.code(response.status).send(response.body);
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
        const order = aggregate.orders.find((o) => o.id === orderId);
        if (!order) throw errors.orderNotFound(orderId);
        return renderOrder(order, now);
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
      async (request) => {
        const orderId = orderIdFrom(request.params.orderId);
        const now = await ctx.now();
        const partnerKind = request.principal.partner.kind;
        const outcome = await mutate(request, (aggregate) => {
          const updated = cancelOrder(aggregate, orderId, request.body, {
            partnerKind,
            now,
            cancellationDelayMs: settings.cancellationDelayMs,
          });
          const order = updated ?? aggregate.orders.find((o) => o.id === orderId);
          return { changes: updated ? { update: { orders: [updated] } } : {}, result: order };
        });
        if (outcome.kind !== 'done' || !outcome.result) throw errors.orderNotFound(orderId);
        return renderOrder(outcome.result, now);
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
        const order = aggregate.orders.find((o) => o.id === orderId);
        if (!order) throw errors.orderNotFound(orderId);
        return collection(renderOrderProvisioningStatus(order, now));
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
        const subscription = aggregate.subscriptions.find((s) => s.id === subscriptionId);
        if (!subscription) throw errors.subscriptionNotFound(subscriptionId);
        return renderSubscription(subscription, aggregate, now);
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
      async (request) => {
        const subscriptionId = subscriptionIdFrom(request.params.subscriptionId);
        const now = await ctx.now();
        const partnerKind = request.principal.partner.kind;
        const ifMatchHeader = request.headers['if-match'];
        const ifMatch = Array.isArray(ifMatchHeader) ? ifMatchHeader[0] : ifMatchHeader;
        const outcome = await mutate(request, (aggregate) => {
          const updated = updateSubscription(aggregate, subscriptionId, request.body, {
            partnerKind,
            now,
            ...(ifMatch ? { ifMatch } : {}),
          });
          const current = aggregate.subscriptions.find((s) => s.id === subscriptionId);
          const subscription = updated ?? current;
          const after: CustomerAggregate = updated
            ? {
                ...aggregate,
                subscriptions: aggregate.subscriptions.map((s) => (s.id === subscriptionId ? updated : s)),
              }
            : aggregate;
          return {
            changes: updated ? { update: { subscriptions: [updated] } } : {},
            result: subscription && renderSubscription(subscription, after, now),
          };
        });
        if (outcome.kind !== 'done' || !outcome.result) throw errors.subscriptionNotFound(subscriptionId);
        return outcome.result;
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
        const subscription = aggregate.subscriptions.find((s) => s.id === subscriptionId);
        if (!subscription) throw errors.subscriptionNotFound(subscriptionId);
        return renderSubscriptionProvisioningStatus(subscription, aggregate, now);
      },
    );
  };
}
