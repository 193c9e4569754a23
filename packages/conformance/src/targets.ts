/**
 * @module Targets to run the suites against: the sandbox started in this process on a real
 * port (embedded SQLite file, memory, or PostgreSQL, one or several instances), or a real
 * Partner Center integration sandbox described by environment variables (opt-in).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp, SQLITE_FILE_NAME, type SandboxOptions, type StoreConfig } from '@partnerbox/sandbox';
import { SandboxControl } from '@partnerbox/testing';
import type { PartnerCredentials, Target } from './target.js';

/** The sandbox and production partners' credentials, from the control plane. */
export async function readPartners(
  url: string,
  adminKey: string,
): Promise<{ sandbox: PartnerCredentials; production: PartnerCredentials }> {
  const partners = await new SandboxControl(url, adminKey).listPartners();
  const credentials = (kind: 'sandbox' | 'production'): PartnerCredentials => {
    const p = partners.find((x) => x.kind === kind);
    const app = p?.apps[0];
    const user = p?.users[0];
    if (!p || !app) throw new Error(`No ${kind} partner`);
    return {
      tenantId: p.tenantId,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      ...(user ? { userName: user.userName, password: user.password } : {}),
    };
  };
  return { sandbox: credentials('sandbox'), production: credentials('production') };
}

export interface EmbeddedTargetOptions extends Omit<SandboxOptions, 'store'> {
  /** Default: a fresh SQLite file in a temporary directory. */
  store?: StoreConfig;
  /** Several instances on the same store config (PostgreSQL); requests alternate. */
  instances?: number;
  name?: string;
}

export const TEST_ADMIN_KEY = 'pbx_test_admin_key';

/** Starts the sandbox in this process, listening on 127.0.0.1 with an ephemeral port. */
export async function startEmbeddedTarget(options: EmbeddedTargetOptions = {}): Promise<Target> {
  let tempDir: string | undefined;
  let store = options.store;
  if (!store) {
    tempDir = mkdtempSync(path.join(tmpdir(), 'partnerbox-conformance-'));
    store = { kind: 'sqlite', file: path.join(tempDir, SQLITE_FILE_NAME) };
  }
  const count = options.instances ?? 1;
  if (count > 1 && store.kind !== 'postgres') throw new Error('Several instances need a PostgreSQL store');
  const apps: Awaited<ReturnType<typeof buildApp>>[] = [];
  for (let i = 0; i < count; i++) {
    const app = await buildApp({
      provisioningDelaySeconds: 0,
      cancellationDelaySeconds: 5,
      ...options,
      store,
      adminKey: options.adminKey ?? TEST_ADMIN_KEY,
      serverId: `conformance-${i}`,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    apps.push(app);
  }
  const urls = apps.map((app) => {
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('No listening address');
    return `http://127.0.0.1:${address.port}`;
  });
  const first = urls[0] as string;
  const adminKey = options.adminKey ?? TEST_ADMIN_KEY;
  const partners = await readPartners(first, adminKey);
  return {
    name: options.name ?? `embedded ${store.kind}${count > 1 ? ` ×${count}` : ''}`,
    baseUrls: urls,
    authority: first,
    sandboxPartner: partners.sandbox,
    productionPartner: partners.production,
    control: { adminKey, url: first },
    async close() {
      await Promise.all(apps.map((app) => app.close()));
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    },
  };
}

/**
 * A real Partner Center integration sandbox, when `PARTNERBOX_CONFORMANCE_TENANT_ID`,
 * `…_CLIENT_ID` and `…_CLIENT_SECRET` are set (and optionally `…_BASE_URL`, `…_AUTHORITY`,
 * `…_USERNAME`, `…_PASSWORD`). Never set in CI: suites that need the control plane are left out.
 */
export function targetFromEnvironment(env: NodeJS.ProcessEnv = process.env): Target | undefined {
  const tenantId = env['PARTNERBOX_CONFORMANCE_TENANT_ID'];
  const clientId = env['PARTNERBOX_CONFORMANCE_CLIENT_ID'];
  const clientSecret = env['PARTNERBOX_CONFORMANCE_CLIENT_SECRET'];
  if (!tenantId || !clientId || !clientSecret) return undefined;
  const userName = env['PARTNERBOX_CONFORMANCE_USERNAME'];
  const password = env['PARTNERBOX_CONFORMANCE_PASSWORD'];
  return {
    name: 'Partner Center integration sandbox',
    baseUrls: [env['PARTNERBOX_CONFORMANCE_BASE_URL'] ?? 'https://api.partnercenter.microsoft.com'],
    authority: env['PARTNERBOX_CONFORMANCE_AUTHORITY'] ?? 'https://login.microsoftonline.com',
    sandboxPartner: { tenantId, clientId, clientSecret, ...(userName && password ? { userName, password } : {}) },
    async close() {},
  };
}
