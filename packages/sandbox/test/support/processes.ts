/**
 * @module Real `partnerbox serve` processes for the scale-out tests: free ports, start-up, and
 * clean shutdown. They run the built CLI (packages/cli/dist), as an operator would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { readPartners, type Target } from '@partnerbox/conformance';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const CLI_BIN = fileURLToPath(new URL('../../../cli/dist/bin.js', import.meta.url));

/** The CLI must have been built (`npx tsc -b`; `npm test` does it first). */
export function requireBuiltCli(): string {
  if (!existsSync(CLI_BIN))
    throw new Error(
      `${CLI_BIN} is missing: these tests run the built CLI. Build it first with \`npx tsc -b\` (npm test does).`,
    );
  return CLI_BIN;
}

/** A port that was free a moment ago: bind 127.0.0.1:0, read the port, release it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A child process with its output kept for failure messages. */
export class Child {
  readonly name: string;
  readonly process: ChildProcess;
  readonly exited: Promise<Exit>;
  #output = '';

  constructor(name: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env) {
    this.name = name;
    this.process = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      // Keep the tail only: enough to explain a failure, bounded however long the process runs.
      this.#output = (this.#output + chunk.toString('utf8')).slice(-20_000);
    };
    this.process.stdout?.on('data', keep);
    this.process.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      this.process.once('exit', (code, signal) => resolve({ code, signal }));
      this.process.once('error', (error) => {
        keep(Buffer.from(`spawn failed: ${error.message}\n`));
        resolve({ code: -1, signal: null });
      });
    });
  }

  get output(): string {
    return this.#output;
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** Resolves once `pattern` appears in the output; rejects if the process exits or time runs out. */
  async waitForOutput(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.#output);
      if (match) return match;
      if (!this.running) throw new Error(`${this.name} exited before printing ${pattern}:\n${this.#output}`);
      if (Date.now() > deadline)
        throw new Error(`${this.name} did not print ${pattern} in ${timeoutMs} ms:\n${this.#output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** SIGKILL, and wait until the process is gone. */
  async kill(): Promise<Exit> {
    if (this.running) this.process.kill('SIGKILL');
    return this.exited;
  }

  /** SIGTERM (graceful), then SIGKILL if it is still there after `graceMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<Exit> {
    if (!this.running) return this.exited;
    this.process.kill(signal);
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
    if ((await Promise.race([this.exited, timer])) === 'timeout') this.process.kill('SIGKILL');
    return this.exited;
  }
}

export interface ServeOptions {
  name: string;
  /** A PostgreSQL connection string; absent, the store is SQLite in memory. */
  databaseUrl?: string;
  adminKey: string;
  port?: number;
  /** More `partnerbox serve` flags. */
  args?: readonly string[];
}

export interface ServeProcess {
  child: Child;
  url: string;
  port: number;
}

/** Starts `partnerbox serve` (on PostgreSQL, or in memory) and waits for its banner. */
export async function startServe(options: ServeOptions): Promise<ServeProcess> {
  requireBuiltCli();
  const port = options.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = { ...process.env, PARTNERBOX_ADMIN_KEY: options.adminKey };
  // Only the flags below configure the instance, whatever the environment running the tests says.
  delete env['PARTNERBOX_DATABASE_URL'];
  delete env['PARTNERBOX_POOL_SIZE'];
  delete env['PARTNERBOX_DATABASE_TIMEOUT'];
  delete env['PORT'];
  const child = new Child(
    options.name,
    process.execPath,
    [
      CLI_BIN,
      'serve',
      ...(options.databaseUrl ? ['--database', options.databaseUrl] : ['--in-memory']),
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--log-level',
      'warn',
      ...(options.args ?? []),
    ],
    env,
  );
  const match = await child.waitForOutput(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
  return { child, url: match[1] as string, port };
}

/**
 * `partnerbox serve` as a conformance Target, in its own process: a test whose server may block
 * its event loop (a regression the test exists to catch) keeps its own timers running.
 */
export async function startServeTarget(options: Omit<ServeOptions, 'name'> & { name?: string }): Promise<Target> {
  const serve = await startServe({ name: 'partnerbox serve', ...options });
  try {
    const partners = await readPartners(serve.url, options.adminKey);
    return {
      name: options.name ?? `partnerbox serve ${options.databaseUrl ? 'postgres' : 'in memory'}`,
      baseUrls: [serve.url],
      authority: serve.url,
      sandboxPartner: partners.sandbox,
      productionPartner: partners.production,
      control: { adminKey: options.adminKey, url: serve.url },
      async close() {
        await serve.child.stop();
      },
    };
  } catch (error) {
    await serve.child.stop();
    throw error;
  }
}
