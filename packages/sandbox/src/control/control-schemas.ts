/**
 * @module The control plane's response shapes, for the OpenAPI document and its contract test
 * (responses are serialized as they are built; these describe them, they filter nothing).
 */
import Type from 'typebox';
import { CustomerSchema } from '@partnerbox/contract';
import { FaultRuleRecordSchema } from '../store/record-schemas.js';
import { SnapshotSchema } from './snapshot-schema.js';

const PartnerKind = Type.Enum(['sandbox', 'production']);

export const ScenarioResultSchema = Type.Object(
  {
    scenario: Type.String(),
    partnerTenantId: Type.String(),
    customers: Type.Array(
      Type.Object({
        id: Type.String(),
        domain: Type.String(),
        companyName: Type.String(),
        orderIds: Type.Array(Type.String()),
        subscriptionIds: Type.Array(Type.String()),
      }),
    ),
  },
  { title: 'SandboxScenarioResult' },
);

export const ResetResultSchema = Type.Object(
  { reset: Type.Literal(true), scenario: Type.Optional(ScenarioResultSchema) },
  { title: 'SandboxResetResult' },
);

export const ScenarioListSchema = Type.Array(
  Type.Object(
    { name: Type.String(), description: Type.String(), partner: PartnerKind, defaultCount: Type.Integer() },
    { title: 'SandboxScenario' },
  ),
);

export const PartnerEntrySchema = Type.Object(
  {
    tenantId: Type.String(),
    kind: PartnerKind,
    name: Type.String(),
    domain: Type.String(),
    mpnId: Type.String(),
    apps: Type.Array(Type.Object({ clientId: Type.String(), clientSecret: Type.String(), displayName: Type.String() })),
    users: Type.Array(
      Type.Object({ id: Type.String(), userName: Type.String(), password: Type.String(), displayName: Type.String() }),
    ),
  },
  { title: 'SandboxPartner' },
);

export const MintedTokenSchema = Type.Object(
  {
    token_type: Type.Literal('Bearer'),
    expires_in: Type.Integer(),
    access_token: Type.String(),
    tenantId: Type.String(),
    mode: Type.Enum(['app', 'user']),
  },
  { title: 'SandboxToken' },
);

export const ClockStateSchema = Type.Object(
  { now: Type.String({ format: 'date-time' }), offsetSeconds: Type.Number() },
  { title: 'SandboxClock' },
);

export const FaultRuleSchema = Type.Object(FaultRuleRecordSchema.properties, { title: 'SandboxFaultRule' });

export const SandboxSnapshotSchema = Type.Object(SnapshotSchema.properties, { title: 'SandboxSnapshot' });

export const ImportResultSchema = Type.Object(
  { imported: Type.Literal(true), customers: Type.Integer({ minimum: 0 }) },
  { title: 'SandboxImportResult' },
);

export const JournalEntrySchema = Type.Object(
  {
    seq: Type.Integer(),
    id: Type.String(),
    at: Type.String({ format: 'date-time' }),
    durationMs: Type.Number(),
    method: Type.String(),
    path: Type.String(),
    query: Type.String(),
    status: Type.Integer(),
    partner: Type.Optional(Type.String()),
    requestId: Type.String(),
    correlationId: Type.Optional(Type.String()),
    serverId: Type.String(),
    requestBody: Type.Optional(Type.String()),
    responseBody: Type.Optional(Type.String()),
  },
  { title: 'SandboxJournalEntry' },
);

export const JournalClearResultSchema = Type.Object(
  { deleted: Type.Integer({ minimum: 0 }) },
  { title: 'SandboxJournalClearResult' },
);

export const HealthSchema = Type.Object(
  { status: Type.Literal('ok'), store: Type.Enum(['sqlite', 'postgres', 'memory']), serverId: Type.String() },
  { title: 'Health' },
);

export { CustomerSchema };
