/**
 * @module The prompts (delete and offboard confirmation, config init with its hidden secret) and the progress bars in a real terminal: the CLI runs in a
 * detached tmux session of fixed size (on a private tmux socket), the test reads the screen with
 * capture-pane and answers with send-keys. Waits are bounded; sessions are always killed.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, runCli, startCliSandbox, type CliSandbox } from './helpers/cli.js';

const run = promisify(execFile);
const socket = `partnerbox-test-${process.pid}-${randomBytes(3).toString('hex')}`;
const dir = mkdtempSync(path.join(tmpdir(), 'partnerbox-tmux-'));

function tmux(...args: string[]): Promise<{ stdout: string }> {
  return run('tmux', ['-L', socket, ...args], { timeout: 10_000 });
}

/** Reads the pane (wrapped lines joined) until `pattern` shows up; at most `attempts` × 100 ms. */
async function waitForScreen(session: string, pattern: RegExp, attempts = 300): Promise<string> {
  let screen = '';
  for (let i = 0; i < attempts; i++) {
    screen = (await tmux('capture-pane', '-p', '-J', '-t', session)).stdout;
    if (pattern.test(screen)) return screen;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${pattern} never appeared on the screen:\n${screen}`);
}

/** Starts `partnerbox <args>` in a detached 120×30 session; the pane stays after the exit code is printed. */
async function startInTerminal(
  session: string,
  env: Record<string, string | undefined>,
  args: string[],
): Promise<void> {
  const script = path.join(dir, `${session}.sh`);
  const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
  const exports = Object.entries({ ...env, LANG: 'C.UTF-8', HOME: dir })
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `export ${key}=${quote(value)}`);
  writeFileSync(
    script,
    [
      ...exports,
      `${quote(process.execPath)} ${quote(bin)} ${args.map(quote).join(' ')}`,
      'echo "EXIT=$?"',
      'sleep 120',
      '',
    ].join('\n'),
  );
  chmodSync(script, 0o700);
  await tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '30', `sh ${quote(script)}`);
}

async function inTerminal<T>(session: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    await tmux('kill-session', '-t', session).catch(() => undefined);
  }
}

function exitCodeOn(screen: string): number {
  return Number(/EXIT=(\d+)/.exec(screen)?.[1] ?? NaN);
}

let sandbox: CliSandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startCliSandbox({ cancellationDelaySeconds: 1 });
  token = await sandbox.api.token(sandbox.sandbox);
});
afterAll(async () => {
  await tmux('kill-server').catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
  await sandbox.close();
});

async function customerExists(id: string): Promise<boolean> {
  return (await sandbox.api.request('GET', `/v1/customers/${id}`, { token })).status === 200;
}

describe('confirmation in a real terminal', () => {
  it('asks before deleting; "n" deletes nothing, "y" deletes', async () => {
    const [customer] = (await sandbox.api.control.scenario('customers-only', { count: 1 })).customers;
    if (!customer) throw new Error('nothing seeded');
    const env = sandbox.env(sandbox.sandbox);

    await inTerminal('answer-no', async () => {
      await startInTerminal('answer-no', env, ['customers', 'delete', customer.id]);
      const prompt = await waitForScreen('answer-no', /\[y\/N\] *$/m);
      expect(prompt).toContain(`Delete customer ${customer.id} (Customers Only 1)?`);
      await tmux('send-keys', '-t', 'answer-no', 'n', 'Enter');
      const screen = await waitForScreen('answer-no', /EXIT=\d+/);
      expect(screen).toContain('Not confirmed: nothing was changed.');
      expect(exitCodeOn(screen)).toBe(3);
    });
    expect(await customerExists(customer.id)).toBe(true);

    await inTerminal('answer-yes', async () => {
      await startInTerminal('answer-yes', env, ['customers', 'delete', customer.id]);
      await waitForScreen('answer-yes', /\[y\/N\] *$/m);
      await tmux('send-keys', '-t', 'answer-yes', 'y', 'Enter');
      const screen = await waitForScreen('answer-yes', /EXIT=\d+/);
      expect(screen).toContain(`Deleted customer ${customer.id} (Customers Only 1).`);
      expect(exitCodeOn(screen)).toBe(0);
    });
    expect(await customerExists(customer.id)).toBe(false);
  });

  it('offboards after "y", drawing progress bars for customers and orders', async () => {
    const seeded = await sandbox.api.control.scenario('offboarding', { count: 2 });
    const env = sandbox.env(sandbox.sandbox);

    await inTerminal('offboard', async () => {
      await startInTerminal('offboard', env, ['offboard', '--all', '--sandbox-account', '--poll-interval', '300ms']);
      const prompt = await waitForScreen('offboard', /\[y\/N\] *$/m);
      expect(prompt).toContain('Offboard all 2 customers of tenant');
      await tmux('send-keys', '-t', 'offboard', 'y', 'Enter');
      const screen = await waitForScreen('offboard', /EXIT=\d+/);
      expect(exitCodeOn(screen)).toBe(0);
      // The bars were redrawn in place: their final state, once each.
      expect(screen).toMatch(/^customers \[█{24}\] 2\/2 done; elapsed \S+$/m);
      expect(screen).toMatch(/^orders {4}\[█{24}\] 6\/6 cancelled$/m);
      expect(screen.match(/^customers \[/gm)).toHaveLength(1);
      expect(screen).toMatch(/^Offboarded 2 of 2 customer\(s\) in \S+\.$/m);
      for (const customer of seeded.customers)
        expect(screen).toMatch(new RegExp(`^${customer.id} .+ offboarded +3 `, 'm'));
    });
    for (const customer of seeded.customers) expect(await customerExists(customer.id)).toBe(false);
  });

  it('config init asks for each value, takes the secret without showing it, and saves an owner-only profile', async () => {
    const partner = sandbox.sandbox;
    const session = 'config-init';
    await inTerminal(session, async () => {
      await startInTerminal(session, {}, ['config', 'init']);
      const answer = async (prompt: RegExp, ...keys: string[]) => {
        await waitForScreen(session, prompt);
        await tmux('send-keys', '-t', session, '-l', keys.join(''));
        await tmux('send-keys', '-t', session, 'Enter');
      };
      await answer(/Profile name \[default\]: $/m, 'tmux');
      // Enter with nothing typed takes the default shown in brackets; here a sandbox instead.
      await answer(/API root \[https:\/\/api\.partnercenter\.microsoft\.com\]: $/m, sandbox.baseUrl);
      await answer(/Partner tenant id \(Enter: sign in to pick it\): $/m, partner.tenantId);
      await answer(/Application \(client\) id: $/m, partner.clientId);
      // The secret is typed with a mistake and a backspace; nothing of it may reach the screen.
      await waitForScreen(session, /Client secret, hidden \(Enter: none, for App\+User through partnerbox login\): $/m);
      await tmux('send-keys', '-t', session, '-l', `${partner.clientSecret}x`);
      await tmux('send-keys', '-t', session, 'BSpace', 'Enter');
      await answer(/Is the account a Partner Center integration sandbox\? \(y\/N\) \[n\]: $/m, 'y');
      const screen = await waitForScreen(session, /EXIT=\d+/);
      expect(exitCodeOn(screen)).toBe(0);
      expect(screen).toContain('Saved profile "tmux" in');
      expect(screen).not.toContain(partner.clientSecret);
    });
    const file = path.join(dir, '.config', 'partnerbox', 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as {
      defaultProfile: string;
      profiles: Record<string, unknown>;
    };
    expect(stored.defaultProfile).toBe('tmux');
    expect(stored.profiles['tmux']).toEqual({
      baseUrl: sandbox.baseUrl,
      tenantId: partner.tenantId,
      clientId: partner.clientId,
      clientSecret: partner.clientSecret,
      integrationSandbox: true,
    });
    const listed = await runCli(['customers', 'list', '-o', 'json'], { env: { HOME: dir } });
    expect(listed.code).toBe(0);
  });

  it('Ctrl+C at a config init question saves nothing (exit 130)', async () => {
    const session = 'config-interrupt';
    await inTerminal(session, async () => {
      await startInTerminal(session, {}, ['config', 'init', '--config', path.join(dir, 'interrupted.json')]);
      await waitForScreen(session, /Profile name \[default\]: $/m);
      await tmux('send-keys', '-t', session, 'C-c');
      const screen = await waitForScreen(session, /EXIT=\d+/);
      expect(exitCodeOn(screen)).toBe(130);
      expect(screen.match(/Interrupted: nothing was saved\./g)).toHaveLength(1);
    });
    expect(existsSync(path.join(dir, 'interrupted.json'))).toBe(false);
  });
});
