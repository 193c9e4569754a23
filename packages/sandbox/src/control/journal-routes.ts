/**
 * @module `GET /_sandbox/requests` and `DELETE /_sandbox/requests`: the request journal,
 * filtered by method, path glob, partner, status (or status class) and time. Registered inside
 * the control plane, behind its admin key.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type, { type Static } from 'typebox';
import type { SandboxContext } from '../context.js';
import { errors } from '../errors.js';
import { pathGlob } from '../http/gateway.js';
import type { JournalQuery } from '../journal/journal-entry.js';
import { JournalClearResultSchema, JournalEntrySchema } from './control-schemas.js';

const security = [{ adminKey: [] }];
const tags = ['sandbox control plane'];

export const MAX_JOURNAL_PAGE = 1000;

const JournalFilter = Type.Object({
  method: Type.Optional(Type.String({ maxLength: 16 })),
  path: Type.Optional(Type.String({ maxLength: 500, description: 'Path glob: * within a segment, ** across.' })),
  partner: Type.Optional(Type.String({ maxLength: 64, description: "The partner's tenant id." })),
  status: Type.Optional(Type.String({ pattern: '^[1-5]([0-9]{2}|xx)$', description: 'e.g. 404, or 4xx.' })),
  since: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601 time or epoch milliseconds.' })),
  until: Type.Optional(Type.String({ maxLength: 40 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_JOURNAL_PAGE, description: 'Default 100.' })),
});
type Filter = Static<typeof JournalFilter>;

function time(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw errors.invalidProperty(name, 'Expected an ISO 8601 time or epoch milliseconds.');
  return ms;
}

function journalQuery(filter: Filter): JournalQuery {
  const query: JournalQuery = { limit: filter.limit ?? 100 };
  if (filter.method) query.method = filter.method;
  if (filter.partner) query.partner = filter.partner;
  if (filter.status) {
    const base = Number(filter.status.replace(/xx$/i, '00'));
    query.status = /xx$/i.test(filter.status) ? { min: base, max: base + 99 } : { min: base, max: base };
  }
  const since = time(filter.since, 'since');
  const until = time(filter.until, 'until');
  if (since !== undefined) query.since = since;
  if (until !== undefined) query.until = until;
  return query;
}

export function journalRoutes(ctx: SandboxContext): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: Filter }>(
      '/requests',
      {
        schema: {
          tags,
          security,
          operationId: 'listRequests',
          summary: 'Recent /v1 and token requests, oldest first, secrets redacted',
          querystring: JournalFilter,
          response: { 200: Type.Array(JournalEntrySchema) },
        },
      },
      async (request) => {
        const pattern = request.query.path ? pathGlob(request.query.path) : undefined;
        return ctx.journal.list(journalQuery(request.query), pattern && ((path) => pattern.test(path)));
      },
    );
    app.delete<{ Querystring: Pick<Filter, 'partner'> }>(
      '/requests',
      {
        schema: {
          tags,
          security,
          operationId: 'clearRequests',
          summary: "Clear the request journal, or one partner's entries",
          querystring: Type.Pick(JournalFilter, ['partner']),
          response: { 200: JournalClearResultSchema },
        },
      },
      async (request) => ({ deleted: await ctx.journal.clear(request.query.partner) }),
    );
  };
}
