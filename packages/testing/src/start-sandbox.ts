/**
 * @module startSandbox(): a Partnerbox sandbox in this process on a free port, silent, with
 * its partners' credentials ready; connectSandbox() for one already running (a shared sandbox
 * from a global setup, or `partnerbox serve`).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { buildApp, SQLITE_FILE_NAME, type StoreConfig } from '@partnerbox/sandbox';
import { SandboxControl, type CreatePartnerOptions } from './sandbox-control.js';
import { testPartner, type TestPartner } from './test-partner.js';

export interface StartSandboxOptions {
  /** A PostgreSQL connection string: the sandbox's tables are created there if absent. */
  databaseUrl?: string;
  /** A directory for an SQLite file. Default (and without `databaseUrl`): in memory. */
  dataDir?: string;
  /** Seconds a new order stays pending. Default 0 here (the server's default is 3). */
  provisioningDelaySeconds?: number;
  /**
   * Seconds a cancellation stays in progress. Default 0 here (the server's is 10); set it to
   * test code that polls, and move the clock with `control.advanceClock()` instead of sleeping.
   */
  cancellationDelaySeconds?: number;
  /** e.g. `500/min`, per tenant and resource. Off by default. */
  throttle?: string;
  /** Default: a random key. */
  adminKey?: string;
  /** Entries the request journal keeps (oldest dropped first); 0 turns it off. Default 1000. */
  journalSize?: number;
  /** The server's log lines on stdout at this level. Default: none. */
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error';
}

export interface ConnectSandboxOptions {
  /** The sandbox's base URL (API and token authority), e.g. `http://127.0.0.1:4000`. */
  url: string;
  adminKey: string;
}

export interface TestSandbox extends AsyncDisposable {
  /** API root and token authority: give it to clients as both. */
  readonly url: string;
  readonly adminKey: string;
  readonly control: SandboxControl;
  /** The integration-sandbox partner every sandbox starts with (shared by whoever uses this sandbox). */
  readonly partner: TestPartner;
  /** The production partner every sandbox starts with. */
  readonly productionPartner: TestPartner;
  /** A partner of its own: it sees only its own customers, so tests need no reset. */
  createPartner(options?: CreatePartnerOptions): Promise<TestPartner>;
  /** Stops the sandbox if this process started it; a connected one keeps running. */
  close(): Promise<void>;
}

function storeConfig(options: StartSandboxOptions): StoreConfig {
  if (options.databaseUrl) return { kind: 'postgres', connectionString: options.databaseUrl };
  if (options.dataDir) return { kind: 'sqlite', file: path.join(options.dataDir, SQLITE_FILE_NAME) };
  return { kind: 'memory' };
}

async function sandboxAt(url: string, adminKey: string, close: () => Promise<void>): Promise<TestSandbox> {
  const control = new SandboxControl(url, adminKey);
  const partners = await control.listPartners();
  const seeded = (kind: 'sandbox' | 'production') => {
    const listing = partners.find((p) => p.kind === kind);
    if (!listing) throw new Error(`The sandbox at ${url} has no ${kind} partner`);
    return testPartner(url, listing);
  };
  return {
    url,
    adminKey,
    control,
    partner: seeded('sandbox'),
    productionPartner: seeded('production'),
    createPartner: async (options) => testPartner(url, await control.createPartner(options)),
    close,
    [Symbol.asyncDispose]: close,
  };
}

/**
 * @example
 * ```ts
 * const sandbox = await startSandbox();
 * const partner = await sandbox.createPartner();
 * for await (const customer of partner.client().customers.list()) console.log(customer.id);
 * await sandbox.close();
 * ```
 */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<TestSandbox> {
  const adminKey = options.adminKey ?? `pbx_test_${randomBytes(16).toString('hex')}`;
  const app = await buildApp({
    store: storeConfig(options),
    adminKey,
    provisioningDelaySeconds: options.provisioningDelaySeconds ?? 0,
    cancellationDelaySeconds: options.cancellationDelaySeconds ?? 0,
    ...(options.throttle ? { throttle: options.throttle } : {}),
    ...(options.journalSize !== undefined ? { journalSize: options.journalSize } : {}),
    logger: options.logLevel ? { level: options.logLevel } : false,
  });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('The sandbox has no TCP address');
    let closed: Promise<void> | undefined;
    return await sandboxAt(`http://127.0.0.1:${address.port}`, adminKey, () => (closed ??= app.close()));
  } catch (error) {
    await app.close();
    throw error;
  }
}

/** A sandbox started elsewhere: `close()` leaves it running. */
export function connectSandbox(options: ConnectSandboxOptions): Promise<TestSandbox> {
  return sandboxAt(options.url.replace(/\/+$/, ''), options.adminKey, async () => undefined);
}
