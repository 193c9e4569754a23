/**
 * What `partnerbox serve` logs by default, as a user starts it (the checked-in launcher, its
 * own process, stdout a pipe): one completion line per request with its fields, JSON when
 * stdout is not a terminal, readable with `--log-format pretty`, nothing with
 * `--log-level silent`, and every line written out when the process stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';

const launcher = new URL('../bin/partnerbox.js', import.meta.url).pathname;
const ADMIN_KEY = 'logging-test-key';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

interface Served {
  child: ChildProcess;
  url: string;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Sends SIGTERM and resolves with the exit code once stdout has closed. */
  stop(): Promise<number | null>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

async function serve(args: string[]): Promise<Served> {
  const port = await freePort();
  const child = spawn(process.execPath, [launcher, 'serve', '--in-memory', '--port', String(port), ...args], {
    env: { ...process.env, PARTNERBOX_ADMIN_KEY: ADMIN_KEY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner; got:\n${out}`)), 30_000);
    const check = () => {
      if (!out.includes('curl -s -X POST')) return;
      clearTimeout(timer);
      child.stdout?.off('data', check);
      resolve();
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${out}`));
    });
  });
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    stdout: () => out,
    stop: () => {
      child.kill('SIGTERM');
      return closed;
    },
  };
}

async function appToken(url: string): Promise<string> {
  const response = await fetch(`${url}/_sandbox/tokens`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
    body: '{}',
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('partnerbox serve logging', () => {
  it('writes one JSON completion line per request, with its fields, and loses none when it stops', async () => {
    const served = await serve([]);
    const token = await appToken(served.url);
    // Enough lines to fill several write batches, the last one still queued when SIGTERM comes.
    const count = 400;
    for (let batch = 0; batch < count; batch += 50) {
      await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const response = await fetch(`${served.url}/v1/customers?size=1`, {
            headers: {
              Authorization: `Bearer ${token}`,
              'MS-RequestId': `log-test-${batch + i}`,
              'MS-CorrelationId': '5a3c0f0e-0000-4000-8000-00000000000c',
            },
          });
          expect(response.status).toBe(200);
          await response.arrayBuffer();
        }),
      );
    }
    const missing = await fetch(`${served.url}/v1/customers/00000000-0000-4000-8000-000000000404`, {
      headers: { Authorization: `Bearer ${token}`, 'MS-RequestId': 'log-test-404' },
    });
    expect(missing.status).toBe(404);
    expect(await served.stop()).toBe(0);

    const lines = jsonLines(served.stdout());
    expect(lines.filter((line) => line['msg'] === 'incoming request')).toEqual([]);
    const completed = lines.filter((line) => line['msg'] === 'request completed');
    const byId = new Map(completed.map((line) => [line['requestId'], line]));
    expect(completed).toHaveLength(byId.size); // one line per request, never two
    for (let i = 0; i < count; i++) {
      const line = byId.get(`log-test-${i}`);
      expect(line, `line of request ${i}`).toMatchObject({
        level: 30,
        method: 'GET',
        url: '/v1/customers?size=1',
        statusCode: 200,
        correlationId: '5a3c0f0e-0000-4000-8000-00000000000c',
      });
      expect(typeof line?.['time']).toBe('number');
      expect(line?.['responseTimeMs']).toBeGreaterThanOrEqual(0);
    }
    expect(byId.get('log-test-404')).toMatchObject({
      statusCode: 404,
      url: '/v1/customers/00000000-0000-4000-8000-000000000404',
    });
  });

  it('writes readable lines with --log-format pretty', async () => {
    const served = await serve(['--log-format', 'pretty']);
    const token = await appToken(served.url);
    const response = await fetch(`${served.url}/v1/customers`, {
      headers: { Authorization: `Bearer ${token}`, 'MS-RequestId': 'pretty-line' },
    });
    expect(response.status).toBe(200);
    expect(await served.stop()).toBe(0);
    const out = served.stdout();
    expect(jsonLines(out)).toEqual([]);
    expect(out).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}GET \/v1\/customers 200 [\d.]+ ms {2}requestId=pretty-line /m);
  });

  it('writes no log line with --log-level silent', async () => {
    const served = await serve(['--log-level', 'silent']);
    const response = await fetch(`${served.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await served.stop()).toBe(0);
    const out = served.stdout();
    expect(out).toContain('listening on');
    expect(jsonLines(out)).toEqual([]);
    expect(out).not.toContain('request completed');
  });

  it('starts and goes on serving when the reader of its stdout has gone away (serve | head -1)', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [launcher, 'serve', '--in-memory', '--port', String(port)], {
      env: { ...process.env, PARTNERBOX_ADMIN_KEY: ADMIN_KEY },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The reading end closes before the banner: every write to the pipe answers EPIPE.
    child.stdout?.destroy();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${port}`;
    for (let tries = 0; ; tries++) {
      const up = await fetch(`${url}/healthz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (up) break;
      if (child.exitCode !== null || tries > 300) throw new Error(`serve did not come up: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const token = await appToken(url);
    for (let n = 0; n < 300; n++) {
      const response = await fetch(`${url}/v1/customers?size=1`, { headers: { Authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    await new Promise((resolve) => setTimeout(resolve, 300)); // the log's next write, which fails too
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(child.exitCode).toBeNull();
    expect(stderr).not.toContain('EPIPE');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
