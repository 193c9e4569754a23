/**
 * @module Running the built `partnerbox` as its own process against a real sandbox: the sandbox
 * listens on a real port in the test process, the CLI gets only the environment a user would set.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ApiClient,
  startEmbeddedTarget,
  type EmbeddedTargetOptions,
  type PartnerCredentials,
  type Target,
} from '@partnerbox/conformance';

export const bin = new URL('../../dist/bin.js', import.meta.url).pathname;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed (stdin is a pipe, never a terminal). */
  input?: string;
  timeoutInMs?: number;
  /** The file node runs (default dist/bin.js, the modules); the launcher runs the single-file build. */
  entry?: string;
  /** Node's own options before it (`--import`, say). */
  nodeOptions?: string[];
}

/** A home directory with no config file, so the user's own ~/.config never leaks into a test. */
const home = mkdtempSync(path.join(tmpdir(), 'partnerbox-cli-home-'));
process.once('exit', () => rmSync(home, { recursive: true, force: true }));

/** The environment the CLI sees: PATH, an empty HOME, and what the test passes. */
export function cliEnvironment(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: home, LANG: 'C.UTF-8' };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) base[key] = value;
  return base;
}

/** Runs `partnerbox <args>` to completion; kills it after `timeoutInMs` (default 120 s). */
export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run "npx tsc -b" (npm test does) first`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeOptions ?? []), options.entry ?? bin, ...args], {
      env: cliEnvironment(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`partnerbox ${args.join(' ')} did not finish in time\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, options.timeoutInMs ?? 120_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Parses the single JSON document a `--json` run prints. */
export function json<T = unknown>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`not one JSON document on stdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}

export interface CliSandbox {
  target: Target;
  api: ApiClient;
  baseUrl: string;
  sandbox: PartnerCredentials;
  production: PartnerCredentials;
  /** The `PARTNERBOX_*` variables for a partner's App-only credential. */
  env(partner: PartnerCredentials, extra?: Record<string, string | undefined>): Record<string, string | undefined>;
  /** A refresh token of the partner's user (the password grant, as test tenants allow). */
  refreshToken(partner: PartnerCredentials): Promise<string>;
  close(): Promise<void>;
}

/** A real sandbox on 127.0.0.1 with an ephemeral port and a fresh SQLite file. */
export async function startCliSandbox(options: EmbeddedTargetOptions = {}): Promise<CliSandbox> {
  const target = await startEmbeddedTarget(options);
  const production = target.productionPartner;
  if (!production) throw new Error('no production partner');
  const baseUrl = target.baseUrls[0] ?? '';
  return {
    target,
    api: new ApiClient(target),
    baseUrl,
    sandbox: target.sandboxPartner,
    production,
    env: (partner, extra = {}) => ({
      PARTNERBOX_BASE_URL: baseUrl,
      PARTNERBOX_TENANT_ID: partner.tenantId,
      PARTNERBOX_CLIENT_ID: partner.clientId,
      PARTNERBOX_CLIENT_SECRET: partner.clientSecret,
      ...extra,
    }),
    async refreshToken(partner) {
      const response = await fetch(`${target.authority}/${partner.tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'password',
          client_id: partner.clientId,
          client_secret: partner.clientSecret,
          username: partner.userName ?? '',
          password: partner.password ?? '',
          scope: 'https://api.partnercenter.microsoft.com/user_impersonation offline_access',
        }).toString(),
      });
      const body = (await response.json()) as { refresh_token?: string };
      if (!body.refresh_token) throw new Error(`password grant failed: ${response.status}`);
      return body.refresh_token;
    },
    close: () => target.close(),
  };
}

/** GUIDs as Partner Center prints them. */
export const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** A loopback port that nothing listens on: one the system just handed out and took back. */
export function closedPort(): Promise<number> {
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

/** A `partnerbox` process still running: its output so far, a wait for a line, and its end. */
export interface RunningCli {
  child: ReturnType<typeof spawn>;
  output(): CliResult;
  /** Resolves once stdout or stderr matches `pattern`; rejects when the process ends first. */
  waitFor(pattern: RegExp): Promise<void>;
  done: Promise<CliResult>;
}

/** Starts `partnerbox <args>` without waiting for it (stdin a closed pipe), killed after `timeoutInMs`. */
export function startCli(args: string[], options: RunOptions = {}): RunningCli {
  const child = spawn(process.execPath, [bin, ...args], {
    env: cliEnvironment(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void; reject: (error: Error) => void }[] = [];
  const check = () => {
    for (const waiter of waiters.splice(0)) {
      if (waiter.pattern.test(stdout) || waiter.pattern.test(stderr)) waiter.resolve();
      else waiters.push(waiter);
    }
  };
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    check();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    check();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutInMs ?? 120_000);
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      for (const waiter of waiters.splice(0)) {
        waiter.reject(
          new Error(`exited with ${code} before ${waiter.pattern}\nstdout:\n${stdout}\nstderr:\n${stderr}`),
        );
      }
      resolve({ code, stdout, stderr });
    });
  });
  child.stdin.end(options.input ?? '');
  return {
    child,
    output: () => ({ code: child.exitCode, stdout, stderr }),
    waitFor: (pattern) =>
      new Promise<void>((resolve, reject) => {
        waiters.push({ pattern, resolve, reject });
        check();
      }),
    done,
  };
}
