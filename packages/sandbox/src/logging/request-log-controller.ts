/**
 * @module RequestLogController: one line per request, written when the answer is complete.
 * Fastify's default writes two (incoming and completed) with the whole request serialized;
 * on the hot path that was most of what `serve`'s default logging cost (docs/benchmarks.md).
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { REQUEST_COMPLETED_MESSAGE } from './format-log-line.js';
import { RequestLogger } from './request-logger.js';

/** The fields of the completion line, which docs/sandbox.md ("Logs") documents. */
export interface RequestCompletedFields {
  method: string;
  url: string;
  statusCode: number;
  responseTimeMs: number;
  correlationId?: string;
}

export class RequestLogController extends LogController {
  override incomingRequest(): void {
    // Nothing: the completion line carries the method and URL too.
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const log = reply.log;
    const message = error ? 'request errored' : REQUEST_COMPLETED_MESSAGE;
    // `pc` is set by the pipeline's first hook; a request refused before it has none.
    const correlationId = (request as { pc?: { correlationId?: string } | null }).pc?.correlationId;
    if (log instanceof RequestLogger) {
      // One object literal with the request id first: the line the request's child would have
      // written (its bindings come first), without the child. Spreading the bindings and the
      // fields into a new object instead cost ~9 µs a line.
      const line: RequestCompletedFields & { requestId: string } = {
        requestId: request.id,
        method: request.method,
        url: request.url,
        statusCode: reply.statusCode,
        responseTimeMs: Math.round(reply.elapsedTime * 100) / 100,
      };
      if (correlationId) line.correlationId = correlationId;
      log.completed(line, message, error ?? undefined);
      return;
    }
    const fields: RequestCompletedFields = {
      method: request.method,
      url: request.url,
      statusCode: reply.statusCode,
      responseTimeMs: Math.round(reply.elapsedTime * 100) / 100,
    };
    if (correlationId) fields.correlationId = correlationId;
    if (error) log.error({ ...fields, err: error }, message);
    else log.info(fields, message);
  }
}
