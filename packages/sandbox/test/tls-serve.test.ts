/**
 * `serve --tls` and the public address: the local CA made once per data directory and kept
 * across restarts, one's own certificate with --tls-cert/--tls-key, the in-memory CA in a
 * temporary directory, and --public-url / --trust-proxy naming the address clients use in the
 * metadata, issuers and links.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PARTNERBOX_PUBLIC_CLIENT_ID } from '@partnerbox/contract';
import { startEmbeddedTarget } from '@partnerbox/conformance';
import { localCertificates } from '../src/tls/local-certificates.js';
import { Child, CLI_BIN } from './support/processes.js';
import { fetchPage } from './support/sign-in-page.js';
import { startTlsServe } from './support/tls-serve.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'identity-tls-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the local CA', () => {
  it('signs a server certificate for localhost, 127.0.0.1 and ::1, and is made once per directory', async () => {
    const dir = path.join(scratch, 'ca-once');
    const first = await localCertificates(dir);
    const ca = new X509Certificate(readFileSync(first.caPath));
    const server = new X509Certificate(first.cert);
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkIP('::1')).toBe('::1');
    expect(server.checkHost('example.com')).toBeUndefined();
    const again = await localCertificates(dir);
    expect(again.cert).toBe(first.cert);
    expect(readFileSync(again.caPath, 'utf8')).toBe(readFileSync(first.caPath, 'utf8'));
  });

  it('makes a new server certificate with the same CA when a name is missing from it', async () => {
    const dir = path.join(scratch, 'ca-names');
    const first = await localCertificates(dir);
    const wider = await localCertificates(dir, ['sandbox.test']);
    expect(wider.cert).not.toBe(first.cert);
    const ca = new X509Certificate(readFileSync(wider.caPath));
    const server = new X509Certificate(wider.cert);
    expect(server.checkHost('sandbox.test')).toBe('sandbox.test');
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(readFileSync(wider.caPath, 'utf8')).toBe(readFileSync(first.caPath, 'utf8'));
  });
});

describe('partnerbox serve --tls', () => {
  it('keeps the CA of its data directory across restarts, and prints where it is', async () => {
    const dataDir = path.join(scratch, 'restart');
    const first = await startTlsServe([], dataDir);
    const ca = first.ca;
    expect(first.caPath).toBe(path.join(dataDir, 'tls', 'ca.pem'));
    expect(first.child.output).toContain(`NODE_EXTRA_CA_CERTS=${first.caPath}`);
    expect(first.child.output).toContain(`curl -s --cacert ${first.caPath}`);
    const health = await fetchPage(`${first.url}/healthz`, { ca });
    expect(health.status).toBe(200);
    await first.close(true);
    const second = await startTlsServe([], dataDir);
    try {
      expect(second.ca).toBe(ca);
      expect((await fetchPage(`${second.url}/healthz`, { ca })).status).toBe(200);
    } finally {
      await second.close(true);
    }
  });

  it('is refused by a client that does not trust the CA', async () => {
    const serve = await startTlsServe();
    try {
      await expect(fetchPage(`${serve.url}/healthz`)).rejects.toThrow(/certificate/i);
    } finally {
      await serve.close();
    }
  });

  it('serves one’s own certificate with --tls-cert and --tls-key', async () => {
    const own = await localCertificates(path.join(scratch, 'own'));
    const certFile = path.join(scratch, 'own-cert.pem');
    const keyFile = path.join(scratch, 'own-key.pem');
    writeFileSync(certFile, own.cert);
    writeFileSync(keyFile, own.key);
    const dataDir = path.join(scratch, 'own-data');
    const child = new Child('serve --tls-cert', process.execPath, [
      CLI_BIN,
      'serve',
      '--tls-cert',
      certFile,
      '--tls-key',
      keyFile,
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--log-level',
      'silent',
    ]);
    try {
      const [, url] = (await child.waitForOutput(/listening on (https:\/\/\S+)/, 60_000)) as unknown as [
        string,
        string,
      ];
      const health = await fetchPage(`${url}/healthz`, { ca: readFileSync(own.caPath, 'utf8') });
      expect(health.status).toBe(200);
      expect(existsSync(path.join(dataDir, 'tls'))).toBe(false);
      expect(child.output).not.toContain('NODE_EXTRA_CA_CERTS');
    } finally {
      await child.stop();
    }
  });

  it('writes the in-memory CA to a temporary directory, prints it, and removes it on exit', async () => {
    const child = new Child('serve --in-memory --tls', process.execPath, [
      CLI_BIN,
      'serve',
      '--in-memory',
      '--tls',
      '--port',
      '0',
      '--log-level',
      'silent',
    ]);
    let caPath = '';
    try {
      const [, url] = (await child.waitForOutput(/listening on (https:\/\/\S+)/, 60_000)) as unknown as [
        string,
        string,
      ];
      caPath = ((await child.waitForOutput(/NODE_EXTRA_CA_CERTS=(\S+)/)) as unknown as [string, string])[1];
      expect(caPath.startsWith(tmpdir())).toBe(true);
      expect((await fetchPage(`${url}/healthz`, { ca: readFileSync(caPath, 'utf8') })).status).toBe(200);
    } finally {
      await child.stop();
    }
    expect(existsSync(caPath)).toBe(false);
  });

  it('refuses --tls-cert without --tls-key as a usage error', async () => {
    const child = new Child('serve --tls-cert', process.execPath, [CLI_BIN, 'serve', '--tls-cert', 'x.pem']);
    const exit = await child.exited;
    expect(exit.code).not.toBe(0);
    expect(child.output).toContain('--tls-cert and --tls-key go together');
  });
});

describe('the address clients use', () => {
  it('--public-url names every endpoint, the issuer and the device page', async () => {
    const target = await startEmbeddedTarget({ publicUrl: 'https://sandbox.example.test:8443/' });
    try {
      const tenant = target.sandboxPartner.tenantId;
      const metadata = (await (
        await fetch(`${target.authority}/${tenant}/v2.0/.well-known/openid-configuration`)
      ).json()) as Record<string, string>;
      expect(metadata['issuer']).toBe(`https://sandbox.example.test:8443/${tenant}/v2.0`);
      expect(metadata['token_endpoint']).toBe(`https://sandbox.example.test:8443/${tenant}/oauth2/v2.0/token`);
      const device = (await (
        await fetch(`${target.authority}/organizations/oauth2/v2.0/devicecode`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            client_id: PARTNERBOX_PUBLIC_CLIENT_ID,
            scope: 'https://api.partnercenter.microsoft.com/user_impersonation',
          }).toString(),
        })
      ).json()) as Record<string, string>;
      expect(device['verification_uri']).toBe('https://sandbox.example.test:8443/devicelogin');
      // The public origin is a redirect URI the sign-in page accepts.
      const page = await fetchPage(
        `${target.authority}/organizations/oauth2/v2.0/authorize?${new URLSearchParams({
          client_id: PARTNERBOX_PUBLIC_CLIENT_ID,
          response_type: 'code',
          redirect_uri: 'https://sandbox.example.test:8443/dashboard/',
          scope: 'https://api.partnercenter.microsoft.com/user_impersonation',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
        }).toString()}`,
      );
      expect(page.status).toBe(200);
    } finally {
      await target.close();
    }
  });

  it('--trust-proxy follows X-Forwarded-Proto and X-Forwarded-Host; without it they are ignored', async () => {
    const trusting = await startEmbeddedTarget({ trustProxy: true });
    const plain = await startEmbeddedTarget();
    try {
      const headers = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'pbx.example.test' };
      const read = async (base: string, tenant: string) =>
        (await (await fetch(`${base}/${tenant}/v2.0/.well-known/openid-configuration`, { headers })).json()) as Record<
          string,
          string
        >;
      const behind = await read(trusting.authority, trusting.sandboxPartner.tenantId);
      expect(behind['jwks_uri']).toBe(
        `https://pbx.example.test/${trusting.sandboxPartner.tenantId}/discovery/v2.0/keys`,
      );
      const direct = await read(plain.authority, plain.sandboxPartner.tenantId);
      expect(direct['jwks_uri']).toBe(`${plain.authority}/${plain.sandboxPartner.tenantId}/discovery/v2.0/keys`);
    } finally {
      await trusting.close();
      await plain.close();
    }
  });
});
