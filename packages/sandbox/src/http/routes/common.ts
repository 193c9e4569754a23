/** @module Helpers the /v1 route files share: path ids, idempotency keys, error responses in schemas. */
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { ErrorBodySchema, isGuid } from '@partnerbox/contract';
import { errors } from '../../errors.js';
import type { IdempotencyKey } from '../../store/store.js';

export const CustomerParams = Type.Object({
  customerId: Type.String({ description: "The customer's tenant id (GUID)." }),
});

export function customerIdFrom(raw: string): string {
  if (!isGuid(raw)) throw errors.invalidCustomerId(raw);
  return raw.toLowerCase();
}

export function subscriptionIdFrom(raw: string): string {
  if (!isGuid(raw)) throw errors.invalidSubscriptionId(raw);
  return raw.toLowerCase();
}

/** `MS-RequestId` is the idempotency key, but only when the client chose it. */
export function idempotencyKey(request: FastifyRequest, operation: string): IdempotencyKey | undefined {
  return request.pc.requestIdFromClient ? { requestId: request.pc.requestId.toLowerCase(), operation } : undefined;
}

export const errorResponses = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  403: ErrorBodySchema,
  404: ErrorBodySchema,
};

export const security = [{ bearer: [] }];
