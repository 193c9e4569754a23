/** @module Bearer authentication for `/v1`, and the App+User requirement of some operations. */
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/token-service.js';
import type { SandboxContext } from '../context.js';
import { errors } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

export function authenticateHook(ctx: SandboxContext) {
  return async (request: FastifyRequest) => {
    const token = bearerToken(request);
    if (!token) throw errors.tokenMissing('An Authorization: Bearer token is required.');
    request.principal = await ctx.tokens.authenticate(token);
  };
}

/** Relationship removal, DAP removal and invitation links need a signed-in user. */
export function requireAppUser(request: FastifyRequest): void {
  if (request.principal.mode !== 'user') throw errors.roleNotAllowed();
}
