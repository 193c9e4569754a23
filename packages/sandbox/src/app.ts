/**
 * @module buildApp(options): the composition root. Everything one sandbox instance needs is
 * made here and handed down; nothing is global, so tests can run many instances side by side.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer as createHttpsServer } from 'node:https';
import { hostname } from 'node:os';
import Fastify, {
  type FastifyServerFactory,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifySchemaCompiler,
  type FastifyServerOptions,
} from 'fastify';
import type { TSchema } from 'typebox';
import {
  DEFAULT_DEVICE_CODE_INTERVAL_SECONDS,
  DEFAULT_DEVICE_CODE_LIFETIME_SECONDS,
  SignInGrants,
} from './auth/sign-in-grants.js';
import { TokenService } from './auth/token-service.js';
import { parseThrottle, type SandboxContext, type SandboxSettings, type ThrottleLimit } from './context.js';
import { defaultIdentities } from './control/identities.js';
import { HealthSchema } from './control/control-schemas.js';
import { controlRoutes } from './control/routes.js';
import { authenticateHook } from './http/auth.js';
import { dashboardRoutes } from './http/dashboard.js';
import {
  admitsAtOnce,
  admissionHook,
  answeredByCurrentState,
  checkedHandler,
  dropAfterHook,
  faultHook,
  throttleHook,
} from './http/gateway.js';
import { registerOpenApi } from './http/openapi.js';
import { originForm } from './http/request-target.js';
import { parsePublicUrl, publicOrigin } from './http/public-origin.js';
import { defaultServerId, numericServerId } from './http/server-id.js';
import { clientErrorHandler, frameworkError, registerPipeline, sendError, trackResponses } from './http/pipeline.js';
import { customerRoutes } from './http/routes/customers.js';
import { entitlementRoutes } from './http/routes/entitlements.js';
import { oauthRoutes } from './http/routes/oauth.js';
import { orderRoutes } from './http/routes/orders.js';
import { subscriptionRoutes } from './http/routes/subscriptions.js';
import { compileValidator } from './http/validation.js';
import { journalHook, TOKEN_REQUESTS } from './http/journal-hook.js';
import {
  DEFAULT_JOURNAL_SIZE,
  EXCLUSIVE_JOURNAL_BATCHING,
  RequestJournal,
  SHARED_JOURNAL_SLICING,
} from './journal/request-journal.js';
import { errors } from './errors.js';
import { RequestLogController } from './logging/request-log-controller.js';
import { RequestLogger } from './logging/request-logger.js';
import { openStore, type StoreConfig } from './store/open-store.js';
import type { Store } from './store/store.js';

export interface SandboxOptions {
  /** Where state lives: a store config to open (and close with the app), or an open Store. */
  store?: StoreConfig | Store;
  /** Seconds a new order stays `pending` before it is `completed`. Default 3. */
  provisioningDelaySeconds?: number | undefined;
  /** Seconds a cancellation stays in progress before the order reads `cancelled`. Default 10. */
  cancellationDelaySeconds?: number | undefined;
  /** e.g. `500/min`: per tenant and resource, as Partner Center documents. Off by default. */
  throttle?: string | ThrottleLimit;
  /** The control plane's key; generated once per data directory when absent. */
  adminKey?: string;
  /** Entries the request journal keeps across the deployment (oldest dropped first); 0 turns it off. Default 1000. */
  journalSize?: number;
  /** Seed the two default partners into an empty store. Default true. */
  seed?: boolean;
  logger?: FastifyServerOptions['logger'];
  /** A ready logger (pino), e.g. `createServeLogger().logger`; wins over `logger`. */
  loggerInstance?: FastifyBaseLogger;
  /** The instance's `MS-ServerId`: kept when digits, otherwise digits derived from it (http/server-id.ts). */
  serverId?: string;
  /** The origin clients use (e.g. `https://sandbox.example.com`): metadata, issuers and links name it. */
  publicUrl?: string | undefined;
  /** Read the origin from `X-Forwarded-Proto`/`X-Forwarded-Host` (behind a reverse proxy). */
  trustProxy?: boolean | undefined;
  /** The server speaks TLS itself (`serve --tls`): links default to https. */
  tls?: boolean | undefined;
  /** PEM certificate (chain) and key: the server listens with HTTPS. Implies `tls`. */
  https?: { cert: string; key: string } | undefined;
  /** How long a device code can be approved. Default 900 s, as Entra ID. */
  deviceCodeLifetimeSeconds?: number | undefined;
  /** The polling interval device codes ask for. Default 5 s, as Entra ID. */
  deviceCodeIntervalSeconds?: number | undefined;
  /** The built dashboard served at `/`. Default: the sandbox package's `dist/dashboard/`. */
  dashboardDir?: string;
}

export const DEFAULT_PROVISIONING_DELAY_SECONDS = 3;
export const DEFAULT_CANCELLATION_DELAY_SECONDS = 10;
const ADMIN_KEY_SETTING = 'admin_key';

declare module 'fastify' {
  interface FastifyInstance {
    sandbox: SandboxContext;
  }
}

