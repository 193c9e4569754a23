/**
 * @module What the API gateway in front of Partner Center does, simulated: fault rules set
 * through the control plane (429, 5xx, latency, dropped connections) and optional throttling,
 * with counters kept in the store so that several instances throttle as one. On a shared store
 * `/v1` requests are judged by the instance's cached control state, which the handler's first
 * read checks in the same statement; a request judged by an outdated state is judged again
 * (docs/scale-out.md, "What instances share").
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import type { ThrottleBody } from '@partnerbox/contract';
import { TokenService } from '../auth/token-service.js';
import type { SandboxContext } from '../context.js';
import { compilePathGlob, type PathGlob } from '../domain/path-glob.js';
import type { FaultRule } from '../domain/records.js';
import { PartnerCenterError } from '../errors.js';
import { ControlStateChangedError } from '../store/store-errors.js';
import type { ControlStamp, GatewayState } from '../store/store.js';

type HookDone = (error: Error | null, payload?: unknown) => void;
import { bearerToken } from './auth.js';

declare module 'fastify' {
  interface FastifyRequest {
    dropAfterResponse?: boolean;
    /** The control state this request was judged by (shared stores only); see `ControlStamp`. */
    control?: ControlStamp | undefined;
    /** Rules this request has met already: judged again, it does not meet them twice. */
    faultsApplied?: Set<string>;
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

/** The tenant a request's token claims, for rules scoped to a tenant. */
function requestTenant(request: FastifyRequest): string | undefined {
  const token = bearerToken(request);
  return token ? TokenService.peekTenant(token) : undefined;
}

const requestPath = (request: FastifyRequest) => request.url.split('?')[0] ?? '';

function anyRuleMatches(rules: readonly FaultRule[], request: FastifyRequest): boolean {
  if (rules.length === 0) return false;
  const path = requestPath(request);
  const tenantId = requestTenant(request);
  return rules.some((rule) => faultMatches(rule, request.method, path, tenantId));
}

/**
 * Applies the rules of `state` that match: answers (throttle), throws (error), drops the
 * connection, or waits (latency) and lets the request go on. A limited rule applies only to the
 * requests that win one of its uses.
 */
async function applyFaults(
  ctx: SandboxContext,
  state: GatewayState,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  const rules = state.faultRules;
  if (rules.length === 0) return undefined;
  const path = requestPath(request);
  const tenantId = requestTenant(request);
  for (const rule of rules) {
    if (!faultMatches(rule, request.method, path, tenantId) || request.faultsApplied?.has(rule.id)) continue;
    // An unlimited rule in a state read after the request arrived applies as it is.
    if (rule.remaining !== undefined && !(await ctx.store.consumeFaultRule(rule.id))) continue;
    (request.faultsApplied ??= new Set()).add(rule.id);
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
}

/**
 * True when a `/v1` request may go on without a wait (the embedded store, no fault rule, a token
 * verified before, no throttle), its principal set; otherwise the admission, authentication and
 * throttle hooks run as promises.
 */
export function admitsAtOnce(ctx: SandboxContext, request: FastifyRequest): boolean {
  if (ctx.store.shared || ctx.settings.throttle) return false;
  const state = ctx.store.cachedGatewayState();
  if (!state || state.faultRules.length > 0) return false;
  ctx.tokens.observeIdentitiesVersion(state.identitiesVersion);
  const token = bearerToken(request);
  const principal = token === undefined ? undefined : ctx.tokens.cachedPrincipal(token);
  if (!principal) return false;
  request.principal = principal;
  return true;
}

/**
 * The token endpoint's fault hook: the state read for each request (its handlers read no
 * customer that could carry the control version).
 */
export function faultHook(ctx: SandboxContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const state = await ctx.store.gatewayState();
    ctx.tokens.observeIdentitiesVersion(state.identitiesVersion);
    return applyFaults(ctx, state, request, reply);
  };
}

/**
 * The `/v1` fault hook: judged by the cached state, no round trip. On a shared store the request
 * keeps that state as its stamp, for its first read to check; a rule that matches is confirmed
 * on the current state before it applies (a rule removed elsewhere must not).
 */
export function admissionHook(ctx: SandboxContext) {
  const { store } = ctx;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    let state = store.cachedGatewayState() ?? (await store.gatewayState());
    if (store.shared) {
      let checked = false;
      if (anyRuleMatches(state.faultRules, request)) {
        state = await store.gatewayState();
        checked = true;
      }
      request.control = { state, checked };
    }
    ctx.tokens.observeIdentitiesVersion(state.identitiesVersion);
    return applyFaults(ctx, state, request, reply);
  };
}

/**
 * Judges a request again by a state at least as new as the version its read saw: the faults
 * (each rule once per request), then, when `authenticate`, its token (a principal from a
 * replaced identity gets 401 now). True when that answered the request.
 */
async function judgeAgain(
  ctx: SandboxContext,
  request: FastifyRequest,
  reply: FastifyReply,
  seen: number,
  authenticate: boolean,
): Promise<boolean> {
  const state = await ctx.store.refreshGatewayState(seen);
  // Read after the request arrived: nothing later in it needs checking again.
  request.control = { state, checked: true };
  ctx.tokens.observeIdentitiesVersion(state.identitiesVersion);
  await applyFaults(ctx, state, request, reply);
  if (reply.sent) return true;
  const token = bearerToken(request);
  if (authenticate && token) request.principal = await ctx.tokens.authenticate(token);
  return false;
}

/**
 * For a request about to be answered without a checked read (an error before its handler read
 * anything, a throttle): checks its stamp with a read of the version alone, and judges the
 * request again if it was outdated. True when that answered it.
 */
export async function answeredByCurrentState(
  ctx: SandboxContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<boolean> {
  const stamp = request.control;
  if (!stamp || stamp.checked) return false;
  try {
    await ctx.store.checkControlState(stamp);
    return false;
  } catch (error) {
    if (!(error instanceof ControlStateChangedError)) throw error;
    return judgeAgain(ctx, request, reply, error.seen, false);
  }
}

/**
 * A `/v1` handler on a shared store: run again, judged by the current state, when its first
 * read found the control state changed (a write's transaction was rolled back then); checked
 * once it is done when it read nothing, before its answer is sent.
 */
export function checkedHandler(ctx: SandboxContext, handler: RouteHandlerMethod): RouteHandlerMethod {
  return async function (this: FastifyInstance, request, reply) {
    let seen: number;
    try {
      const result: unknown = await handler.call(this, request, reply);
      const stamp = request.control;
      if (!stamp || stamp.checked || reply.sent) return result;
      await ctx.store.checkControlState(stamp);
      return result;
    } catch (error) {
      if (!(error instanceof ControlStateChangedError)) throw error;
      seen = error.seen;
    }
    if (await judgeAgain(ctx, request, reply, seen, true)) return reply;
    return handler.call(this, request, reply);
  };
}

/** Drops the connection once the handler's work is committed: the client sees no answer. */
export function dropAfterHook(request: FastifyRequest, reply: FastifyReply, payload: unknown, done: HookDone): void {
  if (request.dropAfterResponse) {
    reply.hijack();
    request.raw.socket.destroy();
  }
  // A callback, not an async function: a hook on every answer should not cost it a promise.
  done(null, payload);
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
    // A fault added elsewhere comes before the throttle, as it would have on this instance.
    if (await answeredByCurrentState(ctx, request, reply)) return reply;
    const seconds = Math.max(1, Math.ceil((windowStart + limit.windowMs - nowMs) / 1000));
    return sendThrottled(reply, seconds);
  };
}
