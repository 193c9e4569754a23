/**
 * @module Partnerbox as a newcomer and a partner's project get it. A clean copy of the
 * repository (tracked files only: no node_modules, no dist) runs the README's
 * `npm install && npm start`, and `npx partnerbox` works beside it. Every package is packed
 * there (`prepack` builds it), and the tarballs are installed into an empty project outside the
 * workspace, their third-party dependencies from the npm registry as usual. There: the SDK is
 * imported from ESM and required from CommonJS, a consumer file type-checks under `node16`,
 * `nodenext` and `bundler` without TypeBox in the program, the CLI installed into a prefix
 * carries no server and runs `--version` and an API command, and a vitest file uses the test kit.
 *
 * Slow by nature (two installs that compile better-sqlite3), and run by `npm test` and CI.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, runOk } from './support/run.js';

const workspace = fileURLToPath(new URL('../', import.meta.url));
const PACKAGES = ['contract', 'sdk', 'sandbox', 'cli', 'testing'];
const version = (
  JSON.parse(readFileSync(path.join(workspace, 'packages/sdk/package.json'), 'utf8')) as { version: string }
).version;
const rootDevDependencies = (
  JSON.parse(readFileSync(path.join(workspace, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }
).devDependencies;
const INSTALL_TIMEOUT = 900_000;

/** The environment a user's shell would have: no npm_* variables of the `npm test` running this. */
function userEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!/^(npm_|NODE_OPTIONS|VITEST|PARTNERBOX_|INIT_CWD)/i.test(key)) env[key] = value;
  return { ...env, ...extra };
}

/** The tracked (and new, not ignored) files of the working tree: what a fresh clone has. */
async function cleanCopy(target: string): Promise<void> {
  const listed = await runOk('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: workspace });
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    const from = path.join(workspace, file);
    if (!existsSync(from)) continue;
    mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    cpSync(from, path.join(target, file));
  }
}

