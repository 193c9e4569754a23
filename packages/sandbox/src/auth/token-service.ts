/**
 * @module The sandbox as token authority: RS256 keys kept in the store (so every instance
 * signs and verifies alike), access and refresh tokens with the claims Partner Center reads,
 * and a cache of verified tokens (verification costs ~220 µs; a cache hit, a map lookup).
 */
import {
  createLocalJWKSet,
  decodeJwt,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
} from 'jose';
import { PARTNER_CENTER_AUDIENCE, type PartnerCenterTokenClaims } from '@partnerbox/contract';
import { errors } from '../errors.js';
import { newGuid } from '../domain/ids.js';
import type { AppRecord, PartnerRecord, UserRecord } from '../domain/records.js';
import type { Store } from '../store/store.js';

export type TokenMode = 'app' | 'user';

export interface Principal {
  partner: PartnerRecord;
  appId: string;
  mode: TokenMode;
  userId?: string;
  userName?: string;
}

export const ACCESS_TOKEN_LIFETIME_SECONDS = 3600;
const REFRESH_TOKEN_LIFETIME_SECONDS = 90 * 86_400;
const REFRESH_AUDIENCE = 'urn:partnerbox:refresh';
const CACHE_LIMIT = 10_000;

export const issuerFor = (tenantId: string) => `https://sts.windows.net/${tenantId}/`;

interface CachedPrincipal {
  principal: Principal;
  expiresAtMs: number;
  notBeforeMs: number;
}

type SigningKey = Awaited<ReturnType<typeof importJWK>>;

