/**
 * @module The pieces every request passes through: Partner Center's request and response
 * headers, body parsing, and the one place errors are rendered.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HEADERS } from '@partnerbox/contract';
import { newCorrelationVector } from '../domain/ids.js';
import { CORRELATION_ID, errors, isPartnerCenterError, PartnerCenterError } from '../errors.js';
import { StoreConflictError, StoreUnavailableError } from '../store/store-errors.js';
import { parseLenientJson } from './lenient-json.js';

export interface RequestInfo {
  requestId: string;
  /** True when the client sent `MS-RequestId`: only then is it an idempotency key. */
  requestIdFromClient: boolean;
  correlationId: string;
  locale: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    pc: RequestInfo;
  }
}

const MAX_ID_LENGTH = 128;

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  const trimmed = text?.trim();
  return trimmed && trimmed.length <= MAX_ID_LENGTH ? trimmed : undefined;
}

export function sendError(reply: FastifyReply, error: PartnerCenterError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) {
    const correlationId = String(reply.getHeader('MS-CorrelationId') ?? randomUUID());
    reply.header(name, value.replace(CORRELATION_ID, correlationId));
  }
  return reply.code(error.statusCode).type('application/json; charset=utf-8').send(error.body);
}

function translate(error: FastifyError): PartnerCenterError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return errors.payloadTooLarge(1_048_576);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return errors.unsupportedMediaType('unsupported');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return errors.invalidInput('body', 'A JSON body is required.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return errors.invalidInput('Content-Length', 'The Content-Length does not match the body.');
    default:
      break;
  }
  if (error instanceof StoreUnavailableError) return errors.serviceUnavailable(5, 'The sandbox store is unavailable.');
  if (error instanceof StoreConflictError)
    return errors.serviceUnavailable(1, 'The request collided with a concurrent one; retry it.');
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500)
    return errors.invalidInput('request', error.message);
  return undefined;
}

/**
 * URLs the router refuses before any hook runs (malformed percent-encoding, a path segment
 * over the length limit): answered in Partner Center's error shape, with its id headers.
 */
export function frameworkError(error: { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const invalid = errors.invalidInput('path', tooLong ? 'A path segment is too long.' : 'The URL is not valid.');
  reply.header('MS-RequestId', headerValue(request, HEADERS.requestId) ?? randomUUID());
  reply.header('MS-CorrelationId', headerValue(request, HEADERS.correlationId) ?? randomUUID());
  void sendError(reply, tooLong ? new PartnerCenterError(414, invalid.body) : invalid);
}

/**
 * The most of a body refused as too large that is read and thrown away to keep its connection.
 * Past it (or with no Content-Length to tell), the connection is closed after the 413.
 */
export const MAX_DRAINED_BODY_BYTES = 16 * 1_048_576;

/**
 * A body over the limit is refused before it has all arrived, and Fastify answers its 413 with
 * `Connection: close`: Node then destroyed the socket while the client was still sending, the
 * unread bytes made the kernel reset the connection, and a client that had not read the answer
 * yet got "other side closed" instead of the 413 (about one request in a hundred, fetch on
 * loopback). Kept open, Node reads the rest of the body and throws it away (bounded here by the
 * Content-Length, and by the server's request timeout), the 413 arrives whole, and the
 * connection serves the client's next request.
 */
function keepConnectionToDrain(request: FastifyRequest, reply: FastifyReply): void {
  const declared = Number(request.headers['content-length']);
  if (!Number.isSafeInteger(declared) || declared > MAX_DRAINED_BODY_BYTES) return;
  if (request.headers['transfer-encoding'] !== undefined) return;
  reply.removeHeader('connection');
}

/** Registers headers, body parsers, the error handler and the not-found handler on the root. */
export function registerPipeline(app: FastifyInstance, serverId: string): void {
  app.decorateRequest('pc', null as unknown as RequestInfo);

  // A callback, not an async function: nothing here waits, and a promise per request is not free.
  app.addHook('onRequest', (request, reply, done) => {
    const clientRequestId = headerValue(request, HEADERS.requestId);
    const correlationId = headerValue(request, HEADERS.correlationId) ?? randomUUID();
    const locale = headerValue(request, HEADERS.locale) ?? 'en-US';
    request.pc = {
      requestId: clientRequestId ?? request.id,
      requestIdFromClient: clientRequestId !== undefined,
      correlationId,
      locale,
    };
    // No child logger for the correlation id (one more object and serialization per request):
    // the completion line and the error lines below name it themselves.
    reply.header('MS-RequestId', request.pc.requestId);
    reply.header('MS-CorrelationId', correlationId);
    reply.header('MS-CV', newCorrelationVector());
    reply.header('MS-ServerId', serverId);
    reply.header('X-Locale', locale);
    done();
  });

  // Partner Center reads JSON whatever the Content-Type says, and the docs' own cancel
  // example sends none; so does this server. Form bodies are the token endpoint's business.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseLenientJson(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isPartnerCenterError(error)) return sendError(reply, error);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') keepConnectionToDrain(request, reply);
    const translated = translate(error);
    if (translated) {
      if (translated.statusCode >= 500)
        request.log.warn({ err: error, correlationId: request.pc?.correlationId }, 'store unavailable');
      return sendError(reply, translated);
    }
    request.log.error({ err: error, correlationId: request.pc?.correlationId }, 'unhandled error');
    return sendError(reply, errors.internal());
  });

  app.setNotFoundHandler((request, reply) => sendError(reply, errors.notFound(request.url.split('?')[0] ?? '')));
}

