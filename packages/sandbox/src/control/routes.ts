/**
 * @module The control plane under `/_sandbox`: what Partner Center has no equivalent for.
 * Reset, scenarios, partners and their credentials, tokens, the clock, fault rules, snapshots
 * and invitation acceptance. Guarded by the admin key, kept off the `/v1` tree.
 */
import { timingSafeEqual } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import Type, { type Static } from 'typebox';
import { ErrorBodySchema, isGuid } from '@partnerbox/contract';
import type { SandboxContext } from '../context.js';
import { newGuid } from '../domain/ids.js';
import {
  acceptance,
  acceptingCustomerId,
  invitedCustomer,
  invitingPartner,
  newCustomerNames,
  readInvitation,
} from '../domain/invitations.js';
import type { FaultRule } from '../domain/records.js';
import { FAULT_RULE_LIMITS, snapshotViolation } from '../domain/snapshot-invariants.js';
import { isAllowedClockOffset, LATEST_INSTANT_MS } from '../domain/time-range.js';
import { errors } from '../errors.js';
import { renderCustomer } from '../http/render.js';
import { ConstraintViolationError } from '../store/store-errors.js';
import type { PartnerDirectoryEntry, Snapshot } from '../store/store.js';
import { validateValue } from '../http/validation.js';
import { SnapshotSchema } from './snapshot-schema.js';
import {
  ClockStateSchema,
  CustomerSchema,
  FaultRuleSchema,
  ImportResultSchema,
  MintedTokenSchema,
  PartnerEntrySchema,
  ResetResultSchema,
  SandboxSnapshotSchema,
  ScenarioListSchema,
  ScenarioResultSchema,
} from './control-schemas.js';
import { appCertificateRoutes } from './app-certificate-routes.js';
import { newPartnerIdentity } from './identities.js';
import { journalRoutes } from './journal-routes.js';
import { generatedBatch } from './generate.js';
import { readSnapshot, type SnapshotReading } from './snapshot-reader.js';
import { MAX_GENERATED_CUSTOMERS, MAX_GENERATED_ORDERS } from '../domain/generation.js';
import { runScenario, SCENARIOS } from './scenarios.js';

const security = [{ adminKey: [] }];
const tags = ['sandbox control plane'];
// Statuses beyond 200 (the OpenAPI document adds the pipeline's own, http/openapi.ts).
const noContent = { 204: Type.Null({ description: 'Done' }) };

const ScenarioBody = Type.Object({
  count: Type.Optional(Type.Integer({ minimum: 0, maximum: 5000 })),
  partnerTenantId: Type.Optional(Type.String()),
});
const ResetBody = Type.Object({ scenario: Type.Optional(Type.String()) });
const ClockBody = Type.Object({
  advanceSeconds: Type.Number({
    minimum: 0,
    maximum: 10 * 365 * 86_400,
    description: 'Seconds to move the clock forward.',
  }),
});
const TokenBody = Type.Object({
  partnerTenantId: Type.Optional(Type.String()),
  partner: Type.Optional(Type.Enum(['sandbox', 'production'])),
  mode: Type.Optional(Type.Enum(['app', 'user'], { description: 'App-only or App+User; default app.' })),
  expiresInSeconds: Type.Optional(
    Type.Integer({ minimum: -86_400, maximum: 86_400, description: 'Negative values mint an already expired token.' }),
  ),
});
const FaultBody = Type.Object({
  method: Type.Optional(Type.String({ description: 'HTTP method or *; default *.' })),
  path: Type.String({
    minLength: 1,
    maxLength: FAULT_RULE_LIMITS.pathLength,
    description: 'Path glob: * within a segment, ** across.',
  }),
  kind: Type.Enum(['throttle', 'error', 'latency', 'drop']),
  status: Type.Optional(Type.Integer({ minimum: 400, maximum: 599 })),
  retryAfterSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: FAULT_RULE_LIMITS.retryAfterSeconds })),
  latencyMs: Type.Optional(Type.Integer({ minimum: 0, maximum: FAULT_RULE_LIMITS.latencyMs })),
  phase: Type.Optional(Type.Enum(['before', 'after'])),
  tenantId: Type.Optional(Type.String()),
  times: Type.Optional(
    Type.Integer({ minimum: 1, maximum: FAULT_RULE_LIMITS.times, description: 'Absent: until removed.' }),
  ),
});
const PartnerBody = Type.Object({
  kind: Type.Optional(Type.Enum(['sandbox', 'production'], { description: 'Default sandbox.' })),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
});
const SnapshotQuery = Type.Object({
  format: Type.Optional(
    Type.Enum(['json', 'ndjson'], { description: 'Default json (also: Accept: application/x-ndjson).' }),
  ),
});
const GenerateBody = Type.Object({
  count: Type.Integer({ minimum: 1, maximum: MAX_GENERATED_CUSTOMERS, description: 'Customers to add.' }),
  ordersPerCustomer: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: MAX_GENERATED_ORDERS,
      description: 'Orders per customer, each a provisioned licence subscription; default 1.',
    }),
  ),
});