function isStore(value: StoreConfig | Store): value is Store {
  return typeof (value as Store).mutateCustomer === 'function';
}

// A year at most: a delay is added to the sandbox clock, whose dates must stay representable.
const MAX_DELAY_SECONDS = 365 * 86_400;

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < 0 || v > MAX_DELAY_SECONDS)
    throw new Error(`${name} must be a number of seconds, from 0 to ${MAX_DELAY_SECONDS}`);
  return v;
}

export async function buildApp(options: SandboxOptions = {}): Promise<FastifyInstance> {
  const provisioningDelayMs =
    nonNegative(options.provisioningDelaySeconds, DEFAULT_PROVISIONING_DELAY_SECONDS, 'provisioningDelaySeconds') *
    1000;
  const cancellationDelayMs =
    nonNegative(options.cancellationDelaySeconds, DEFAULT_CANCELLATION_DELAY_SECONDS, 'cancellationDelaySeconds') *
    1000;
  const throttle = typeof options.throttle === 'string' ? parseThrottle(options.throttle) : options.throttle;

  const ownsStore = !options.store || !isStore(options.store);
  const store =
    options.store && isStore(options.store) ? options.store : await openStore(options.store ?? { kind: 'memory' });
  try {
    if (options.seed !== false) await store.seedIdentitiesIfEmpty(defaultIdentities());
    const tokens = new TokenService(store);
    await tokens.init();
    const adminKey =
      options.adminKey ??
      (await store.setSettingIfAbsent(ADMIN_KEY_SETTING, `pbx_${randomBytes(24).toString('base64url')}`));
    const settings: SandboxSettings = {
      provisioningDelayMs,
      cancellationDelayMs,
      throttle,
      serverId: numericServerId(options.serverId ?? defaultServerId(hostname(), process.pid)),
      adminKey,
      origin: {
        publicUrl: options.publicUrl === undefined ? undefined : parsePublicUrl(options.publicUrl),
        trustProxy: options.trustProxy ?? false,
        tls: options.tls ?? options.https !== undefined,
      },
      deviceCodeIntervalSeconds: options.deviceCodeIntervalSeconds ?? DEFAULT_DEVICE_CODE_INTERVAL_SECONDS,
    };
    const ctx: SandboxContext = {
      store,
      tokens,
      grants: new SignInGrants(
        store,
        tokens,
        options.deviceCodeLifetimeSeconds ?? DEFAULT_DEVICE_CODE_LIFETIME_SECONDS,
      ),
      settings,
      journal: new RequestJournal(store, {
        size: options.journalSize ?? DEFAULT_JOURNAL_SIZE,
        // Instances of a shared store read each other's entries from the table; the embedded
        // store has no other reader, and its listings flush first.
        ...(store.shared ? SHARED_JOURNAL_SLICING : EXCLUSIVE_JOURNAL_BATCHING),
      }),
      now: async (stamp) => Date.now() + (stamp ? stamp.state.clockOffsetMs : await store.getClockOffsetMs()),
    };
    return await assemble(ctx, options, ownsStore);
  } catch (error) {
    if (ownsStore) await store.close().catch(() => undefined);
    throw error;
  }
}

function httpsServerFactory(tls: { cert: string; key: string }): FastifyServerFactory {
  return (handler) => createHttpsServer({ cert: tls.cert, key: tls.key }, handler);
}

// Request parts are checked by TypeBox's compiled checks (http/validation.ts).
const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  compileValidator(schema as TSchema, httpPart ?? 'body');
// Responses are built to the contract's shapes already; schemas document them, not filter them.
const serializerCompiler = () => (data: unknown) => JSON.stringify(data);

