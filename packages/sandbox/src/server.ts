/**
 * @module startServer: `partnerbox serve` without the command line. Opens the store, listens,
 * and prints where the sandbox is, the admin key, and how to get a token.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type SandboxOptions } from './app.js';
import { shellQuote } from './shell-quote.js';
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
  /** `--tls`: HTTPS with a certificate signed by a local CA made once per data directory. */
  tls?: boolean;
  /** `--tls-cert`/`--tls-key`: files of one's own certificate (chain) and key, in PEM. */
  tlsCert?: string;
  tlsKey?: string;
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  adminKey: string;
  /** The local CA's certificate file, for `--tls` without a certificate of one's own. */
  caPath: string | undefined;
  close(): Promise<void>;
}

interface ServerTls {
  https: { cert: string; key: string };
  caPath: string | undefined;
  /** In-memory mode's CA directory, removed when the server closes (its certificates die with it). */
  temporaryDir?: string;
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

/** The certificate to serve with: one's own files, or the data directory's local CA's (made on first use). */
async function serverTls(options: ServeOptions): Promise<ServerTls | undefined> {
  if (options.tlsCert !== undefined || options.tlsKey !== undefined) {
    if (!options.tlsCert || !options.tlsKey) throw new Error('--tls-cert and --tls-key go together: name both files');
    const [cert, key] = await Promise.all([readFile(options.tlsCert, 'utf8'), readFile(options.tlsKey, 'utf8')]);
    return { https: { cert, key }, caPath: undefined };
  }
  if (!options.tls) return undefined;
  const dir = options.inMemory
    ? await mkdtemp(path.join(tmpdir(), 'partnerbox-tls-'))
    : path.resolve(options.dataDir ?? '.partnerbox', 'tls');
  const names: string[] = [];
  if (options.host && !WILDCARD_HOSTS.has(options.host)) names.push(options.host);
  if (options.publicUrl) names.push(new URL(options.publicUrl).hostname);
  // Loaded only for --tls: X.509 is not on every start's path.
  const { localCertificates } = await import('./tls/local-certificates.js');
  const made = await localCertificates(dir, names);
  return {
    https: { cert: made.cert, key: made.key },
    caPath: made.caPath,
    ...(options.inMemory ? { temporaryDir: dir } : {}),
  };
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

let stdoutClosed = false;

/**
 * The banner's lines on stdout. A reader that goes away (`partnerbox serve | head -1`) leaves a
 * pipe that answers EPIPE: the sandbox stops writing there and goes on serving, as it would
 * with its output sent nowhere, rather than dying of an unhandled 'error' event.
 */
function printToStdout(line: string): void {
  if (stdoutClosed) return;
  if (process.stdout.listenerCount('error') === 0)
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      stdoutClosed = true;
      if (error.code !== 'EPIPE')
        process.stderr.write(`partnerbox: stdout failed (${error.message}); no more output there\n`);
    });
  process.stdout.write(`${line}\n`);
}

export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const serveLogger: ServeLogger | undefined =
    options.logLevel === 'silent'
      ? undefined
      : createServeLogger({ level: options.logLevel ?? 'info', format: options.logFormat ?? 'auto' });
  const { host = '127.0.0.1', port = 4000, print = printToStdout } = options;
  const tls = await serverTls(options);
  const sandboxOptions: SandboxOptions = {
    ...options,
    ...(tls ? { https: tls.https, tls: true } : {}),
    store: storeConfigFrom(options),
    ...(serveLogger ? { loggerInstance: serveLogger.logger } : { logger: false }),
  };
  const app = await buildApp(sandboxOptions);
  const close = async () => {
    try {
      await app.close();
    } finally {
      serveLogger?.flush();
      if (tls?.temporaryDir) await rm(tls.temporaryDir, { recursive: true, force: true });
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
  const url = `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  const ctx = app.sandbox;
  const partners = await ctx.store.listPartners();
  print(`Partnerbox sandbox listening on ${url}`);
  if (ctx.settings.origin.publicUrl) print(`  public URL: ${ctx.settings.origin.publicUrl}`);
  if (ctx.settings.origin.trustProxy) print('  behind a proxy: links follow X-Forwarded-Proto and X-Forwarded-Host');
  if (tls?.caPath) {
    print(`  TLS CA:     ${tls.caPath}  (the local CA that signed this server's certificate)`);
    print(`  trust it:   NODE_EXTRA_CA_CERTS=${tls.caPath}`);
  }
  print(`  store:      ${ctx.store.location}`);
  print(`  admin key:  ${ctx.settings.adminKey}  (control plane: ${url}/_sandbox, Authorization: Bearer <key>)`);
  print(`  API docs:   ${url}/docs  (OpenAPI: ${url}/openapi.json)`);
  for (const { partner, apps, users } of partners) {
    const appRecord = apps[0];
    const user = users[0];
    print(
      `  ${partner.kind === 'sandbox' ? 'integration-sandbox' : 'production'} partner ${partner.id} (${partner.domain})`,
    );
    if (appRecord) print(`    app:   client id ${appRecord.clientId}  secret ${shellQuote(appRecord.clientSecret)}`);
    if (user) print(`    user:  ${user.userName}  password ${shellQuote(user.password)}`);
  }
  const sandbox = partners.find((p) => p.partner.kind === 'sandbox');
  const sandboxApp = sandbox?.apps[0];
  if (sandbox && sandboxApp) {
    print('  get an App-only token for the integration-sandbox partner:');
    print(
      `    curl -s${tls?.caPath ? ` --cacert ${tls.caPath}` : ''} -X POST ${url}/${sandbox.partner.id}/oauth2/v2.0/token -d grant_type=client_credentials -d client_id=${sandboxApp.clientId} --data-urlencode ${shellQuote(`client_secret=${sandboxApp.clientSecret}`)} --data-urlencode scope=https://api.partnercenter.microsoft.com/.default`,
    );
    // The CLI reads these (docs/cli.md); SDK code passes them from process.env.
    print('  for the CLI and the SDK (process.env), the integration-sandbox partner:');
    const exports: [string, string][] = [
      ['PARTNERBOX_BASE_URL', url],
      ['PARTNERBOX_TENANT_ID', sandbox.partner.id],
      ['PARTNERBOX_CLIENT_ID', sandboxApp.clientId],
      ['PARTNERBOX_CLIENT_SECRET', sandboxApp.clientSecret],
      ['PARTNERBOX_INTEGRATION_SANDBOX', '1'],
      ['PARTNERBOX_ADMIN_KEY', ctx.settings.adminKey],
      ...(tls?.caPath ? ([['NODE_EXTRA_CA_CERTS', tls.caPath]] as [string, string][]) : []),
    ];
    for (const [name, value] of exports) print(`    export ${name}=${shellQuote(value)}`);
  }
  return { app, url, adminKey: ctx.settings.adminKey, caPath: tls?.caPath, close };
}