const GenerateResultSchema = Type.Object(
  { partnerTenantId: Type.String(), generated: Type.Integer({ description: 'Customers added.' }) },
  { title: 'GenerateResult' },
);

/** Resolves once `stream` takes more (or is gone, then throws: the export stops reading). */
async function written(stream: PassThrough, chunk: string): Promise<void> {
  if (stream.destroyed) throw new Error('The client went away');
  if (stream.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const onDrain = () => {
      stream.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      stream.off('drain', onDrain);
      reject(new Error('The client went away'));
    };
    stream.once('drain', onDrain);
    stream.once('close', onClose);
  });
}

const InvitationBody = Type.Object({
  url: Type.Optional(Type.String()),
  partnerTenantId: Type.Optional(Type.String()),
  customerTenantId: Type.Optional(Type.String()),
  domain: Type.Optional(Type.String()),
  companyName: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
});

/** The rule a `POST /faults` body describes; the schema has already bounded every number. */
function faultRuleFrom(body: Static<typeof FaultBody>): FaultRule {
  const rule: FaultRule = {
    id: newGuid(),
    method: (body.method ?? '*').toUpperCase(),
    path: body.path,
    kind: body.kind,
    createdAt: Date.now(),
  };
  if (body.status !== undefined) rule.status = body.status;
  if (body.retryAfterSeconds !== undefined) rule.retryAfterSeconds = body.retryAfterSeconds;
  if (body.latencyMs !== undefined) rule.latencyMs = body.latencyMs;
  if (body.phase !== undefined) rule.phase = body.phase;
  if (body.tenantId !== undefined) rule.tenantId = body.tenantId.toLowerCase();
  if (body.times !== undefined) rule.remaining = body.times;
  return rule;
}

function renderPartnerEntry({ partner, apps, users }: PartnerDirectoryEntry) {
  return {
    tenantId: partner.id,
    kind: partner.kind,
    name: partner.name,
    domain: partner.domain,
    mpnId: partner.mpnId,
    apps: apps.map((a) => ({ clientId: a.clientId, clientSecret: a.clientSecret, displayName: a.displayName })),
    users: users.map((u) => ({ id: u.id, userName: u.userName, password: u.password, displayName: u.displayName })),
  };
}

