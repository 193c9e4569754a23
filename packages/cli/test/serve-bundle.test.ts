/**
 * `partnerbox serve` from the sandbox's single-file build (scripts/bundle-serve.mjs, run by
 * `npm run build`), started as a user starts it, passes the same conformance scenarios as the
 * modules it is built from: routing, validation through Ajv, tokens, customers and
 * orders.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  badInputSuite,
  customerSuite,
  defineConformance,
  orderSuite,
  readPartners,
  routingSuite,
  TEST_ADMIN_KEY,
  tokenSuite,
  type Target,
} from '@partnerbox/conformance';
import { isBundleCurrent } from '@partnerbox/sandbox/fast-start';

const run = promisify(execFile);
const repo = new URL('../../../', import.meta.url).pathname;
const launcher = path.join(repo, 'packages/cli/bin/partnerbox.js');

async function startBundledServe(): Promise<Target> {
  // The same build `npm run build` makes, in the same place (written atomically).
  await run(process.execPath, [path.join(repo, 'scripts/bundle-serve.mjs')], { cwd: repo });
  if (!isBundleCurrent()) throw new Error('the bundle just built is not current');
  const dir = mkdtempSync(path.join(tmpdir(), 'partnerbox-serve-bundle-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PARTNERBOX_ADMIN_KEY: TEST_ADMIN_KEY };
  delete env['PARTNERBOX_NO_BUNDLE'];
  const child: ChildProcess = spawn(
    process.execPath,
    [launcher, 'serve', '--port', '0', '--data-dir', dir, '--provisioning-delay', '0', '--cancellation-delay', '5'],
    { env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner:\n${out}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
  });
  const partners = await readPartners(url, TEST_ADMIN_KEY);
  return {
    name: 'partnerbox serve (single-file build)',
    baseUrls: [url],
    authority: url,
    sandboxPartner: partners.sandbox,
    productionPartner: partners.production,
    control: { adminKey: TEST_ADMIN_KEY, url },
    async close() {
      await new Promise((resolve) => {
        child.once('close', resolve);
        child.kill('SIGTERM');
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

defineConformance('partnerbox serve, single-file build', startBundledServe, { control: true, production: true }, [
  customerSuite,
  orderSuite,
  routingSuite,
  badInputSuite,
  tokenSuite,
]);
