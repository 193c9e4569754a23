/** @module Helpers the /v1 route files share: path ids, replay keys and answers, error responses in schemas. */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { ErrorBodySchema, isGuid } from '@partnerbox/contract';
import { REPLAY_WINDOW_MS } from '../../domain/limits.js';
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
 * The key a write's answer is kept under for retries (docs/compatibility.md, "Replays"): the
 * client's `MS-RequestId` (only when it chose one), the operation, what it targets (e.g. the
 * customer id) and a digest of the body, so one request id reused on another customer, another
 * route or with another body is another call, and a case-insensitive path is the same call.
 * Answers are replayed for {@link REPLAY_WINDOW_MS} of sandbox time. Replaying a write is passing
 * this to the store.
 */
export function replayKey(request: FastifyRequest, now: number, operation: string, target = ''): ReplayKey | undefined {
  if (!request.pc.requestIdFromClient) return undefined;
  const body =
    request.body === undefined ? '' : createHash('sha256').update(JSON.stringify(request.body)).digest('base64url');
  return {
    requestId: request.pc.requestId.toLowerCase(),
    operation,
    target: body ? `${target}#${body}` : target,
    at: now,
    keptSince: now - REPLAY_WINDOW_MS,
  };
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
