/**
 * @module `serve --tls` without a certificate of one's own: a local CA made once per data
 * directory (`<data-dir>/tls/ca.pem`) and a server certificate it signs for localhost,
 * 127.0.0.1 and ::1 (and the host and public URL the server is started with). Clients trust the
 * CA alone (`NODE_EXTRA_CA_CERTS`); its key never leaves the directory. ECDSA P-256 keys: made
 * in milliseconds by Node's WebCrypto, accepted by every TLS stack Node uses.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import * as x509 from '@peculiar/x509';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

// Node's webcrypto is the WebCrypto x509 wants; its type is named differently per lib config.
x509.cryptoProvider.set(webcrypto as never);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;
const CA_LIFETIME_DAYS = 3650;
// 825 days: the longest validity macOS and iOS accept for a server certificate.
const SERVER_LIFETIME_DAYS = 825;
export const DEFAULT_CERTIFICATE_NAMES = ['localhost', '127.0.0.1', '::1'];

export interface LocalCertificates {
  /** PEM of the server certificate followed by the CA's: the chain the server presents. */
  cert: string;
  key: string;
  caPath: string;
}

const pemKey = (der: ArrayBuffer) =>
  `-----BEGIN PRIVATE KEY-----\n${Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd()}\n-----END PRIVATE KEY-----\n`;

async function importKey(pem: string): Promise<CryptoKey> {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return webcrypto.subtle.importKey('pkcs8', der, ALGORITHM, true, ['sign']) as Promise<CryptoKey>;
}

const serial = () =>
  Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
    .toString('hex')
    .replace(/^[89a-f]/, '1');

/** Writes through a temporary file, so a reader never sees half a PEM. */
async function writeAtomically(file: string, text: string, mode: number): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode });
  await rename(temporary, file);
}

async function createCa(): Promise<{ cert: x509.X509Certificate; keys: CryptoKeyPair }> {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=Partnerbox local CA, O=Partnerbox',
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + CA_LIFETIME_DAYS * DAY_MS),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keys };
}

async function createServerCertificate(ca: x509.X509Certificate, caKey: CryptoKey, names: readonly string[]) {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=localhost, O=Partnerbox',
    issuer: ca.subject,
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + SERVER_LIFETIME_DAYS * DAY_MS),
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        names.map((name) =>
          isIP(name) ? { type: 'ip' as const, value: name } : { type: 'dns' as const, value: name },
        ),
      ),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, key: pemKey(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)) };
}

/** The names a server certificate covers. */
function namesOf(cert: x509.X509Certificate): string[] {
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  return san ? san.names.items.map((n) => normalizeName(n.value)) : [];
}

/** One spelling per name: lower case, IPv6 compressed (`0:0:0:0:0:0:0:1` and `[::1]` are `::1`). */
function normalizeName(name: string): string {
  const bare = name.replace(/^\[|\]$/g, '').toLowerCase();
  return isIP(bare) === 6 ? new URL(`http://[${bare}]`).hostname.slice(1, -1) : bare;
}

/**
 * The CA and server certificate in `dir`, made on first use. A server certificate that has
 * expired, expires within a day, or does not cover `extraNames` is made again with the same CA,
 * so clients that trust the CA keep working.
 */
export async function localCertificates(dir: string, extraNames: readonly string[] = []): Promise<LocalCertificates> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const files = {
    ca: path.join(dir, 'ca.pem'),
    caKey: path.join(dir, 'ca-key.pem'),
    cert: path.join(dir, 'server.pem'),
    key: path.join(dir, 'server-key.pem'),
  };
  let ca: x509.X509Certificate;
  let caKey: CryptoKey;
  if (existsSync(files.ca) && existsSync(files.caKey)) {
    ca = new x509.X509Certificate(await readFile(files.ca, 'utf8'));
    caKey = await importKey(await readFile(files.caKey, 'utf8'));
  } else {
    const made = await createCa();
    ca = made.cert;
    caKey = made.keys.privateKey;
    await writeAtomically(files.caKey, pemKey(await webcrypto.subtle.exportKey('pkcs8', caKey)), 0o600);
    await writeAtomically(files.ca, ca.toString('pem'), 0o644);
  }
  const wanted = [...new Set([...DEFAULT_CERTIFICATE_NAMES, ...extraNames].map(normalizeName))];
  if (existsSync(files.cert) && existsSync(files.key)) {
    const cert = new x509.X509Certificate(await readFile(files.cert, 'utf8'));
    const covered = namesOf(cert);
    const fresh = cert.notAfter.getTime() > Date.now() + DAY_MS && cert.issuer === ca.subject;
    if (fresh && wanted.every((name) => covered.includes(name)))
      return {
        cert: `${cert.toString('pem')}\n${ca.toString('pem')}\n`,
        key: await readFile(files.key, 'utf8'),
        caPath: files.ca,
      };
  }
  const made = await createServerCertificate(ca, caKey, wanted);
  await writeAtomically(files.key, made.key, 0o600);
  await writeAtomically(files.cert, made.cert.toString('pem'), 0o644);
  return { cert: `${made.cert.toString('pem')}\n${ca.toString('pem')}\n`, key: made.key, caPath: files.ca };
}