/** A sandbox command in the background (its own process group) until it prints where it listens. */
function startProcess(
  command: string,
  args: string[],
  cwd: string,
): Promise<{ child: ChildProcess; url: string; adminKey: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: userEnvironment({ PORT: '0' }),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${command} printed no banner:\n${output}`)), 300_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      const adminKey = /admin key:\s+(\S+)/.exec(output)?.[1];
      if (url && adminKey) {
        clearTimeout(timer);
        resolve({ child, url, adminKey });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => reject(new Error(`${command} exited ${code}:\n${output}`)));
  });
}

interface SandboxPartner {
  tenantId: string;
  kind: string;
  apps: { clientId: string; clientSecret: string }[];
}

describe('a fresh clone, packed and installed', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'partnerbox-pack-'));
  const clone = path.join(scratch, 'partnerbox');
  const tarballs = path.join(scratch, 'tarballs');
  const project = path.join(scratch, 'consumer');
  const prefix = path.join(scratch, 'prefix');
  let server: { child: ChildProcess; url: string; adminKey: string } | undefined;
  const packed = new Map<string, string>();

  beforeAll(async () => {
    await cleanCopy(clone);
    expect(existsSync(path.join(clone, 'node_modules'))).toBe(false);
    expect(existsSync(path.join(clone, 'packages/cli/dist'))).toBe(false);
    await runOk('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: clone,
      env: userEnvironment(),
      timeoutInMs: INSTALL_TIMEOUT,
    });
    mkdirSync(tarballs);
    for (const dir of PACKAGES) {
      const result = await runOk(
        'npm',
        ['pack', '--workspace', `packages/${dir}`, '--pack-destination', tarballs, '--json'],
        {
          cwd: clone,
          env: userEnvironment(),
        },
      );
      const [info] = JSON.parse(result.stdout.slice(result.stdout.indexOf('['))) as { filename: string }[];
      if (!info) throw new Error(`npm pack gave no file for ${dir}`);
      packed.set(dir, path.join(tarballs, info.filename));
    }
    server = await startProcess('npm', ['start'], clone);
  }, INSTALL_TIMEOUT * 2);

  // Removing two installed node_modules trees takes well over the default hook timeout on a
  // busy disk; the removal is asynchronous so the event loop keeps serving the test's timers.
  afterAll(async () => {
    if (server?.child.pid) process.kill(-server.child.pid, 'SIGTERM');
    await rm(scratch, { recursive: true, force: true, maxRetries: 3 });
  }, 600_000);

  it('npx partnerbox works right after npm install && npm start', async () => {
    const help = await runOk('npx', ['partnerbox', '--help'], { cwd: clone, env: userEnvironment() });
    for (const command of ['serve', 'customers', 'orders', 'subscriptions', 'offboard'])
      expect(help.stdout).toContain(command);
    const versioned = await runOk('npx', ['partnerbox', '--version'], { cwd: clone, env: userEnvironment() });
    expect(versioned.stdout.trim()).toBe(version);
    if (!server) throw new Error('no sandbox');
    // npm install built the dashboard (the root's prepare script), and npm start serves it.
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<script type="module"[^>]+src="\/assets\/[^"]+\.js"/);
  });

  it('packs each package with its build, sources for its maps, LICENSE and CHANGELOG, and no tests', async () => {
    for (const [dir, tarball] of packed) {
      const unpacked = path.join(scratch, 'unpacked', dir);
      mkdirSync(unpacked, { recursive: true });
      await runOk('tar', ['-xzf', tarball, '-C', unpacked]);
      const files = (await runOk('tar', ['-tzf', tarball])).stdout.split('\n').filter(Boolean);
      const entry =
        dir === 'cli'
          ? ['package/bin/partnerbox.js', 'package/dist/bin.js']
          : ['package/dist/index.js', 'package/dist/index.d.ts'];
      expect(files, dir).toEqual(
        expect.arrayContaining(['package/package.json', 'package/LICENSE', 'package/CHANGELOG.md', ...entry]),
      );
      // The sandbox ships the built dashboard it serves at /.
      if (dir === 'sandbox') {
        expect(files).toContain('package/dist/dashboard/index.html');
        expect(files.some((f) => /^package\/dist\/dashboard\/assets\/.+\.js$/.test(f))).toBe(true);
      }
      expect(
        files.filter((f) => /\.test(-d)?\.ts$/.test(f)),
        dir,
      ).toEqual([]);
      for (const map of files.filter((f) => f.endsWith('.map'))) {
        const { sources } = JSON.parse(readFileSync(path.join(unpacked, map), 'utf8')) as { sources: string[] };
        for (const source of sources)
          expect(existsSync(path.resolve(path.dirname(path.join(unpacked, map)), source)), `${map} → ${source}`).toBe(
            true,
          );
      }
    }
  });

  describe('in an empty project outside the workspace', () => {
    beforeAll(async () => {
      mkdirSync(project);
      writeFileSync(
        path.join(project, 'package.json'),
        JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
      );
      await runOk(
        'npm',
        [
          'install',
          '--no-audit',
          '--no-fund',
          '--prefer-offline',
          ...PACKAGES.map((dir) => packed.get(dir) ?? ''),
          `typescript@${rootDevDependencies['typescript']}`,
          `vitest@${rootDevDependencies['vitest']}`,
          `@types/node@${rootDevDependencies['@types/node']}`,
        ],
        { cwd: project, env: userEnvironment(), timeoutInMs: INSTALL_TIMEOUT },
      );
    }, INSTALL_TIMEOUT);

    it('imports the SDK from ESM and requires it from CommonJS', async () => {
      writeFileSync(
        path.join(project, 'esm.mjs'),
        "import { PartnerCenterClient, SDK_VERSION } from '@partnerbox/sdk';\nconsole.log(typeof PartnerCenterClient, SDK_VERSION);\n",
      );
      writeFileSync(
        path.join(project, 'cjs.cjs'),
        "const { PartnerCenterClient, SDK_VERSION } = require('@partnerbox/sdk');\nconsole.log(typeof PartnerCenterClient, SDK_VERSION);\n",
      );
      for (const file of ['esm.mjs', 'cjs.cjs'])
        expect((await runOk(process.execPath, [file], { cwd: project })).stdout.trim()).toBe(`function ${version}`);
    });

    it('type-checks a consumer under node16, nodenext and bundler, with no TypeBox in the program', async () => {
      writeFileSync(
        path.join(project, 'consumer.ts'),
        [
          "import { ClientSecretCredential, PartnerCenterClient, type Customer, type Order } from '@partnerbox/sdk';",
          "const client = new PartnerCenterClient({ credential: new ClientSecretCredential('t', 'c', 's') });",
          "export const customer: Customer = await client.customers.get('id');",
          'export const orders: Order[] = (await client.orders.list(customer.id)).items;',
          'for await (const c of client.customers.list()) console.log(c.companyProfile.domain);',
          '// @ts-expect-error relationshipToPartner is a string',
          'export const wrong: number = customer.relationshipToPartner;',
          '',
        ].join('\n'),
      );
      const modes = { node16: 'node16', nodenext: 'nodenext', bundler: 'esnext' } as const;
      for (const [resolution, module] of Object.entries(modes)) {
        const config = `tsconfig.${resolution}.json`;
        writeFileSync(
          path.join(project, config),
          JSON.stringify({
            compilerOptions: {
              target: 'ES2022',
              lib: ['ES2022', 'DOM', 'DOM.AsyncIterable'],
              module,
              moduleResolution: resolution,
              strict: true,
              noEmit: true,
              // Every declaration file in node_modules is checked; the compiler's own lib files are not.
              skipLibCheck: false,
              skipDefaultLibCheck: true,
              types: [],
            },
            files: ['consumer.ts'],
          }),
        );
        const tsc = path.join(project, 'node_modules/typescript/bin/tsc');
        await runOk(process.execPath, [tsc, '-p', config], { cwd: project });
        const listed = await runOk(process.execPath, [tsc, '-p', config, '--listFilesOnly'], { cwd: project });
        expect(listed.stdout, resolution).toContain('@partnerbox/sdk/dist/index.d.ts');
        expect(listed.stdout, resolution).not.toMatch(/typebox/i);
      }
    });

    it('installs the CLI into a prefix without the server, and runs --version and an API command', async () => {
      await runOk(
        'npm',
        [
          'install',
          '--global',
          '--prefix',
          prefix,
          '--no-audit',
          '--no-fund',
          '--prefer-offline',
          packed.get('contract') ?? '',
          packed.get('sdk') ?? '',
          packed.get('cli') ?? '',
        ],
        { cwd: scratch, env: userEnvironment(), timeoutInMs: INSTALL_TIMEOUT },
      );
      const installed = (await runOk('find', [prefix, '-name', 'package.json', '-path', '*node_modules*'])).stdout;
      for (const serverPart of ['better-sqlite3', 'fastify', 'pg', 'swagger-ui-dist', '@scarf', '@partnerbox/sandbox'])
        expect(installed, serverPart).not.toContain(`/node_modules/${serverPart}/package.json`);
      // The only executables a global install links are the CLI's own and those of its two small
      // output libraries (yaml, JMESPath's jp): nothing from a server or a native build.
      const nestedBin = path.join(prefix, 'lib/node_modules/@partnerbox/cli/node_modules/.bin');
      const nestedBins = existsSync(nestedBin) ? readdirSync(nestedBin).sort() : [];
      expect(nestedBins.filter((name) => !['jp', 'yaml'].includes(name))).toEqual([]);

      const partnerbox = path.join(prefix, 'bin', 'partnerbox');
      expect((await runOk(partnerbox, ['--version'], { cwd: scratch, env: userEnvironment() })).stdout.trim()).toBe(
        version,
      );

      if (!server) throw new Error('no sandbox');
      const partners = (await (
        await fetch(`${server.url}/_sandbox/partners`, { headers: { Authorization: `Bearer ${server.adminKey}` } })
      ).json()) as SandboxPartner[];
      const partner = partners.find((p) => p.kind === 'sandbox');
      const app = partner?.apps[0];
      if (!partner || !app) throw new Error('no sandbox partner');
      const env = userEnvironment({
        HOME: scratch,
        PARTNERBOX_BASE_URL: server.url,
        PARTNERBOX_TENANT_ID: partner.tenantId,
        PARTNERBOX_CLIENT_ID: app.clientId,
        PARTNERBOX_CLIENT_SECRET: app.clientSecret,
      });
      const listed = await runOk(partnerbox, ['customers', 'list', '--json'], { cwd: scratch, env });
      expect(Array.isArray(JSON.parse(listed.stdout))).toBe(true);

      const serve = await run(partnerbox, ['serve', '--in-memory', '--port', '0'], {
        cwd: scratch,
        env: userEnvironment(),
      });
      expect(serve.code).toBe(1);
      expect(serve.stderr).toContain('npm install -g @partnerbox/sandbox');
    });

    it('runs partnerbox serve where @partnerbox/sandbox is installed beside the CLI', async () => {
      const serve = await startProcess(
        path.join(project, 'node_modules/.bin/partnerbox'),
        ['serve', '--in-memory', '--port', '0'],
        project,
      );
      try {
        expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);
        const page = await fetch(`${serve.url}/`);
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toContain('text/html');
      } finally {
        if (serve.child.pid) process.kill(-serve.child.pid, 'SIGTERM');
      }
    });

    it('runs a vitest file that uses the test kit', async () => {
      writeFileSync(
        path.join(project, 'kit.test.ts'),
        [
          "import { afterAll, beforeAll, expect, test } from 'vitest';",
          "import { startSandbox, type TestSandbox } from '@partnerbox/testing';",
          'let sandbox: TestSandbox;',
          'beforeAll(async () => { sandbox = await startSandbox(); });',
          'afterAll(() => sandbox.close());',
          "test('a partner of its own, empty, driven by the SDK', async () => {",
          '  const partner = await sandbox.createPartner();',
          "  await sandbox.control.scenario('customers-only', { count: 2, partnerTenantId: partner.tenantId });",
          '  const ids: string[] = [];',
          '  for await (const customer of partner.client().customers.list()) ids.push(customer.id);',
          '  expect(ids).toHaveLength(2);',
          '});',
          '',
        ].join('\n'),
      );
      writeFileSync(path.join(project, 'vitest.config.mjs'), 'export default {};\n');
      const result = await runOk(process.execPath, ['node_modules/vitest/vitest.mjs', 'run'], {
        cwd: project,
        env: userEnvironment(),
      });
      expect(result.stdout).toMatch(/1 passed/);
      expect(readdirSync(path.join(project, 'node_modules/@partnerbox')).sort()).toEqual([...PACKAGES].sort());
    });
  });
});