async function assemble(ctx: SandboxContext, options: SandboxOptions, ownsStore: boolean): Promise<FastifyInstance> {
  const { https } = options;
  const app = Fastify({
    // An https.Server is an http.Server to Fastify; requests on it read `protocol` as https.
    ...(https ? { serverFactory: httpsServerFactory(https) } : {}),
    ...(options.loggerInstance ? { loggerInstance: options.loggerInstance } : { logger: options.logger ?? false }),
    bodyLimit: 1_048_576,
    // The docs write every request line in absolute form; a client replaying one verbatim is routed.
    rewriteUrl: (req) => originForm(req.url ?? '/'),
    // Fastify's default (0) lets a client dribble a body forever; the token endpoint reads its
    // body before any authentication. Node's own default is 300 s.
    requestTimeout: 120_000,
    // The request id in logs is the client's MS-RequestId when it sent one.
    genReqId: (req) => {
      const header = req.headers['ms-requestid'];
      const value = Array.isArray(header) ? header[0] : header;
      return value && value.length <= 128 ? value.trim() : randomUUID();
    },
    logController: new RequestLogController({ requestIdLogLabel: 'requestId' }),
    // Fastify hands every request's child logger an options object, empty unless a route sets
    // a log level or serializers; given one, pino takes its slow path (formatters rebuilt, a
    // new shape per child), which was most of what a logger cost a GET even at --log-level warn.
    // And with none, the child is made only if something logs through it (logging/request-logger.ts).
    childLoggerFactory: (logger, bindings, options) =>
      Object.keys(options).length === 0 ? new RequestLogger(logger, bindings) : logger.child(bindings, options),
    // ASP.NET, which Partner Center runs on, matches routes ignoring case: Microsoft's sandbox
    // page shows `DELETE /v1/Customers/{id}`. Parameters keep their case (find-my-way lower-cases
    // only the path it matches against).
    routerOptions: {
      caseSensitive: false,
      ignoreTrailingSlash: true,
      ignoreDuplicateSlashes: true,
      maxParamLength: 500,
    },
    frameworkErrors: (error, request, reply) => frameworkError(error, request, reply),
    // The compilers set below, given as factories too: otherwise Fastify loads its defaults (Ajv
    // and fast-json-stringify, a sixth of the serve bundle) at start-up only to replace them.
    // (Fastify types these factories after its Ajv ones; it calls them as any compiler.)
    schemaController: {
      compilersFactory: {
        buildValidator: () => validatorCompiler,
        buildSerializer: () => serializerCompiler,
      },
    } as unknown as NonNullable<FastifyServerOptions['schemaController']>,
    clientErrorHandler,
  });
  app.decorate('sandbox', ctx);
  ctx.journal.reportLossesTo((lost, error) =>
    app.log.warn({ err: error, lost }, 'request journal entries lost: the store refused their write'),
  );
  trackResponses(app.server);
  app.addHook('onClose', async () => {
    await ctx.journal.flush();
    if (ownsStore) await ctx.store.close();
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerPipeline(app, ctx.settings.serverId);

  registerOpenApi(
    app,
    {
      title: 'Partnerbox sandbox: Partner Center customer lifecycle',
      description:
        'A Partner Center-compatible sandbox. `/v1` follows Microsoft Partner Center; `/_sandbox` is the control plane (admin key); the token authority mimics Entra ID.',
      version: '0.1.0',
    },
    async () => (await ctx.store.listPartners()).find((entry) => entry.partner.kind === 'sandbox')?.partner.id,
    (request) => publicOrigin(request, ctx.settings.origin),
  );

  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        operationId: 'getHealth',
        summary: 'Liveness and store reachability',
        response: { 200: HealthSchema },
      },
    },
    async (_request, reply) => {
      try {
        await ctx.store.ping();
        return { status: 'ok', store: ctx.store.dialect, serverId: ctx.settings.serverId };
      } catch {
        return sendError(reply, errors.serviceUnavailable(5, 'The sandbox store is unavailable.'));
      }
    },
  );

  const faults = faultHook(ctx);
  await app.register(async (oauth) => {
    oauth.addHook('onRequest', faults);
    oauth.addHook('onSend', dropAfterHook);
    oauth.addHook('onSend', journalHook(ctx.journal, ctx.settings.serverId, TOKEN_REQUESTS));
    await oauth.register(oauthRoutes(ctx));
  });

  await app.register(
    async (v1) => {
      // One hook, not three: each async hook costs a promise and a turn of the microtask queue.
      const authenticate = authenticateHook(ctx);
      const throttle = throttleHook(ctx);
      const admit = admissionHook(ctx);
      if (ctx.store.shared) {
        // Set on every request: declared up front, so requests keep one shape.
        v1.decorateRequest('control', undefined);
        // Judged by the cached control state: the handler's first read checks it (gateway.ts).
        v1.addHook('onRoute', (route) => {
          route.handler = checkedHandler(ctx, route.handler);
        });
        // An error before any checked read (a 401, a 400 from validation) is answered only once
        // the state it was judged by is known to be current.
        v1.setErrorHandler(async (error, request, reply) => {
          if (await answeredByCurrentState(ctx, request, reply)) return reply;
          throw error;
        });
      }
      const admitThenAuthenticate = async (request: FastifyRequest, reply: FastifyReply) => {
        await admit(request, reply);
        if (reply.sent) return;
        await authenticate(request);
        await throttle(request, reply);
      };
      // Most requests need none of those promises: an embedded store with no fault rule, a token
      // seen before, no throttle. They go on at once; every other goes the whole way (each async
      // step cost a promise and a turn of the microtask queue, on every request).
      v1.addHook('onRequest', (request, reply, done) => {
        if (admitsAtOnce(ctx, request)) return done();
        admitThenAuthenticate(request, reply).then(() => {
          if (!reply.sent) done();
        }, done);
      });
      v1.addHook('onSend', dropAfterHook);
      v1.addHook('onSend', journalHook(ctx.journal, ctx.settings.serverId));
      await v1.register(customerRoutes(ctx));
      await v1.register(entitlementRoutes(ctx));
      await v1.register(orderRoutes(ctx));
      await v1.register(subscriptionRoutes(ctx));
    },
    { prefix: '/v1' },
  );

  await app.register(
    controlRoutes(ctx, () => ctx.tokens.clearCache()),
    { prefix: '/_sandbox' },
  );

  await app.register(dashboardRoutes(options.dashboardDir === undefined ? {} : { dir: options.dashboardDir }));
  return app;
}
