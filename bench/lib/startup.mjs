// Start-up to first answer: a process spawned on a known port, polled every 5 ms until a GET
// answers 200. Both sides are started the same way (node, a file, a port), so the ratio is
// what the sandbox adds to a bare Fastify process.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createServer } from 'node:net';
import { ADMIN_KEY, stop } from './processes.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/** Milliseconds from spawn to the first 200 on `pathname`. */
export async function timeToFirst200({ args, env = {}, pathname = '/healthz' }) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args(port), {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PARTNERBOX_ADMIN_KEY: ADMIN_KEY, PORT: String(port), ...env },
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  try {
    for (;;) {
      if (exited) throw new Error(`${args(port).join(' ')} exited before answering`);
      if (performance.now() - started > 60_000) throw new Error(`${args(port).join(' ')}: no answer in 60 s`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}${pathname}`);
        await response.arrayBuffer();
        if (response.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    await stop(child);
  }
}
