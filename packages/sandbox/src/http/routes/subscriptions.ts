/**
 * @module `/v1/customers/{id}/subscriptions`: list (optionally one order's), get, update
 * (suspend, reactivate, cancel new commerce and Azure plan, quantity, name, auto-renewal),
 * and provisioning status.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import {
  CollectionSchema,
  SubscriptionProvisioningStatusSchema,
  SubscriptionSchema,
  UpdateSubscriptionRequestSchema,
  type UpdateSubscriptionRequest,
} from '@partnerbox/contract';
import type { SandboxContext } from '../../context.js';
import { patchSubscription } from '../../domain/subscription-patch.js';
import { requireSubscription } from '../../domain/subscriptions.js';
import { collection, renderSubscription, renderSubscriptionProvisioningStatus } from '../render.js';
import {
  CustomerParams,
  customerIdFrom,
  errorResponses,
  ok,
  replayKey,
  security,
  send,
  subscriptionIdFrom,
} from './common.js';
import { customerScope } from './customer-scope.js';

const SubscriptionParams = Type.Object({ customerId: Type.String(), subscriptionId: Type.String() });

export function subscriptionRoutes(ctx: SandboxContext): FastifyPluginAsync {
  const customers = customerScope(ctx);
  return async (app) => {
    app.get<{ Params: { customerId: string }; Querystring: { order_id?: string } }>(
      '/customers/:customerId/subscriptions',
      {
        schema: {
          tags: ['subscriptions'],
          operationId: 'listSubscriptions',
          summary: "List a customer's subscriptions, optionally those of one order",
          security,
          params: CustomerParams,
          querystring: Type.Object({ order_id: Type.Optional(Type.String()) }),
          response: { 200: CollectionSchema(SubscriptionSchema, 'SubscriptionCollection'), ...errorResponses },
        },
      },
      async (request) => {
        const { aggregate, now } = await customers.read(request);
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
          operationId: 'getSubscription',
          summary: 'Get a subscription',
          security,
          params: SubscriptionParams,
          response: { 200: SubscriptionSchema, ...errorResponses },
        },
      },
      async (request) => {
        const subscriptionId = subscriptionIdFrom(request.params.subscriptionId);
        const { aggregate, now } = await customers.read(request);
        return renderSubscription(requireSubscription(aggregate, subscriptionId), aggregate, now);
      },
    );

    app.patch<{ Params: { customerId: string; subscriptionId: string }; Body: UpdateSubscriptionRequest }>(
      '/customers/:customerId/subscriptions/:subscriptionId',
      {
        schema: {
          tags: ['subscriptions'],
          operationId: 'updateSubscription',
          summary: 'Update a subscription: suspend (status suspended), reactivate (status active), quantity, name',
          security,
          headerParameters: ['If-Match'],
          params: SubscriptionParams,
          body: UpdateSubscriptionRequestSchema,
          response: { 200: SubscriptionSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const subscriptionId = subscriptionIdFrom(request.params.subscriptionId);
        const now = await ctx.now(request.control);
        const partnerKind = request.principal.partner.kind;
        const ifMatchHeader = request.headers['if-match'];
        const ifMatch = Array.isArray(ifMatchHeader) ? ifMatchHeader[0] : ifMatchHeader;
        const customerId = customerIdFrom(request.params.customerId);
        const answer = await customers.mutate(
          request,
          (aggregate) => {
            const patch = patchSubscription(aggregate, subscriptionId, request.body, {
              partnerKind,
              now,
              ...(ifMatch ? { ifMatch } : {}),
            });
            return {
              changes: patch.updated ? { update: { subscriptions: [patch.updated] } } : {},
              result: ok(renderSubscription(patch.subscription, patch.aggregate, now)),
            };
          },
          // A retried suspension would otherwise meet its own etag change (2055).
          replayKey(request, now, 'update-subscription', `${customerId}/${subscriptionId}`),
        );
        return send(reply, answer);
      },
    );

    app.get<{ Params: { customerId: string; subscriptionId: string } }>(
      '/customers/:customerId/subscriptions/:subscriptionId/provisioningstatus',
      {
        schema: {
          tags: ['subscriptions'],
          operationId: 'getSubscriptionProvisioningStatus',
          summary: 'Get the provisioning status of a subscription',
          security,
          params: SubscriptionParams,
          response: { 200: SubscriptionProvisioningStatusSchema, ...errorResponses },
        },
      },
      async (request) => {
        const subscriptionId = subscriptionIdFrom(request.params.subscriptionId);
        const { aggregate, now } = await customers.read(request);
        return renderSubscriptionProvisioningStatus(requireSubscription(aggregate, subscriptionId), aggregate, now);
      },
    );
  };
}
