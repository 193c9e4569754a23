/**
 * @module startServer: `partnerbox serve` without the command line. Opens the store, listens,
 * and prints where the sandbox is, the admin key, and how to get a token.
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type SandboxOptions } from './app.js';
import { createServeLogger, type LogFormat, type ServeLogger } from './logging/serve-logger.js';
import { SQLITE_FILE_NAME, type StoreConfig } from './store/open-store.js';

export interface ServeOptions extends Omit<SandboxOptions, 'store' | 'logger' | 'loggerInstance'> {
  host?: string;
  port?: number;
  /** Directory of the embedded SQLite store. Default `./.partnerbox`. */
  dataDir?: string;
  inMemory?: boolean;
  /** A PostgreSQL connection string; the embedded store otherwise. */
  databaseUrl?: string;
  /** Most connections this instance opens to PostgreSQL (default 10); ignored for SQLite. */
  poolSize?: number;
  /** The longest a request waits on PostgreSQL before it answers 503, in ms (default 10 s). */
  databaseTimeoutMs?: number;
  /** `info` (default: one line per request), `silent`, or any pino level. */
  logLevel?: string;
  /** `auto` (default): human-readable on a terminal, JSON lines otherwise. */
  logFormat?: LogFormat;
  /** Where the banner goes; default stdout. */
  print?: (line: string) => void;
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  adminKey: string;
  close(): Promise<void>;
}

export function storeConfigFrom(
  options: Pick<ServeOptions, 'dataDir' | 'inMemory' | 'databaseUrl' | 'poolSize' | 'databaseTimeoutMs'>,
): StoreConfig {
  if (options.databaseUrl)
    return {
      kind: 'postgres',
      connectionString: options.databaseUrl,
      ...(options.poolSize !== undefined ? { poolSize: options.poolSize } : {}),
      ...(options.databaseTimeoutMs !== undefined ? { timeoutMs: options.databaseTimeoutMs } : {}),
    };
  if (options.inMemory) return { kind: 'memory' };
  return { kind: 'sqlite', file: path.join(options.dataDir ?? '.partnerbox', SQLITE_FILE_NAME) };
}

export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const serveLogger: ServeLogger | undefined =
    options.logLevel === 'silent'
      ? undefined
      : createServeLogger({ level: options.logLevel ?? 'info', format: options.logFormat ?? 'auto' });
  const { host = '127.0.0.1', port = 4000, print = (line: string) => process.stdout.write(`${line}\n`) } = options;
  const sandboxOptions: SandboxOptions = {
    ...options,
    store: storeConfigFrom(options),
    ...(serveLogger ? { loggerInstance: serveLogger.logger } : { logger: false }),
  };
  const app = await buildApp(sandboxOptions);
  const close = async () => {
    try {
      await app.close();
    } finally {
      serveLogger?.flush();
    }
  };
  try {
    await app.listen({ host, port });
  } catch (error) {
    await close();
    throw error;
  }
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  const ctx = app.sandbox;
  const partners = await ctx.store.listPartners();
  print(`Partnerbox sandbox listening on ${url}`);
  print(`  store:      ${ctx.store.location}`);
  print(`  admin key:  ${ctx.settings.adminKey}  (control plane: ${url}/_sandbox, Authorization: Bearer <key>)`);
  print(`  API docs:   ${url}/docs  (OpenAPI: ${url}/openapi.json)`);
  for (const { partner, apps, users } of partners) {
    const appRecord = apps[0];
    const user = users[0];
    print(
      `  ${partner.kind === 'sandbox' ? 'integration-sandbox' : 'production'} partner ${partner.id} (${partner.domain})`,
    );
    if (appRecord) print(`    app:   client id ${appRecord.clientId}  secret ${appRecord.clientSecret}`);
    if (user) print(`    user:  ${user.userName}  password ${user.password}`);
  }
  const sandbox = partners.find((p) => p.partner.kind === 'sandbox');
  const sandboxApp = sandbox?.apps[0];
  if (sandbox && sandboxApp) {
    print('  get an App-only token for the integration-sandbox partner:');
    print(
      `    curl -s -X POST ${url}/${sandbox.partner.id}/oauth2/v2.0/token -d grant_type=client_credentials -d client_id=${sandboxApp.clientId} --data-urlencode client_secret=${sandboxApp.clientSecret} --data-urlencode scope=https://api.partnercenter.microsoft.com/.default`,
    );
  }
  return { app, url, adminKey: ctx.settings.adminKey, close };
}
