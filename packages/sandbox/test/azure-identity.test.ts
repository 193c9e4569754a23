/**
 * Microsoft's own identity libraries against `partnerbox serve --tls`, unmodified: the real CLI
 * on an ephemeral port, trusted through the CA its banner prints and nothing else (a child
 * process with NODE_EXTRA_CA_CERTS for `@azure/identity`; an https agent with that CA for
 * `@azure/msal-node`), no proxy, `authorityHost` the sandbox and instance discovery off. Each
 * token then drives `@partnerbox/sdk`: App-only calls, and App+User relationship removal in
 * the production partner.
 */
import { spawn } from 'node:child_process';
import { randomBytes, webcrypto } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTNERBOX_PUBLIC_CLIENT_ID } from '@partnerbox/contract';
import { REPO_ROOT } from './support/processes.js';
import { approveDeviceCode, fetchPage, readForm } from './support/sign-in-page.js';
import { startTlsServe, trustingEnv, type BannerPartner, type TlsServe } from './support/tls-serve.js';

const IDENTITY_SCRIPT = fileURLToPath(new URL('./fixtures/azure-identity-client.mjs', import.meta.url));
const MSAL_SCRIPT = fileURLToPath(new URL('./fixtures/msal-node-client.mjs', import.meta.url));

let serve: TlsServe;

beforeAll(async () => {
  serve = await startTlsServe();
});
afterAll(async () => {
  await serve?.close();
});

interface ClientRun {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each fixture prints its own result; tests assert its fields
  result: any;
  output: string;
}

type LineHandler = (kind: string, payload: string, reply: (line: string) => void) => void;

/** Runs a fixture program in a child process that trusts only the sandbox's CA; `onLine` sees its `KIND payload` lines. */
function runFixture(script: string, scenario: Record<string, unknown>, onLine?: LineHandler) {
  return new Promise<ClientRun>((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      cwd: REPO_ROOT,
      env: trustingEnv(serve.caPath, {
        PARTNERBOX_SCENARIO: JSON.stringify({
          baseUrl: serve.url,
          publicClientId: PARTNERBOX_PUBLIC_CLIENT_ID,
          ...scenario,
        }),
      }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let seen = 0;
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const lines = output.split('\n').slice(0, -1);
      for (const line of lines.slice(seen)) {
        const match = /^([A-Z_]+) (.*)$/.exec(line);
        if (match?.[1] && match[2] !== undefined && match[1] !== 'RESULT')
          onLine?.(match[1], match[2], (text) => child.stdin.write(`${text}\n`));
      }
      seen = lines.length;
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const line = /^RESULT (.*)$/m.exec(output)?.[1];
      if (code !== 0 || !line) reject(new Error(`the client exited ${code}:\n${output}`));
      else resolve({ result: JSON.parse(line), output });
    });
  });
}

const runClient = (scenario: Record<string, unknown>, onDevicePrompt?: (prompt: Record<string, string>) => void) =>
  runFixture(IDENTITY_SCRIPT, scenario, (kind, payload) => {
    if (kind === 'DEVICE') onDevicePrompt?.(JSON.parse(payload) as Record<string, string>);
  });

const partnerOf = (p: BannerPartner) => ({
  tenantId: p.tenantId,
  clientId: p.clientId,
  clientSecret: p.clientSecret,
  userName: p.userName,
  password: p.password,
});

describe('@azure/identity credentials against serve --tls', () => {
  it('ClientSecretCredential: App-only create and list in the integration sandbox', async () => {
    const { result } = await runClient({ credential: 'client-secret', partner: partnerOf(serve.sandbox) });
    expect(result.listed).toBe(true);
  });

  it('UsernamePasswordCredential (the public client): App+User removes a production reseller relationship', async () => {
    const { result } = await runClient({
      credential: 'username-password',
      partner: partnerOf(serve.production),
      removeRelationship: true,
    });
    expect(result).toMatchObject({ listed: true, relationshipToPartner: 'none' });
  });

  it('DeviceCodeCredential: the test signs in on /devicelogin, then App+User removes a relationship', async () => {
    let approval: Promise<unknown> | undefined;
    const { result } = await runClient(
      { credential: 'device-code', partner: partnerOf(serve.production), removeRelationship: true },
      (prompt) => {
        expect(prompt['verificationUri']).toBe(`${serve.url}/devicelogin`);
        approval = approveDeviceCode(prompt['verificationUri'] ?? '', prompt['userCode'] ?? '', serve.production, {
          ca: serve.ca,
        });
      },
    );
    expect(approval).toBeDefined();
    const page = (await approval) as { status: number; text: string };
    expect(page.status).toBe(200);
    expect(result).toMatchObject({ listed: true, relationshipToPartner: 'none' });
  });
});

/** A self-signed RSA certificate and its key in one PEM, as ClientCertificateCredential reads it. */
async function rsaCertificate(): Promise<{ certificate: string; both: string }> {
  x509.cryptoProvider.set(webcrypto as never);
  const algorithm = {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '0a1b2c',
    name: 'CN=partnerbox-test-app',
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 86_400_000),
    keys,
    signingAlgorithm: algorithm,
  });
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const key = `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`;
  const certificate = cert.toString('pem');
  return { certificate, both: `${certificate}\n${key}` };
}

