/**
 * @module `partnerbox serve`: the sandbox on the embedded store, in memory, or on PostgreSQL.
 * `@partnerbox/sandbox` is an optional peer of the CLI (docs/architecture.md, "Packages"), so
 * it is loaded only when the command runs, and its absence is a message, not a stack trace.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import type * as Sandbox from '@partnerbox/sandbox';
import { CliError, usageError } from '../cli-error.js';
import { ExitCode } from '../exit-codes.js';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new InvalidArgumentError('Expected a port number, 0-65535.');
  return n;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('Expected a number of seconds, zero or more.');
  return n;
}

function poolSize(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError('Expected a whole number of connections, 1 or more.');
  return n;
}

function databaseTimeout(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0.1 || n > 3600)
    throw new InvalidArgumentError('Expected a number of seconds, 0.1 to 3600.');
  return n;
}

/** The sandbox package, or a CliError that says how to install it. */
export async function loadSandbox(): Promise<typeof Sandbox> {
  try {
    // Its single-file build when current: a third of the start-up time (docs/benchmarks.md).
    const { importSandbox } = await import('@partnerbox/sandbox/fast-start');
    return await importSandbox();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' || !String((error as Error).message).includes("'@partnerbox/sandbox'"))
      throw error;
    throw new CliError('partnerbox serve needs the sandbox server, which is a separate package.', ExitCode.Failure, [
      'Install it beside the CLI:  npm install -g @partnerbox/sandbox   (or, in a project: npm install @partnerbox/sandbox)',
      'The API commands (customers, orders, subscriptions, offboard) work without it.',
    ]);
  }
}

interface ServeFlags {
  host: string;
  port: number;
  dataDir: string;
  inMemory?: boolean;
  database?: string;
  poolSize?: number;
  databaseTimeout?: number;
  throttle?: string;
  provisioningDelay?: number;
  cancellationDelay?: number;
  logLevel: string;
  logFormat: Sandbox.LogFormat;
  tls?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  publicUrl?: string;
  trustProxy?: boolean;
}

/** The TLS and public-address flags, checked before anything starts. */
function addressOptions(flags: ServeFlags, parsePublicUrl: (text: string) => string): Partial<Sandbox.ServeOptions> {
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined))
    throw usageError('--tls-cert and --tls-key go together: name both files.');
  const options: Partial<Sandbox.ServeOptions> = {};
  if (flags.tls) options.tls = true;
  if (flags.tlsCert !== undefined && flags.tlsKey !== undefined) {
    options.tlsCert = flags.tlsCert;
    options.tlsKey = flags.tlsKey;
  }
  if (flags.publicUrl !== undefined) {
    try {
      options.publicUrl = parsePublicUrl(flags.publicUrl);
    } catch (error) {
      throw usageError((error as Error).message);
    }
  }
  if (flags.trustProxy) options.trustProxy = true;
  return options;
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('Run the Partner Center-compatible sandbox')
    .addOption(new Option('--host <host>', 'interface to listen on').default('127.0.0.1'))
    .addOption(new Option('-p, --port <port>', 'port to listen on').env('PORT').default(4000).argParser(port))
    .addOption(new Option('--data-dir <dir>', 'directory of the embedded SQLite store').default('.partnerbox'))
    .option('--in-memory', 'keep state in memory only (gone when the process stops)')
    .addOption(
      new Option('--database <url>', 'PostgreSQL connection string (instead of the embedded store)').env(
        'PARTNERBOX_DATABASE_URL',
      ),
    )
    .addOption(
      new Option('--pool-size <connections>', 'most PostgreSQL connections this instance opens (default 10)')
        .env('PARTNERBOX_POOL_SIZE')
        .argParser(poolSize),
    )
    .addOption(
      new Option(
        '--database-timeout <seconds>',
        'longest a request waits on PostgreSQL before it answers 503 (default 10)',
      )
        .env('PARTNERBOX_DATABASE_TIMEOUT')
        .argParser(databaseTimeout),
    )
    .addOption(new Option('--throttle <rate>', 'throttle per tenant and resource, e.g. 500/min'))
    .addOption(new Option('--provisioning-delay <seconds>', 'seconds a new order stays pending').argParser(seconds))
    .addOption(
      new Option('--cancellation-delay <seconds>', 'seconds a cancellation stays in progress').argParser(seconds),
    )
    .addOption(
      new Option('--log-level <level>', 'log level')
        .choices(['trace', 'debug', 'info', 'warn', 'error', 'silent'])
        .default('info'),
    )
    .addOption(
      new Option('--log-format <format>', 'auto: readable on a terminal, JSON lines otherwise')
        .choices(['auto', 'json', 'pretty'])
        .default('auto'),
    )
    .option(
      '--tls',
      'serve HTTPS with a certificate from a local CA made once per data directory (CA at <data-dir>/tls/ca.pem)',
    )
    .addOption(new Option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (chain); with --tls-key'))
    .addOption(new Option('--tls-key <file>', 'the PEM private key of --tls-cert'))
    .addOption(
      new Option('--public-url <url>', 'the origin clients use (metadata, token issuers and links name it)').env(
        'PARTNERBOX_PUBLIC_URL',
      ),
    )
    .option('--trust-proxy', 'take the origin from X-Forwarded-Proto and X-Forwarded-Host (behind a reverse proxy)')
    .action(async (flags: ServeFlags) => {
      const { parsePublicUrl, parseThrottle, startServer } = await loadSandbox();
      const address = addressOptions(flags, parsePublicUrl);
      if (flags.throttle) {
        try {
          parseThrottle(flags.throttle);
        } catch (error) {
          throw usageError(`--throttle: ${(error as Error).message}`);
        }
      }
      const options: Sandbox.ServeOptions = {
        host: flags.host,
        port: flags.port,
        dataDir: flags.dataDir,
        logLevel: flags.logLevel,
        logFormat: flags.logFormat,
        ...address,
      };
      if (flags.inMemory) options.inMemory = true;
      if (flags.database) options.databaseUrl = flags.database;
      if (flags.poolSize !== undefined) options.poolSize = flags.poolSize;
      if (flags.databaseTimeout !== undefined) options.databaseTimeoutMs = Math.round(flags.databaseTimeout * 1000);
      if (flags.throttle) options.throttle = flags.throttle;
      if (flags.provisioningDelay !== undefined) options.provisioningDelaySeconds = flags.provisioningDelay;
      if (flags.cancellationDelay !== undefined) options.cancellationDelaySeconds = flags.cancellationDelay;
      const adminKey = process.env['PARTNERBOX_ADMIN_KEY'];
      if (adminKey) options.adminKey = adminKey;
      const server = await startServer(options);
      let closing = false;
      const stop = (signal: string) => {
        if (closing) return;
        closing = true;
        server.app.log.info({ signal }, 'shutting down');
        server.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
}
