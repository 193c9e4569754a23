/**
 * @module Raw HTTP/1.1 over a TCP socket, for what fetch() would refuse to send: garbage after a
 * request, a Content-Length shorter than the body, pipelined requests. The answer is split into
 * the responses it holds, in order, so a test can see which request each one answers.
 */
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Writes `request`, half-closes, and returns every byte the server sent until it closed. */
export function rawExchange(url: string, request: string | Buffer, timeoutMs = 10_000): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A reset after the answer was read is the server closing hard: what came before counts.
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') resolve(Buffer.concat(chunks).toString('latin1'));
      else reject(error);
    });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no end of answer within ${timeoutMs} ms`)));
  });
}

/** Splits a byte stream into HTTP/1.1 responses framed by Content-Length (all this server sends). */
export function parseResponses(stream: string): RawResponse[] {
  const responses: RawResponse[] = [];
  let rest = stream;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    const status = /^HTTP\/1\.1 (\d{3})/.exec(rest);
    if (end < 0 || !status) throw new Error(`not an HTTP response: ${JSON.stringify(rest.slice(0, 200))}`);
    const headers: Record<string, string> = {};
    for (const line of rest.slice(0, end).split('\r\n').slice(1)) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length'] ?? '0');
    responses.push({ status: Number(status[1]), headers, body: rest.slice(end + 4, end + 4 + length) });
    rest = rest.slice(end + 4 + length);
  }
  return responses;
}

/** One request as raw text; `body` is sent as given, `contentLength` may lie about it. */
export function rawRequest(
  method: string,
  path: string,
  options: { token?: string; body?: string; contentLength?: number; headers?: Record<string, string> } = {},
): string {
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1'];
  if (options.token) lines.push(`Authorization: Bearer ${options.token}`);
  for (const [name, value] of Object.entries(options.headers ?? {})) lines.push(`${name}: ${value}`);
  if (options.body !== undefined || options.contentLength !== undefined) {
    lines.push('Content-Type: application/json');
    lines.push(`Content-Length: ${options.contentLength ?? Buffer.byteLength(options.body ?? '')}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n${options.body ?? ''}`;
}