type CryptoKeyPair = webcrypto.CryptoKeyPair;

/** A control-plane call over https, trusting the sandbox's CA. */
function control(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const req = httpsRequest(
      `${serve.url}/_sandbox${path}`,
      {
        method: 'POST',
        ca: serve.ca,
        headers: { Authorization: `Bearer ${serve.adminKey}`, 'Content-Type': 'application/json' },
      },
      (res) => {
        let answer = '';
        res.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(answer) as Record<string, unknown> }),
        );
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

describe('ClientCertificateCredential and certificates registered on an app', () => {
  it('gets an App-only token with a client assertion once the certificate is registered, not before', async () => {
    const { certificate, both } = await rsaCertificate();
    const scenario = { credential: 'client-certificate', partner: partnerOf(serve.sandbox), certificatePem: both };
    await expect(runClient(scenario)).rejects.toThrow(/AADSTS700027/);
    const registered = await control(`/apps/${serve.sandbox.clientId}/certificates`, { certificate });
    expect(registered.status).toBe(201);
    expect(registered.body['thumbprint']).toMatch(/^[0-9A-F]{40}$/);
    const { result } = await runClient(scenario);
    expect(result.listed).toBe(true);
  });

  it('refuses to register something that is not a certificate, or on an unknown app', async () => {
    const bad = await control(`/apps/${serve.sandbox.clientId}/certificates`, { certificate: 'hello' });
    expect(bad.status).toBe(400);
    const { certificate } = await rsaCertificate();
    const unknown = await control('/apps/00000000-0000-0000-0000-000000000001/certificates', { certificate });
    expect(unknown.status).toBe(400);
  });
});

describe('@azure/msal-node against serve --tls', () => {
  it('ConfidentialClientApplication.acquireTokenByClientCredential gives an App-only token /v1 accepts', async () => {
    const { result } = await runFixture(MSAL_SCRIPT, { flow: 'client-credential', partner: partnerOf(serve.sandbox) });
    expect(result).toMatchObject({ tid: serve.sandbox.tenantId, idtyp: 'app' });
    expect(typeof result.listedPage).toBe('number');
  });

  it('the authorization code flow with PKCE: getAuthCodeUrl, the sandbox page, acquireTokenByCode, refresh', async () => {
    const state = randomBytes(8).toString('hex');
    const signIns: Promise<void>[] = [];
    const { result } = await runFixture(
      MSAL_SCRIPT,
      { flow: 'auth-code', redirectUri: 'http://localhost:53682/redirect', state },
      (kind, url, reply) => {
        if (kind !== 'AUTH_URL') return;
        signIns.push(
          (async () => {
            expect(url.startsWith(`${serve.url}/organizations/oauth2/v2.0/authorize?`)).toBe(true);
            const page = await fetchPage(url, { ca: serve.ca });
            expect(page.text).toContain(serve.production.userName);
            const form = readForm(page);
            const answer = await fetchPage(form.action, {
              ca: serve.ca,
              form: { ...form.fields, username: serve.production.userName, password: serve.production.password },
            });
            expect(answer.status, answer.text).toBe(302);
            expect(new URL(answer.location ?? '').searchParams.get('state')).toBe(state);
            reply(answer.location ?? '');
          })(),
        );
      },
    );
    await Promise.all(signIns);
    expect(signIns).toHaveLength(1);
    expect(result).toMatchObject({
      tenantId: serve.production.tenantId,
      username: serve.production.userName,
      scp: 'user_impersonation',
      refreshed: true,
    });
  });
});

describe('the SDK README’s @azure/identity example', () => {
  it('runs as written against serve --tls, App-only and App+User', async () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'packages/sdk/README.md'), 'utf8');
    const block =
      /<!-- example: run with serve --tls by packages\/sandbox\/test\/azure-identity\.test\.ts -->\s*```js\n([\s\S]*?)\n```/.exec(
        readme,
      )?.[1];
    expect(block).toBeDefined();
    // Inside the repository, so the example resolves @azure/identity and @partnerbox/* as an app would.
    const dir = fileURLToPath(new URL(`./.readme-tmp/${process.pid}/`, import.meta.url));
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'app.mjs');
    writeFileSync(file, block ?? '');
    try {
      const output = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, [file], {
          cwd: REPO_ROOT,
          env: trustingEnv(serve.caPath, {
            PARTNERBOX_BASE_URL: serve.url,
            PARTNERBOX_TENANT_ID: serve.sandbox.tenantId,
            PARTNERBOX_CLIENT_ID: serve.sandbox.clientId,
            PARTNERBOX_CLIENT_SECRET: serve.sandbox.clientSecret,
            PARTNERBOX_USERNAME: serve.sandbox.userName,
            PARTNERBOX_PASSWORD: serve.sandbox.password,
          }),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        child.once('error', reject);
        child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`exit ${code}:\n${text}`))));
      });
      expect(output).toMatch(/^App-only: \d+ customers on the first page$/m);
      expect(output).toMatch(/^App\+User: invitation https:\/\/admin\.microsoft\.com\//m);
    } finally {
      rmSync(fileURLToPath(new URL('./.readme-tmp/', import.meta.url)), { recursive: true, force: true });
    }
  });
});
