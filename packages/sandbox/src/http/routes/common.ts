/** @module Helpers the /v1 route files share: path ids, replay keys and answers, error responses in schemas. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { ErrorBodySchema, isGuid } from '@partnerbox/contract';
import { errors } from '../../errors.js';
import type { ReplayKey } from '../../store/store.js';

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

/**
 * The key a write's answer is kept under for retries: the client's `MS-RequestId` (only when it
 * chose one), the operation, and what the call targets (e.g. the customer id), so that one request
 * id reused on another customer is another call. Replaying a write is passing this to the store.
 */
export function replayKey(request: FastifyRequest, operation: string, target = ''): ReplayKey | undefined {
  return request.pc.requestIdFromClient
    ? { requestId: request.pc.requestId.toLowerCase(), operation, target }
    : undefined;
}

/** An answer as a write decides it: status and body, kept whole for replays. */
export interface Reply<B> {
  status: number;
  body: B;
}

export const ok = <B>(body: B): Reply<B> => ({ status: 200, body });
export const created = <B>(body: B): Reply<B> => ({ status: 201, body });
export const NO_CONTENT: Reply<null> = { status: 204, body: null };

export function send<B>(reply: FastifyReply, answer: Reply<B>): FastifyReply {
  return reply.code(answer.status).send(answer.body);
}

export const errorResponses = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  403: ErrorBodySchema,
  404: ErrorBodySchema,
};

export const security = [{ bearer: [] }];