export class TokenService {
  readonly #store: Store;
  #kid = '';
  #privateKey: SigningKey | undefined;
  #jwks: JSONWebKeySet = { keys: [] };
  #keySet: ReturnType<typeof createLocalJWKSet> = createLocalJWKSet({ keys: [] });
  readonly #cache = new Map<string, CachedPrincipal>();
  /**
   * The entry last found, by its token: a client sends the same token on request after request,
   * and finding a ~1.3 KB string in a Map hashes all of it (a fresh string every request, its
   * hash never cached): ~3 µs of a GET's CPU. Comparing with the last one is a memcmp.
   */
  #last: { token: string; entry: CachedPrincipal } | undefined;
  #identitiesVersion: string | undefined;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Loads the signing key, creating it once for the whole deployment if there is none. */
  async init(): Promise<void> {
    let keys = await this.#store.listSigningKeys();
    if (keys.length === 0) {
      const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
      const kid = newGuid().replace(/-/g, '');
      const pub = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
      const priv = { ...(await exportJWK(privateKey)), kid, alg: 'RS256' };
      await this.#store.insertSigningKeyIfAbsent({
        kid,
        privateJwk: JSON.stringify(priv),
        publicJwk: JSON.stringify(pub),
        createdAt: Date.now(),
      });
      keys = await this.#store.listSigningKeys();
    }
    const active = keys.at(-1);
    if (!active) throw new Error('No signing key could be created');
    this.#kid = active.kid;
    this.#privateKey = await importJWK(JSON.parse(active.privateJwk) as JWK, 'RS256');
    this.#jwks = { keys: keys.map((k) => JSON.parse(k.publicJwk) as JWK) };
    this.#keySet = createLocalJWKSet(this.#jwks);
  }

  get jwks(): JSONWebKeySet {
    return this.#jwks;
  }

  clearCache(): void {
    this.#cache.clear();
    this.#last = undefined;
  }

  #cached(token: string): CachedPrincipal | undefined {
    const last = this.#last;
    if (last !== undefined && last.token === token) return last.entry;
    const entry = this.#cache.get(token);
    if (entry) this.#last = { token, entry };
    return entry;
  }

  /**
   * A snapshot import on any instance replaces the partners: principals verified against the
   * old ones are dropped when the store's identities version changes (read with the fault
   * rules, in the same round trip), so an old token gets 401 here too, not a 404.
   */
  observeIdentitiesVersion(version: string): void {
    if (version === this.#identitiesVersion) return;
    if (this.#identitiesVersion !== undefined) this.clearCache();
    this.#identitiesVersion = version;
  }

  async #sign(payload: JWTPayload, lifetimeSeconds: number, nowSeconds: number): Promise<string> {
    if (!this.#privateKey) throw new Error('TokenService.init() was not called');
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid: this.#kid, typ: 'JWT' })
      .setIssuedAt(nowSeconds)
      .setNotBefore(nowSeconds - 300)
      .setExpirationTime(nowSeconds + lifetimeSeconds)
      .sign(this.#privateKey);
  }

  /**
   * Access tokens carry the claims of Entra ID v1 tokens for Partner Center. They follow real
   * time, not the sandbox clock: advancing the clock by days must not expire every client.
   */
  async mintAccessToken(input: {
    partner: PartnerRecord;
    app: AppRecord;
    user?: UserRecord;
    lifetimeSeconds?: number;
  }): Promise<{ token: string; expiresIn: number }> {
    const lifetime = input.lifetimeSeconds ?? ACCESS_TOKEN_LIFETIME_SECONDS;
    const now = Math.floor(Date.now() / 1000);
    const claims: Omit<PartnerCenterTokenClaims, 'iat' | 'nbf' | 'exp'> = {
      aud: PARTNER_CENTER_AUDIENCE,
      iss: issuerFor(input.partner.id),
      tid: input.partner.id,
      appid: input.app.clientId,
      azp: input.app.clientId,
      oid: input.user?.id ?? input.app.clientId,
      sub: input.user?.id ?? input.app.clientId,
      ver: '1.0',
      idtyp: input.user ? 'user' : 'app',
    };
    if (input.user) {
      claims.scp = 'user_impersonation';
      claims.upn = input.user.userName;
      claims.unique_name = input.user.userName;
      claims.name = input.user.displayName;
    }
    const token = await this.#sign({ ...claims, uti: newGuid() }, lifetime, now);
    return { token, expiresIn: lifetime };
  }

  async mintRefreshToken(partner: PartnerRecord, app: AppRecord, user: UserRecord): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return this.#sign(
      {
        aud: REFRESH_AUDIENCE,
        iss: issuerFor(partner.id),
        tid: partner.id,
        appid: app.clientId,
        sub: user.id,
        jti: newGuid(),
      },
      REFRESH_TOKEN_LIFETIME_SECONDS,
      now,
    );
  }

  /**
   * An OpenID Connect id_token for the signed-in user: a v2.0 token whose issuer is the
   * authority's v2.0 issuer at the address the client used (the metadata's `issuer`).
   */
  async mintIdToken(input: {
    partner: PartnerRecord;
    clientId: string;
    user: UserRecord;
    issuer: string;
    nonce?: string | undefined;
  }): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const claims: JWTPayload = {
      aud: input.clientId,
      iss: input.issuer,
      tid: input.partner.id,
      oid: input.user.id,
      sub: input.user.id,
      preferred_username: input.user.userName,
      name: input.user.displayName,
      ver: '2.0',
    };
    if (input.nonce !== undefined) claims['nonce'] = input.nonce;
    return this.#sign(claims, ACCESS_TOKEN_LIFETIME_SECONDS, now);
  }

  /** Signs a short-lived grant (an authorization or device code) that only this authority reads back. */
  async signGrant(audience: string, claims: JWTPayload, lifetimeSeconds: number): Promise<string> {
    return this.#sign({ ...claims, aud: audience }, lifetimeSeconds, Math.floor(Date.now() / 1000));
  }

  /** A grant's claims, or why it cannot be used. */
  async verifyGrant(audience: string, token: string): Promise<JWTPayload | 'expired' | 'invalid'> {
    try {
      const { payload } = await jwtVerify(token, this.#keySet, { audience, algorithms: ['RS256'] });
      return payload;
    } catch (error) {
      return (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid';
    }
  }

  /** Verifies a refresh token; undefined when it is not one of ours or has expired. */
  async verifyRefreshToken(token: string): Promise<{ tenantId: string; clientId: string; userId: string } | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.#keySet, { audience: REFRESH_AUDIENCE, algorithms: ['RS256'] });
      const { tid, appid, sub } = payload as { tid?: unknown; appid?: unknown; sub?: unknown };
      if (typeof tid !== 'string' || typeof appid !== 'string' || typeof sub !== 'string') return undefined;
      return { tenantId: tid, clientId: appid, userId: sub };
    } catch {
      return undefined;
    }
  }

  /** Turns a bearer token into a principal, or throws 401 800001. */
  /** The principal of a token verified before and still valid, without a promise; otherwise undefined. */
  cachedPrincipal(token: string): Principal | undefined {
    const cached = this.#cached(token);
    if (!cached) return undefined;
    const nowMs = Date.now();
    return cached.notBeforeMs <= nowMs && nowMs < cached.expiresAtMs ? cached.principal : undefined;
  }

  async authenticate(token: string): Promise<Principal> {
    const nowMs = Date.now();
    const cached = this.#cached(token);
    if (cached) {
      if (cached.expiresAtMs <= nowMs) {
        this.#cache.delete(token);
        if (this.#last?.token === token) this.#last = undefined;
        throw errors.tokenMissing('The token has expired.');
      }
      if (cached.notBeforeMs <= nowMs) return cached.principal;
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await this.#verify(token));
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED') throw errors.tokenMissing('The token has expired.');
      throw errors.tokenMissing('The token is not valid for Partner Center.');
    }
    const claims = payload as Partial<PartnerCenterTokenClaims>;
    if (typeof claims.tid !== 'string' || claims.iss !== issuerFor(claims.tid) || typeof claims.appid !== 'string')
      throw errors.tokenMissing('The token is not valid for Partner Center.');
    const partner = await this.#store.getPartner(claims.tid);
    if (!partner) throw errors.tokenMissing('The token names an unknown tenant.');
    const principal: Principal = {
      partner,
      appId: claims.appid,
      mode: claims.scp !== undefined && claims.idtyp !== 'app' ? 'user' : 'app',
    };
    if (principal.mode === 'user') {
      if (claims.oid) principal.userId = claims.oid;
      if (claims.upn) principal.userName = claims.upn;
    }
    if (this.#cache.size >= CACHE_LIMIT) this.clearCache();
    const entry = { principal, expiresAtMs: (claims.exp ?? 0) * 1000, notBeforeMs: (claims.nbf ?? 0) * 1000 };
    this.#cache.set(token, entry);
    if (this.#last?.token === token) this.#last = { token, entry };
    return principal;
  }

  async #verify(token: string) {
    const options = { audience: PARTNER_CENTER_AUDIENCE, algorithms: ['RS256'] };
    try {
      return await jwtVerify(token, this.#keySet, options);
    } catch (error) {
      // A key created by another instance after this one started: reload once.
      if ((error as { code?: string }).code === 'ERR_JWKS_NO_MATCHING_KEY') {
        await this.init();
        return jwtVerify(token, this.#keySet, options);
      }
      throw error;
    }
  }

  /** The tenant a token claims, without verifying it (for fault rules scoped to a tenant). */
  static peekTenant(token: string): string | undefined {
    try {
      const tid = decodeJwt(token).tid;
      return typeof tid === 'string' ? tid : undefined;
    } catch {
      return undefined;
    }
  }
}