function adminKeyMatches(request: FastifyRequest, adminKey: string): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  const given = Buffer.from(match?.[1] ?? '');
  const expected = Buffer.from(adminKey);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function controlRoutes(ctx: SandboxContext, onStateReplaced: () => void): FastifyPluginAsync {
  const { store, tokens } = ctx;
  return async (app) => {
    app.addHook('onRequest', async (request) => {
      if (!adminKeyMatches(request, ctx.settings.adminKey)) throw errors.adminKeyMissing();
    });

    await app.register(journalRoutes(ctx));
    await app.register(appCertificateRoutes(ctx));

    app.post<{ Body: Static<typeof ResetBody> | undefined }>(
      '/reset',
      {
        schema: {
          tags,
          security,
          operationId: 'resetSandbox',
          summary: 'Remove all customers, faults, counters and the clock offset',
          body: Type.Optional(ResetBody),
          response: { 200: ResetResultSchema },
        },
      },
      async (request) => {
        await store.resetData();
        onStateReplaced();
        const scenario = request.body?.scenario;
        return { reset: true, scenario: scenario ? await runScenario(ctx, scenario, {}) : undefined };
      },
    );

    const listScenarios = {
      schema: {
        tags,
        security,
        operationId: 'listScenarios',
        summary: 'List the named scenarios',
        response: { 200: ScenarioListSchema },
      },
    };
    app.get('/scenarios', listScenarios, async () =>
      Object.entries(SCENARIOS).map(([name, d]) => ({
        name,
        description: d.description,
        partner: d.partner,
        defaultCount: d.defaultCount,
      })),
    );

    app.post<{ Params: { name: string }; Body: Static<typeof ScenarioBody> | undefined }>(
      '/scenarios/:name',
      {
        schema: {
          response: { 201: ScenarioResultSchema, 404: ErrorBodySchema },
          tags,
          security,
          operationId: 'runScenario',
          summary: 'Seed a named scenario (adds to the current state)',
          body: Type.Optional(ScenarioBody),
        },
      },
      async (request, reply) => {
        const options: { count?: number; partnerTenantId?: string } = {};
        if (request.body?.count !== undefined) options.count = request.body.count;
        if (request.body?.partnerTenantId !== undefined) options.partnerTenantId = request.body.partnerTenantId;
        return reply.code(201).send(await runScenario(ctx, request.params.name, options));
      },
    );

    app.get(
      '/partners',
      {
        schema: {
          tags,
          security,
          operationId: 'listPartners',
          summary: 'Partners, their kinds, app credentials and users',
          response: { 200: Type.Array(PartnerEntrySchema) },
        },
      },
      async () => (await store.listPartners()).map(renderPartnerEntry),
    );
    app.post<{ Body: Static<typeof PartnerBody> | undefined }>(
      '/partners',
      {
        schema: {
          tags,
          security,
          operationId: 'createPartner',
          summary: 'Add a partner with an app and a user (one per test keeps tests apart)',
          body: Type.Optional(PartnerBody),
          response: { 201: PartnerEntrySchema },
        },
      },
      async (request, reply) => {
        const seed = newPartnerIdentity(request.body?.kind ?? 'sandbox', request.body?.name);
        await store.addIdentities(seed);
        const [partner] = seed.partners;
        const entry = partner && (await store.listPartners()).find((e) => e.partner.id === partner.id);
        if (!entry) throw new Error('The new partner was not stored');
        return reply.code(201).send(renderPartnerEntry(entry));
      },
    );

    app.post<{ Body: Static<typeof TokenBody> | undefined }>(
      '/tokens',
      {
        schema: {
          tags,
          security,
          operationId: 'mintToken',
          summary: 'Mint an App-only or App+User access token for a partner',
          body: Type.Optional(TokenBody),
          response: { 200: MintedTokenSchema },
        },
      },
      async (request) => {
        const body = request.body ?? {};
        const directory = await store.listPartners();
        const entry = body.partnerTenantId
          ? directory.find((d) => d.partner.id === body.partnerTenantId?.toLowerCase())
          : directory.find((d) => d.partner.kind === (body.partner ?? 'sandbox'));
        const appRecord = entry?.apps[0];
        if (!entry || !appRecord) throw errors.invalidProperty('partnerTenantId', 'No such partner in this sandbox.');
        const user = body.mode === 'user' ? entry.users[0] : undefined;
        if (body.mode === 'user' && !user) throw errors.invalidProperty('mode', 'This partner has no user.');
        const minted = await tokens.mintAccessToken({
          partner: entry.partner,
          app: appRecord,
          ...(user ? { user } : {}),
          ...(body.expiresInSeconds !== undefined ? { lifetimeSeconds: body.expiresInSeconds } : {}),
        });
        return {
          token_type: 'Bearer',
          expires_in: minted.expiresIn,
          access_token: minted.token,
          tenantId: entry.partner.id,
          mode: user ? 'user' : 'app',
        };
      },
    );

    const clockState = async () => {
      const offsetMs = await store.getClockOffsetMs();
      return { now: new Date(Date.now() + offsetMs).toISOString(), offsetSeconds: offsetMs / 1000 };
    };
    const clockResponse = { 200: ClockStateSchema };
    app.get(
      '/clock',
      {
        schema: { tags, security, operationId: 'getClock', summary: 'Read the sandbox clock', response: clockResponse },
      },
      clockState,
    );
    app.post<{ Body: Static<typeof ClockBody> }>(
      '/clock',
      {
        schema: {
          tags,
          security,
          operationId: 'advanceClock',
          summary: 'Move the sandbox clock forward',
          body: ClockBody,
          response: clockResponse,
        },
      },
      async (request) => {
        const byMs = Math.round(request.body.advanceSeconds * 1000);
        // The total, not only each step: ~27,000 ten-year steps once pushed dates past year 9999.
        // Two advances racing past this check overshoot by one step at most, which the limit's
        // thousand-year margin absorbs (domain/time-range.ts).
        if (!isAllowedClockOffset((await store.getClockOffsetMs()) + byMs, Date.now()))
          throw errors.invalidProperty(
            'advanceSeconds',
            `The sandbox clock cannot pass ${new Date(LATEST_INSTANT_MS).toISOString()}: reset it first.`,
          );
        await store.advanceClock(byMs);
        return clockState();
      },
    );

    const listFaults = {
      schema: {
        tags,
        security,
        operationId: 'listFaults',
        summary: 'List active fault rules',
        response: { 200: Type.Array(FaultRuleSchema) },
      },
    };
    app.get('/faults', listFaults, async () => store.listFaultRules());
    app.post<{ Body: Static<typeof FaultBody> }>(
      '/faults',
      {
        schema: {
          response: { 201: FaultRuleSchema },
          tags,
          security,
          operationId: 'addFault',
          summary: 'Add a fault rule (429, 5xx, latency, dropped connection)',
          body: FaultBody,
        },
      },
      async (request, reply) => {
        // Every /v1 request is matched against every rule: their number is bounded.
        if ((await store.listFaultRules()).length >= FAULT_RULE_LIMITS.rules)
          throw errors.invalidInput('faults', `At most ${FAULT_RULE_LIMITS.rules} fault rules; remove some first.`);
        const rule = faultRuleFrom(request.body);
        await store.addFaultRule(rule);
        return reply.code(201).send(rule);
      },
    );
    app.delete(
      '/faults',
      {
        schema: { tags, security, operationId: 'clearFaults', summary: 'Remove every fault rule', response: noContent },
      },
      async (_request, reply) => {
        await store.clearFaultRules();
        return reply.code(204).send();
      },
    );
    app.delete<{ Params: { id: string } }>(
      '/faults/:id',
      {
        schema: {
          tags,
          security,
          operationId: 'deleteFault',
          summary: 'Remove one fault rule',
          response: { ...noContent, 404: ErrorBodySchema },
        },
      },
      async (request, reply) => {
        // Rule ids are GUIDs: anything else is unknown, and never reaches the database.
        if (!isGuid(request.params.id) || !(await store.deleteFaultRule(request.params.id.toLowerCase())))
          throw errors.notFound(request.url.split('?')[0] ?? '');
        return reply.code(204).send();
      },
    );

    app.get<{ Querystring: Static<typeof SnapshotQuery> }>(
      '/snapshot',
      {
        schema: {
          tags,
          security,
          operationId: 'exportSnapshot',
          summary: 'Export the whole state (signing keys excluded), streamed: JSON, or NDJSON with ?format=ndjson',
          querystring: SnapshotQuery,
          response: { 200: SandboxSnapshotSchema },
          // One JSON object a line: a header line, then each record (control/snapshot-stream.ts).
          alsoProduces: { 'application/x-ndjson': { type: 'string' } },
        },
      },
      async (request, reply) => {
        const ndjson = request.query.format === 'ndjson' || /application\/x-ndjson/i.test(request.headers.accept ?? '');
        const body = new PassThrough();
        void store
          .writeSnapshot(ndjson ? 'ndjson' : 'json', (chunk) => written(body, chunk))
          .then(
            () => body.end(),
            (error: unknown) => {
              request.log.error({ err: error }, 'snapshot export failed');
              body.destroy(error instanceof Error ? error : new Error(String(error)));
            },
          );
        return reply.type(ndjson ? 'application/x-ndjson' : 'application/json; charset=utf-8').send(body);
      },
    );
    // NDJSON snapshots are read as a stream by the route, not parsed (nor size-limited) up front.
    app.addContentTypeParser('application/x-ndjson', (_request, payload, done) => done(null, payload));
    app.put<{ Body: unknown }>(
      '/snapshot',
      {
        bodyLimit: 256 * 1024 * 1024,
        schema: {
          tags,
          security,
          operationId: 'importSnapshot',
          summary: 'Replace the whole state with a snapshot (JSON, or NDJSON read as a stream)',
          // Checked by the handler (validateValue) so that the 400 names the field.
          documentedBody: SandboxSnapshotSchema,
          response: { 200: ImportResultSchema },
        },
      },
      async (request) => {
        if (request.body instanceof Readable) {
          let customers: number;
          let reading: SnapshotReading | undefined;
          try {
            const declared = request.headers['content-length'];
            reading = await readSnapshot(request.body, Date.now(), declared ? Number(declared) : undefined);
            customers = await store.importSnapshotStream(reading.head, reading.batches);
          } catch (error) {
            if (error instanceof ConstraintViolationError)
              throw errors.invalidInput('snapshot', `The snapshot is inconsistent: ${error.message}`);
            throw error;
          } finally {
            await reading?.close();
            // A refusal part way leaves the rest unread: drain it, so the answer reaches the client.
            request.body.resume();
          }
          onStateReplaced();
          return { imported: true, customers };
        }
        // Shape first (400 naming the field), then the database's own integrity rules.
        const snapshot = validateValue<Snapshot>(SnapshotSchema, request.body, 'snapshot');
        // Then every invariant /v1 guarantees (domain/snapshot-invariants.ts), naming the record.
        const violation = snapshotViolation(snapshot, Date.now());
        if (violation) throw errors.invalidInput('snapshot', `The snapshot is inconsistent: ${violation}`);
        try {
          await store.importSnapshot(snapshot);
        } catch (error) {
          // Duplicate ids, or records naming a partner, customer or order the snapshot lacks.
          if (error instanceof ConstraintViolationError)
            throw errors.invalidInput('snapshot', `The snapshot is inconsistent: ${error.message}`);
          throw error;
        }
        onStateReplaced();
        return { imported: true, customers: snapshot.customers.length };
      },
    );

    app.post<{ Params: { id: string }; Body: Static<typeof GenerateBody> }>(
      '/partners/:id/generate',
      {
        schema: {
          tags,
          security,
          operationId: 'generateCustomers',
          summary: 'Generate many customers for a partner server-side, with orders and subscriptions',
          body: GenerateBody,
          response: { 201: GenerateResultSchema, 400: ErrorBodySchema },
        },
      },
      async (request, reply) => {
        const partnerId = request.params.id.toLowerCase();
        const options = { ordersPerCustomer: request.body.ordersPerCustomer ?? 1, now: await ctx.now() };
        // Refused before anything is written (an unknown partner, a sandbox quota it would pass).
        const generated = await store.generateCustomers(partnerId, request.body.count, (batch) =>
          generatedBatch(batch, options),
        );
        return reply.code(201).send({ partnerTenantId: partnerId, generated });
      },
    );

    app.post<{ Body: Static<typeof InvitationBody> }>(
      '/invitations/accept',
      {
        schema: {
          response: {
            200: CustomerSchema,
            201: CustomerSchema,
            404: ErrorBodySchema,
            409: ErrorBodySchema,
          },
          tags,
          security,
          operationId: 'acceptInvitation',
          summary: "Accept a partner's reseller invitation as the customer's admin",
          body: InvitationBody,
        },
      },
      async (request, reply) => {
        const body = request.body;
        const invitation = readInvitation(body);
        const partner = invitingPartner(await store.getPartner(invitation.partnerId));
        const customerId = acceptingCustomerId(body.customerTenantId);
        const existing = customerId === undefined ? undefined : await store.getCustomer(partner.id, customerId);
        if (customerId !== undefined && acceptance(existing) === 'restore') {
          const restored = await store.restoreRelationship(partner.id, customerId, invitation.allowDelegatedAccess);
          return restored && renderCustomer(restored);
        }
        const names = newCustomerNames(body);
        const now = await ctx.now();
        const added = await store.createCustomer(partner.id, names.domain, (context) => {
          const customer = invitedCustomer(names, customerId, invitation, context, now);
          return { customer, result: renderCustomer(customer) };
        });
        return reply.code(201).send(added);
      },
    );
  };
}
