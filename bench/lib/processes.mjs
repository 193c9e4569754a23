// Processes the benchmark measures: `partnerbox serve` spawned as a user starts it (the
// checked-in launcher, default logging unless told otherwise, stdout a pipe), and bare
// Fastify processes serving fixed bytes. CPU is read from /proc, so each figure can be the
// server's CPU per request rather than a throughput that swings with the machine's load.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
export const LAUNCHER = path.join(ROOT, 'packages/cli/bin/partnerbox.js');
export const BARE_SERVER = path.join(ROOT, 'bench/bare-server.mjs');
export const ADMIN_KEY = 'bench-admin-key';

/** CPU time (user + system, every thread) a process has used, in ms. */
export function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in 1/100 s ticks
}

/** Resident memory of a process, in MB. */
export function rssMb(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

export function scratchDir(prefix = 'pbx-bench-') {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

function waitForLine(child, lines, test, what) {
  return new Promise((resolve, reject) => {
    const onLine = (line) => {
      const match = test(line);
      if (match) {
        lines.off('line', onLine);
        child.off('exit', onExit);
        resolve(match);
      }
    };
    const onExit = (code) => reject(new Error(`${what} exited with ${code} before it was ready`));
    lines.on('line', onLine);
    child.once('exit', onExit);
  });
}

/**
 * `partnerbox serve` on port 0, its stdout a file (as under a process manager, so the
 * benchmark's own process does not read it): `args` are added to the command line. The
 * server's `logLines()` counts the JSON lines it has written.
 */
export async function startServe({ args = [], env = {} } = {}) {
  const logFile = path.join(scratchDir('pbx-serve-log-'), 'stdout.log');
  const out = openSync(logFile, 'w');
  const child = spawn(process.execPath, [LAUNCHER, 'serve', '--port', '0', ...args], {
    cwd: ROOT,
    stdio: ['ignore', out, 'inherit'],
    env: { ...process.env, PARTNERBOX_ADMIN_KEY: ADMIN_KEY, ...env },
  });
  closeSync(out);
  let exited = false;
  child.once('exit', () => (exited = true));
  const started = Date.now();
  let url;
  while (!url) {
    if (exited) throw new Error(`partnerbox serve exited before it was ready: ${readFileSync(logFile, 'utf8')}`);
    if (Date.now() - started > 60_000) throw new Error('partnerbox serve did not start within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
    url = /listening on (http:\/\/\S+)/.exec(readFileSync(logFile, 'utf8'))?.[1];
  }
  const logLines = () =>
    readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{')).length;
  return { child, url, logFile, logLines, stop: () => stop(child) };
}

/** A bare Fastify process answering GET /{anything} with the bytes of `body` as JSON. */
export async function startBare(body) {
  const file = path.join(scratchDir('pbx-bare-'), 'body.json');
  writeFileSync(file, body);
  const child = spawn(process.execPath, [BARE_SERVER, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const url = await waitForLine(child, lines, (line) => /listening on (http:\/\/\S+)/.exec(line)?.[1], 'bare server');
  return { child, url, stop: () => stop(child) };
}

export function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Admin-key call on the control plane. */
export async function control(url, method, pathname, body) {
  const response = await fetch(`${url}/_sandbox${pathname}`, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} /_sandbox${pathname} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** An App-only token for a partner (the integration-sandbox one by default). */
export async function appToken(url, partner = {}) {
  return (await control(url, 'POST', '/tokens', partner)).access_token;
}

export function customerBody(label) {
  return {
    companyProfile: { domain: `${label}.onmicrosoft.com` },
    billingProfile: {
      email: 'a@b.com',
      culture: 'en-US',
      language: 'en',
      companyName: label,
      defaultAddress: { country: 'US', city: 'Redmond', addressLine1: 'One Microsoft Way' },
    },
  };
}

export async function api(url, token, method, pathname, body) {
  const response = await fetch(`${url}/v1${pathname}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} /v1${pathname} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}
