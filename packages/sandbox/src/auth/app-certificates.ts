/**
 * @module Certificate credentials of app registrations, as Entra ID keeps them: an app may have
 * certificates; a client assertion names one by its thumbprint (`x5t`, SHA-1, or `x5t#S256`)
 * and is signed with its key. Kept in the store's settings, under both thumbprints, so any
 * instance verifies alike (settings have no listing, so neither has this: register, then use).
 */
import { createHash, X509Certificate } from 'node:crypto';
import { decodeProtectedHeader, importX509, jwtVerify, type JWTPayload } from 'jose';
import type { Store } from '../store/store.js';
import { OAuthError } from './oauth-error.js';

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface RegisteredCertificate {
  clientId: string;
  /** SHA-1 of the DER, upper-case hex: what the Entra admin center shows. */
  thumbprint: string;
  thumbprintSha256: string;
  subject: string;
  notAfter: string;
}

const key = (clientId: string, kind: 'x5t' | 'x5t#S256', thumbprint: string) =>
  `app_certificate:${clientId}:${kind}:${thumbprint}`;

/** The certificate in `pem`, or undefined when it is not one PEM certificate. */
export function parseCertificate(pem: string): X509Certificate | undefined {
  if (!/-----BEGIN CERTIFICATE-----/.test(pem)) return undefined;
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

export async function registerCertificate(store: Store, clientId: string, pem: string): Promise<RegisteredCertificate> {
  const cert = parseCertificate(pem);
  if (!cert) throw new Error('not a PEM certificate');
  const sha1 = createHash('sha1').update(cert.raw).digest();
  const sha256 = createHash('sha256').update(cert.raw).digest();
  const normalized = cert.toString();
  await store.setSettingIfAbsent(key(clientId, 'x5t', sha1.toString('base64url')), normalized);
  await store.setSettingIfAbsent(key(clientId, 'x5t#S256', sha256.toString('base64url')), normalized);
  return {
    clientId,
    thumbprint: sha1.toString('hex').toUpperCase(),
    thumbprintSha256: sha256.toString('hex').toUpperCase(),
    subject: cert.subject,
    notAfter: new Date(cert.validTo).toISOString(),
  };
}

const invalidAssertion = (aadsts: number, description: string) =>
  new OAuthError(401, 'invalid_client', aadsts, description);

/**
 * Checks a client assertion (RFC 7523 section 3, as Entra ID reads it): signed by a certificate
 * registered on the app, `iss` and `sub` the client id, `aud` a token endpoint at `origin`, and
 * within its validity. Throws Entra's `invalid_client` otherwise.
 */
export async function verifyClientAssertion(
  store: Store,
  clientId: string,
  assertion: string,
  origin: string,
): Promise<JWTPayload> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    throw invalidAssertion(50027, 'JWT token is invalid or malformed.');
  }
  const s256 = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : undefined;
  const sha1 = typeof header.x5t === 'string' ? header.x5t : undefined;
  const pem =
    (s256 && (await store.getSetting(key(clientId, 'x5t#S256', s256)))) ||
    (sha1 && (await store.getSetting(key(clientId, 'x5t', sha1))));
  if (!pem)
    throw invalidAssertion(
      700027,
      `Client assertion failed signature validation: the key (x5t ${s256 ?? sha1 ?? 'none'}) is not registered on application '${clientId}'.`,
    );
  const alg = header.alg === 'PS256' ? 'PS256' : 'RS256';
  let payload: JWTPayload;
  // Five minutes of clock skew, as Entra ID allows.
  try {
    ({ payload } = await jwtVerify(assertion, await importX509(pem, alg), {
      algorithms: ['RS256', 'PS256'],
      clockTolerance: 300,
    }));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_JWT_EXPIRED' || code === 'ERR_JWT_CLAIM_VALIDATION_FAILED')
      throw invalidAssertion(
        700024,
        `Client assertion is not within its valid time range (${(error as Error).message}).`,
      );
    throw invalidAssertion(700027, 'Client assertion contains an invalid signature.');
  }
  if (payload.iss !== clientId || payload.sub !== clientId)
    throw invalidAssertion(700023, "The client assertion's iss and sub claims must both be the client id.");
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud ?? ''];
  const ours = audiences.some((aud) => {
    try {
      const url = new URL(aud);
      return url.origin === origin && /\/oauth2\/(v2\.0\/)?token\/?$/.test(url.pathname);
    } catch {
      return false;
    }
  });
  if (!ours)
    throw invalidAssertion(
      700021,
      `The client assertion's audience must be this authority's token endpoint (${origin}/{tenant}/oauth2/v2.0/token).`,
    );
  return payload;
}
