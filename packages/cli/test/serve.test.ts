import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = new URL('../dist/bin.js', import.meta.url).pathname;

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

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Starts `partnerbox serve` and collects its banner until the token hint is printed. */
async function serve(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ banner: string; child: ChildProcess }> {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run "npx tsc -b" (npm test does) first`);
  const child = spawn(process.execPath, [bin, 'serve', '--log-level', 'warn', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let banner = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner; got:\n${banner}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
      if (banner.includes('curl -s -X POST')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${banner}`));
    });
  });
  return { banner, child };
}

describe('partnerbox serve', () => {
  it('prints the base URL, the admin key and a curl command that really gets a token', async () => {
    const port = await freePort();
    const dir = mkdtempSync(path.join(tmpdir(), 'partnerbox-serve-'));
    dirs.push(dir);
    const { banner } = await serve(['--port', String(port), '--data-dir', dir]);
    expect(banner).toContain(`listening on http://127.0.0.1:${port}`);
    expect(banner).toMatch(/admin key: {2}pbx_\S+/);
    expect(banner).toContain(`sqlite ${path.join(dir, 'partnerbox.db')}`);
    const curl = banner.split('\n').find((line) => line.trim().startsWith('curl '));
    expect(curl).toBeDefined();
    const { stdout } = await run('bash', ['-c', curl as string]);
    const token = JSON.parse(stdout) as { access_token: string; token_type: string };
    expect(token.token_type).toBe('Bearer');
    const response = await fetch(`http://127.0.0.1:${port}/v1/customers`, {
      headers: { Authorization: `Bearer ${token.access_token}` },
    });
    expect(response.status).toBe(200);
  });

  it('takes the admin key from PARTNERBOX_ADMIN_KEY and the port from PORT', async () => {
    const port = await freePort();
    const { banner } = await serve(['--in-memory'], { PARTNERBOX_ADMIN_KEY: 'my-admin-key', PORT: String(port) });
    expect(banner).toContain('admin key:  my-admin-key');
    const response = await fetch(`http://127.0.0.1:${port}/_sandbox/clock`, {
      headers: { Authorization: 'Bearer my-admin-key' },
    });
    expect(response.status).toBe(200);
  });

  it('refuses bad options with a clear message and a non-zero exit', async () => {
    const failure = await run(process.execPath, [bin, 'serve', '--port', 'abc']).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect((failure as { code: number }).code).not.toBe(0);
    expect((failure as { stderr: string }).stderr).toContain('port');
    const throttle = await run(process.execPath, [bin, 'serve', '--throttle', 'lots']).catch(
      (error: { stderr: string }) => error,
    );
    expect((throttle as { stderr: string }).stderr).toContain('Invalid throttle');
  });
});
