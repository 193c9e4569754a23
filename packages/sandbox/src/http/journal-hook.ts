/**
 * @module The onSend hook that records each `/v1` and token request in the request journal:
 * a draft taken synchronously from what the reply already holds (status, ids, the body about
 * to go out), handed to the journal's batch, no I/O and no formatting on the request's path.
 */
import type { FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify';
import { HEADERS } from '@partnerbox/contract';
import { journalBody } from '../journal/redact.js';
import { draftResponse, type JournalDraft, type RequestJournal } from '../journal/request-journal.js';

const TOKEN_PATH = /\/oauth2\/(v2\.0\/)?token$/i;

function header(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : String(first);
}

/** The partner a request acted as: the token's tenant on `/v1`, the path's on the token endpoint. */
function partnerOf(request: FastifyRequest, path: string): string | undefined {
  const principal = (request as Partial<Pick<FastifyRequest, 'principal'>>).principal;
  if (principal) return principal.partner.id;
  if (TOKEN_PATH.test(path)) return path.split('/')[1]?.toLowerCase() || undefined;
  return undefined;
}

function splitUrl(url: string): { path: string; query: string } {
  const queryAt = url.indexOf('?');
  return queryAt < 0 ? { path: url, query: '' } : { path: url.slice(0, queryAt), query: url.slice(queryAt) };
}

function draft(request: FastifyRequest, reply: FastifyReply, payload: unknown, serverId: string): JournalDraft {
  const { path, query } = splitUrl(request.url);
  const sent = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload.toString() : undefined;
  return {
    atMs: Date.now() - reply.elapsedTime,
    durationMs: Math.round(reply.elapsedTime * 1000) / 1000,
    method: request.method,
    path,
    query,
    status: reply.statusCode,
    partner: partnerOf(request, path),
    requestId: header(reply.getHeader(HEADERS.requestId)) ?? request.id,
    correlationId: header(reply.getHeader(HEADERS.correlationId)) ?? header(request.headers[HEADERS.correlationId]),
    serverId,
    // Now, not at write time: the parsed body is an object a handler could still change.
    requestBody: journalBody(request.body),
    response: draftResponse(sent),
  };
}

/** `only`: journal just the paths it matches (the authority's token endpoints, not its metadata). */
export function journalHook(journal: RequestJournal, serverId: string, only?: RegExp): onSendHookHandler<unknown> {
  return (request, reply, payload, done) => {
    if (journal.enabled && (!only || only.test(splitUrl(request.url).path))) {
      try {
        journal.record(draft(request, reply, payload, serverId));
      } catch (error) {
        // The journal never costs a client its answer: an entry it cannot build is left out.
        request.log.warn({ err: error }, 'request not journaled');
      }
    }
    done(null, payload);
  };
}

/** Only the token endpoints of the authority's routes are journaled (not its metadata). */
export const TOKEN_REQUESTS = TOKEN_PATH;
