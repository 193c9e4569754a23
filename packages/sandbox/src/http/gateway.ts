/**
 * @module What the API gateway in front of Partner Center does, simulated: fault rules set
 * through the control plane (429, 5xx, latency, dropped connections) and optional throttling,
 * with counters kept in the store so that several instances throttle as one.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ThrottleBody } from '@partnerbox/contract';
import { TokenService } from '../auth/token-service.js';
import type { SandboxContext } from '../context.js';
import { compilePathGlob, type PathGlob } from '../domain/path-glob.js';
import type { FaultRule } from '../domain/records.js';
import { PartnerCenterError } from '../errors.js';
import { bearerToken } from './auth.js';

declare module 'fastify' {
  interface FastifyRequest {
    dropAfterResponse?: boolean;
  }
}

// Compiled once per glob; bounded, since globs come from the control plane and snapshots.
const globCache = new Map<string, PathGlob>();
const GLOB_CACHE_LIMIT = 1_000;

export function pathGlob(glob: string): PathGlob {
  let compiled = globCache.get(glob);
  if (!compiled) {
    if (globCache.size >= GLOB_CACHE_LIMIT) globCache.clear();
    compiled = compilePathGlob(glob);
    globCache.set(glob, compiled);
  }
  return compiled;
}

export function faultMatches(rule: FaultRule, method: string, path: string, tenantId: string | undefined): boolean {
  if (rule.method !== '*' && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.tenantId !== undefined && rule.tenantId.toLowerCase() !== tenantId?.toLowerCase()) return false;
  return pathGlob(rule.path).test(path);
}

export function throttleBody(seconds: number): ThrottleBody {
  return { statusCode: 429, message: `Rate limit is exceeded. Try again in ${seconds} seconds.` };
}

function sendThrottled(reply: FastifyReply, seconds: number) {
  return reply.code(429).header('Retry-After', String(seconds)).type('application/json').send(throttleBody(seconds));
}

export function faultHook(ctx: SandboxContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { faultRules: rules, identitiesVersion } = await ctx.store.gatewayState();
    ctx.tokens.observeIdentitiesVersion(identitiesVersion);
    if (rules.length === 0) return;
    const path = request.url.split('?')[0] ?? '';
    const token = bearerToken(request);
    const tenantId = token ? TokenService.peekTenant(token) : undefined;
    for (const rule of rules) {
      if (!faultMatches(rule, request.method, path, tenantId)) continue;
      if (!(await ctx.store.consumeFaultRule(rule.id))) continue;
      request.log.info({ faultRule: rule.id, kind: rule.kind }, 'fault injected');
      switch (rule.kind) {
        case 'latency':
          await sleep(rule.latencyMs ?? 0);
          continue;
        case 'throttle':
          return sendThrottled(reply, rule.retryAfterSeconds ?? 1);
        case 'drop':
          if (rule.phase === 'after') {
            request.dropAfterResponse = true;
            continue;
          }
          reply.hijack();
          request.raw.socket.destroy();
          return reply;
        case 'error': {
          const status = rule.status ?? 503;
          const headers: Record<string, string> = {};
          if (rule.retryAfterSeconds !== undefined) headers['Retry-After'] = String(rule.retryAfterSeconds);
          throw new PartnerCenterError(
            status,
            {
              code: status,
              description: `Injected fault: the service answered ${status}.`,
              data: [rule.id],
              source: 'PartnerFD',
            },
            headers,
          );
        }
      }
    }
    return undefined;
  };
}

/** Drops the connection once the handler's work is committed: the client sees no answer. */
export async function dropAfterHook(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  if (request.dropAfterResponse) {
    reply.hijack();
    request.raw.socket.destroy();
  }
  return payload;
}

/** Partner Center throttles per tenant and per resource: customers, orders, subscriptions. */
export function resourceGroup(path: string): string {
  const lower = path.toLowerCase();
  if (/^\/v1\/customers\/[^/]+\/orders/.test(lower)) return 'orders';
  if (/^\/v1\/customers\/[^/]+\/subscriptions/.test(lower)) return 'subscriptions';
  return 'customers';
}

export function throttleHook(ctx: SandboxContext) {
  const limit = ctx.settings.throttle;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!limit) return undefined;
    const nowMs = Date.now();
    const windowStart = Math.floor(nowMs / limit.windowMs) * limit.windowMs;
    const key = `${request.principal.partner.id}:${resourceGroup(request.url)}`;
    const count = await ctx.store.hitThrottle(key, windowStart);
    if (count <= limit.limit) return undefined;
    const seconds = Math.max(1, Math.ceil((windowStart + limit.windowMs - nowMs) / 1000));
    return sendThrottled(reply, seconds);
  };
}
