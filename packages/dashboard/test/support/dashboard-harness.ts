/**
 * @module What the dashboard's browser tests share: a real `partnerbox serve` (the built CLI, an
 * SQLite file or PostgreSQL) on an ephemeral port, one Debian chromium driven by playwright-core,
 * the control plane, an axe-core scan, and screenshots for docs/dashboard.md.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Child, CLI_BIN, freePort, requireBuiltCli } from '../../../sandbox/test/support/processes.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
export const SCREENSHOT_DIR = path.join(root, 'docs/dashboard');
const BUILT_INDEX = path.join(root, 'packages/sandbox/dist/dashboard/index.html');
const AXE = path.join(root, 'node_modules/axe-core/axe.min.js');

/** Set by `npm run screenshots`: the tests then also write the pictures docs/dashboard.md shows. */
export const WRITE_SCREENSHOTS = process.env['PARTNERBOX_WRITE_SCREENSHOTS'] === '1';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Sandbox {
  url: string;
  adminKey: string;
  child: Child;
  close(): Promise<void>;
}

/** `partnerbox serve` on an SQLite file in a fresh directory, or on the PostgreSQL database given. */
export async function startSandbox(options: { databaseUrl?: string; args?: string[] } = {}): Promise<Sandbox> {
  requireBuiltCli();
  if (!existsSync(BUILT_INDEX))
    throw new Error(`${BUILT_INDEX} is missing: build the dashboard first with \`npm run build\` (npm test does).`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pbx-dashboard-'));
  const adminKey = `pbx_dashboard_test_${Math.random().toString(36).slice(2)}`;
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PARTNERBOX_ADMIN_KEY: adminKey };
  // Only the flags below configure the instance, whatever the environment running the tests says.
  delete env['PARTNERBOX_DATABASE_URL'];
  delete env['PARTNERBOX_POOL_SIZE'];
  delete env['PORT'];
  const store = options.databaseUrl ? ['--database', options.databaseUrl] : ['--data-dir', dataDir];
  const child = new Child(
    'partnerbox serve',
    process.execPath,
    [
      CLI_BIN,
      'serve',
      ...store,
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
  return {
    url: match[1] as string,
    adminKey,
    child,
    async close() {
      await child.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync('/usr/bin/chromium'))
    throw new Error(
      '/usr/bin/chromium is missing: run `bash scripts/ensure-system-packages.sh` as root (npm test does).',
    );
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** The control plane, as a test script (not the page) calls it. */
export async function control<T>(sandbox: Sandbox, method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${sandbox.url}/_sandbox${route}`, {
    method,
    headers: {
      Authorization: `Bearer ${sandbox.adminKey}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} /_sandbox${route}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export interface TestPartner {
  tenantId: string;
  kind: 'sandbox' | 'production';
  name: string;
  apps: { clientId: string; clientSecret: string }[];
  users: { userName: string; password: string }[];
}

/** A partner of the test's own (with an app and a user), so no test sees another's customers. */
export async function createPartner(sandbox: Sandbox, kind: 'sandbox' | 'production', name: string) {
  return control<TestPartner>(sandbox, 'POST', '/partners', { kind, name });
}

/** The API as a script sees it, with an App+User token for the partner: what the page must agree with. */
export async function api<T>(sandbox: Sandbox, partner: TestPartner, route: string): Promise<T> {
  const token = await control<{ access_token: string }>(sandbox, 'POST', '/tokens', {
    partnerTenantId: partner.tenantId,
    mode: 'user',
  });
  const response = await fetch(`${sandbox.url}/v1${route}`, {
    headers: { Authorization: `Bearer ${token.access_token}` },
  });
  if (!response.ok) throw new Error(`GET /v1${route}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

let axeScript: string | undefined;
const axeSource = () => (axeScript ??= readFileSync(AXE, 'utf8'));

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's WCAG 2.x A/AA rules in the page as it is now; the serious and critical findings. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's own CSP (script-src 'self') stays on.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource());
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(context: Document, options: unknown): Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}

/** Where a failed test's last page goes (the temporary directory, never the repository). */
export function failureScreenshot(testName: string): string {
  return path.join(tmpdir(), `partnerbox-dashboard-failure-${testName.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`);
}

/** With PARTNERBOX_WRITE_SCREENSHOTS=1, the page at 1280 and 390 px wide, under docs/dashboard/. */
export async function screenshots(page: Page, name: string): Promise<void> {
  if (!WRITE_SCREENSHOTS) return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const original = page.viewportSize();
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 1280 ? 800 : 844 });
    await page.waitForTimeout(100);
    // The top of long pages (the journal grows): what a reader needs, at a size a repository keeps.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, `${name}-${width}.png`),
      fullPage: true,
      clip: { x: 0, y: 0, width, height: Math.min(height, width === 1280 ? 1800 : 2400) },
    });
  }
  if (original) await page.setViewportSize(original);
}