/** What each connection still owes: responses not yet finished, and an error answer held back. */
interface ConnectionState {
  open: number;
  heldError?: (() => void) | undefined;
  answered: boolean;
}

const connections = new WeakMap<Duplex, ConnectionState>();

function connectionState(socket: Duplex): ConnectionState {
  let state = connections.get(socket);
  if (!state) {
    state = { open: 0, answered: false };
    connections.set(socket, state);
  }
  return state;
}

/**
 * Counts the responses each connection owes. Node's parser emits a complete request and only
 * then reports the bytes after it as an error; answering that error at once closed the socket
 * before the request's own response was written, so a committed DELETE reached its client as
 * a 400. The error answer now waits until every request already read has been answered.
 */
export function trackResponses(server: Server): void {
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const state = connectionState(request.socket);
    state.open++;
    response.once('close', () => {
      state.open--;
      const held = state.heldError;
      if (state.open === 0 && held) {
        state.heldError = undefined;
        held();
      }
    });
  });
}

function errorAnswer(error: Error & { code?: string }): string {
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const invalid = tooLarge
    ? errors.invalidInput('headers', 'The request headers are too large.')
    : errors.invalidInput('request', 'The request is not valid HTTP.');
  const body = JSON.stringify(invalid.body);
  return (
    `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\n` +
    `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
    `Connection: close\r\n\r\n${body}`
  );
}

/**
 * What Node's HTTP parser refuses before Fastify sees a request (headers over the size limit,
 * malformed HTTP) still gets Partner Center's error body, not Fastify's default one, after the
 * answers to the requests read before it on the same connection (see trackResponses).
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  const state = connectionState(socket);
  // The parser reports again on every later chunk: one answer per connection.
  if (state.answered || state.heldError) return;
  const answer = () => {
    state.answered = true;
    // Not writable: the last response said `Connection: close` and Node is closing the socket
    // once it is flushed; destroying it here could cut that response short.
    if (socket.writable) socket.end(errorAnswer(error));
  };
  if (error.code === 'ECONNRESET' || !socket.writable) {
    state.answered = true;
    socket.destroy();
  } else if (state.open > 0) state.heldError = answer;
  else answer();
}
