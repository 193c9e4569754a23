/**
 * @module `partnerbox serve --tls` as a user starts it (the built CLI, a fresh data directory, an
 * ephemeral port), with what its banner prints: the https URL, the CA file, the admin key and
 * each partner's app and user.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Child, CLI_BIN, requireBuiltCli } from './processes.js';

export interface BannerPartner {
  kind: 'integration-sandbox' | 'production';
  tenantId: string;
  domain: string;
  clientId: string;
  clientSecret: string;
  userName: string;
  password: string;
}

export interface TlsServe {
  child: Child;
  url: string;
  caPath: string;
  ca: string;
  dataDir: string;
  adminKey: string;
  sandbox: BannerPartner;
  production: BannerPartner;
  /** Stops the server and removes the data directory (unless `keepDataDir`). */
  close(keepDataDir?: boolean): Promise<void>;
}

/** The environment of a child that must trust the CA alone, with no proxy in the way. */
export function trustingEnv(caPath: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const dropped = /^(https?_proxy|all_proxy|no_proxy|node_tls_reject_unauthorized)$/i;
  const inherited = Object.entries(process.env).filter(([name]) => !dropped.test(name));
  return { ...Object.fromEntries(inherited), NODE_EXTRA_CA_CERTS: caPath, ...extra };
}

/** A banner value as the shell reads it: the banner quotes secrets ('…', with '\\'' for a quote). */
const unquote = (text: string): string =>
  text.startsWith("'") && text.endsWith("'") && text.length >= 2 ? text.slice(1, -1).replace(/'\\''/g, "'") : text;

function partners(banner: string): BannerPartner[] {
  const pattern =
    /^ {2}(integration-sandbox|production) partner (\S+) \((\S+)\)\n {4}app: {3}client id (\S+) {2}secret (\S+)\n {4}user: {2}(\S+) {2}password (\S+)$/gm;
  return [...banner.matchAll(pattern)].map((m) => ({
    kind: m[1] as BannerPartner['kind'],
    tenantId: m[2] ?? '',
    domain: m[3] ?? '',
    clientId: m[4] ?? '',
    clientSecret: unquote(m[5] ?? ''),
    userName: unquote(m[6] ?? ''),
    password: unquote(m[7] ?? ''),
  }));
}

export async function startTlsServe(args: readonly string[] = [], dataDir?: string): Promise<TlsServe> {
  requireBuiltCli();
  const dir = dataDir ?? mkdtempSync(path.join(tmpdir(), 'identity-tls-'));
  const env = { ...process.env };
  delete env['PARTNERBOX_ADMIN_KEY'];
  delete env['PARTNERBOX_DATABASE_URL'];
  delete env['PARTNERBOX_PUBLIC_URL'];
  delete env['PORT'];
  const child = new Child(
    'serve --tls',
    process.execPath,
    [CLI_BIN, 'serve', '--tls', '--port', '0', '--data-dir', dir, '--log-level', 'silent', ...args],
    env,
  );
  try {
    await child.waitForOutput(/get an App-only token[^\n]*\n[^\n]*curl[^\n]*\n/, 60_000);
    const banner = child.output;
    const url = /listening on (https:\/\/\S+)/.exec(banner)?.[1];
    const caPath = /NODE_EXTRA_CA_CERTS=(\S+)/.exec(banner)?.[1];
    const quotedKey = /admin key: {2}(\S+)/.exec(banner)?.[1];
    const adminKey = quotedKey === undefined ? undefined : unquote(quotedKey);
    const found = partners(banner);
    const sandbox = found.find((p) => p.kind === 'integration-sandbox');
    const production = found.find((p) => p.kind === 'production');
    if (!url || !caPath || !adminKey || !sandbox || !production) throw new Error(`unexpected banner:\n${banner}`);
    return {
      child,
      url,
      caPath,
      ca: readFileSync(caPath, 'utf8'),
      dataDir: dir,
      adminKey,
      sandbox,
      production,
      async close(keepDataDir = false) {
        await child.stop();
        if (!keepDataDir) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await child.stop();
    if (!dataDir) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
