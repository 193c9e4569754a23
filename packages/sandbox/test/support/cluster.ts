/**
 * @module A throwaway PostgreSQL cluster for one test: `initdb` into a temporary directory and
 * `pg_ctl` on its own port and socket directory. It never touches the machine's shared server:
 * every command names this cluster's data directory, and the port is a fresh one, never 5432.
 * As root, PostgreSQL refuses to run, so the commands run as the `postgres` user (runuser).
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './processes.js';

const run = promisify(execFile);

/** initdb and pg_ctl: Debian's /usr/lib/postgresql/<version>/bin (newest first), else PATH. */
export function findPostgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return path.join(root, versions[0], 'bin');
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter))
    if (dir && existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl'))) return dir;
  throw new Error(
    "initdb and pg_ctl were not found (looked in /usr/lib/postgresql/*/bin and PATH): install Debian's postgresql package.",
  );
}

function postgresIds(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!line || uid === undefined || gid === undefined)
    throw new Error("Running as root, the throwaway cluster needs the `postgres` user (Debian's postgresql package).");
  return { uid: Number(uid), gid: Number(gid) };
}

export class ThrowawayCluster {
  readonly dir: string;
  readonly dataDir: string;
  readonly socketDir: string;
  readonly logFile: string;
  readonly port: number;
  readonly #bin: string;
  readonly #asPostgres: boolean;

  private constructor(dir: string, port: number, bin: string, asPostgres: boolean) {
    this.dir = dir;
    this.dataDir = path.join(dir, 'data');
    this.socketDir = path.join(dir, 'socket');
    this.logFile = path.join(dir, 'postgres.log');
    this.port = port;
    this.#bin = bin;
    this.#asPostgres = asPostgres;
  }

  /** Creates the cluster (initdb) and starts it. */
  static async create(): Promise<ThrowawayCluster> {
    const bin = findPostgresBin();
    const port = await freePort();
    if (port === 5432) throw new Error('Refusing to use port 5432: it belongs to the shared server.');
    const asPostgres = userInfo().uid === 0;
    const dir = mkdtempSync(path.join(tmpdir(), 'partnerbox-pg-'));
    const cluster = new ThrowawayCluster(dir, port, bin, asPostgres);
    try {
      mkdirSync(cluster.socketDir);
      if (asPostgres) {
        const { uid, gid } = postgresIds();
        chownSync(dir, uid, gid);
        chownSync(cluster.socketDir, uid, gid);
      }
      await cluster.#pg('initdb', ['-D', cluster.dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
      await cluster.start();
    } catch (error) {
      await cluster.destroy();
      throw error;
    }
    return cluster;
  }

  /** A cluster (as create()) holding one empty database named `database`. */
  static async withDatabase(database: string): Promise<ThrowawayCluster> {
    const cluster = await ThrowawayCluster.create();
    try {
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${database}`);
      } finally {
        await admin.end();
      }
    } catch (error) {
      await cluster.destroy();
      throw error;
    }
    return cluster;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  urlFor(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async #pg(tool: 'initdb' | 'pg_ctl', args: string[]): Promise<string> {
    const binary = path.join(this.#bin, tool);
    const [command, argv] = this.#asPostgres ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
    try {
      const { stdout } = await run(command, argv, { cwd: this.dir, timeout: 60_000 });
      return stdout;
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      throw new Error(`${tool} ${args.join(' ')} failed: ${e.stderr ?? ''} ${e.message}\n${this.log()}`);
    }
  }

  log(): string {
    try {
      return readFileSync(this.logFile, 'utf8').slice(-4_000);
    } catch {
      return '';
    }
  }

  /** Starts the server and waits until it accepts connections. */
  async start(): Promise<void> {
    // fsync off: only an operating-system crash could lose commits then; `stop -m immediate`
    // kills the server processes, not the machine, so committed data survives it all the same.
    const options = [
      `-p ${this.port}`,
      `-k ${this.socketDir}`,
      `-c listen_addresses=127.0.0.1`,
      `-c fsync=off`,
      `-c max_connections=40`,
    ].join(' ');
    await this.#pg('pg_ctl', ['-D', this.dataDir, '-l', this.logFile, '-o', options, '-w', '-t', '60', 'start']);
  }

  /** Stops the server; `immediate` is a crash: every backend is killed, nothing is flushed. */
  async stop(mode: 'immediate' | 'fast' = 'immediate'): Promise<void> {
    await this.#pg('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  get running(): boolean {
    return existsSync(path.join(this.dataDir, 'postmaster.pid'));
  }

  /** Stops the server if it runs and removes every file of the cluster. Safe to call twice. */
  async destroy(): Promise<void> {
    if (this.running) await this.stop('immediate').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
