/**
 * @module A plain HTTP helper for the scale-out tests: every request has a timeout (a hang is a
 * failure, never a stuck test), and network failures are classified instead of thrown, so a test
 * can assert that a request to a killed process failed with a connection error and nothing else.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read bodies loosely and assert their fields
export type Json = any;

export interface HttpResult {
  status: number;
  headers: Headers;
  body: Json;
  text: string;
}

export interface SendOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Default 30 s: generous, only there so that a hang fails the test instead of stalling it. */
  timeoutMs?: number;
}

export type Outcome =
  | { kind: 'response'; response: HttpResult }
  /** The TCP connection was refused, reset or closed before a response: a dead process. */
  | { kind: 'connection'; code: string; message: string }
  | { kind: 'timeout'; message: string }
  | { kind: 'other'; message: string };

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

export async function send(url: string, method: string, options: SendOptions = {}): Promise<HttpResult> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.token) headers['Authorization'] = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const response = await fetch(url, {
    method,
    headers,
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      parsed = undefined;
    }
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** The error code buried in a fetch failure (undici wraps it in `cause`, sometimes twice). */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const inner = (current as { errors?: unknown[] }).errors?.[0];
    current = (current as { cause?: unknown }).cause ?? inner;
  }
  return undefined;
}

export function classify(error: unknown): Exclude<Outcome, { kind: 'response' }> {
  const message =
    error instanceof Error ? `${error.message}${error.cause ? `: ${String(error.cause)}` : ''}` : String(error);
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return { kind: 'timeout', message };
  const code = errorCode(error);
  if (code && CONNECTION_CODES.has(code)) return { kind: 'connection', code, message };
  return { kind: 'other', message: `${code ?? 'no code'}: ${message}` };
}

export async function attempt(url: string, method: string, options: SendOptions = {}): Promise<Outcome> {
  try {
    return { kind: 'response', response: await send(url, method, options) };
  } catch (error) {
    return classify(error);
  }
}

/** Polls `check` until it returns a value, at most `timeoutMs`; the last failure is in the error. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  { timeoutMs = 60_000, intervalMs = 200 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no attempt yet';
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
      last = 'not yet';
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (last: ${last})`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Runs `tasks` with at most `concurrency` in flight; results in task order. */
export async function pool<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) results[i] = await task(i);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}
