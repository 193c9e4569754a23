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

/** Starts `partnerbox serve` and collects its banner until its last line, the export block's. */
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
      // The export block comes last.
      if (/export PARTNERBOX_ADMIN_KEY=.*\n/.test(banner)) {
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

  it('quotes every credential for the shell and prints an export block the CLI runs with as pasted', async () => {
    const port = await freePort();
    const { banner } = await serve(['--in-memory', '--port', String(port)], { PARTNERBOX_ADMIN_KEY: "adm'n!$key" });
    const partners = (await (
      await fetch(`http://127.0.0.1:${port}/_sandbox/partners`, { headers: { Authorization: "Bearer adm'n!$key" } })
    ).json()) as {
      kind: string;
      tenantId: string;
      apps: { clientId: string; clientSecret: string }[];
      users: { userName: string; password: string }[];
    }[];
    const lines = banner.split('\n');
    // Each password and secret line, read by bash, gives the value back exactly.
    const words = async (line: string) =>
      (await run('bash', ['-c', `for w in ${line}; do printf '%s\\n' "$w"; done`])).stdout.split('\n');
    for (const partner of partners) {
      const user = partner.users[0];
      const app = partner.apps[0];
      const userLine = lines.find((line) => line.trim().startsWith(`user:  ${user?.userName} `));
      expect((await words(userLine?.trim().replace(/^user: +/, '') ?? ''))[2]).toBe(user?.password);
      const appLine = lines.find((line) => line.includes(`client id ${app?.clientId}`));
      expect((await words(appLine?.trim().replace(/^app: +/, '') ?? ''))[4]).toBe(app?.clientSecret);
    }

    const block = lines.filter((line) => line.trim().startsWith('export ')).join('\n');
    const sandbox = partners.find((partner) => partner.kind === 'sandbox');
    const { stdout } = await run(
      'bash',
      [
        '-euc',
        `${block}\nprintf '%s\\n' "$PARTNERBOX_CLIENT_SECRET" "$PARTNERBOX_ADMIN_KEY"\n'${process.execPath}' '${bin}' customers list -o json`,
      ],
      { env: { PATH: process.env['PATH'], HOME: tmpdir() } },
    );
    const [secret, adminKey, ...json] = stdout.split('\n');
    expect(secret).toBe(sandbox?.apps[0]?.clientSecret);
    expect(adminKey).toBe("adm'n!$key");
    expect(JSON.parse(json.join('\n'))).toEqual([]);
    expect(block).toContain(`export PARTNERBOX_TENANT_ID=${sandbox?.tenantId}`);
    expect(block).toContain('export PARTNERBOX_INTEGRATION_SANDBOX=1');
  });

  it('npm start says that it builds before the banner', async () => {
    const port = await freePort();
    const root = new URL('../../../', import.meta.url).pathname;
    const child = spawn('npm', ['start', '--', '--in-memory', '--port', String(port), '--log-level', 'warn'], {
      cwd: root,
      env: { ...process.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner; got:\n${out}`)), 240_000);
        child.stdout?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('Partnerbox sandbox listening on')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`npm start exited with ${code}:\n${out}`));
        });
      });
    } finally {
      // npm, sh and node: the whole process group.
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    }
    const building = out.indexOf('partnerbox: building the packages and the serve bundle first');
    expect(building).toBeGreaterThanOrEqual(0);
    expect(building).toBeLessThan(out.indexOf('Partnerbox sandbox listening on'));
  }, 300_000);
});
