/**
 * @module Authorization codes and device flows. Both are signed by the authority's key, so any
 * instance reads them; what they need to share (a device flow's approval, that a code was
 * redeemed) is written once to the store's settings with set-if-absent, so two instances
 * racing to redeem one code cannot both win.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { newGuid } from '../domain/ids.js';
import type { Store } from '../store/store.js';
import type { TokenService } from './token-service.js';

const CODE_AUDIENCE = 'urn:partnerbox:authorization-code';
const DEVICE_AUDIENCE = 'urn:partnerbox:device-code';
/** Entra ID's authorization codes live about ten minutes. */
export const AUTHORIZATION_CODE_LIFETIME_SECONDS = 600;
/** Entra ID's device codes last 15 minutes and ask clients to poll every 5 seconds. */
export const DEFAULT_DEVICE_CODE_LIFETIME_SECONDS = 900;
export const DEFAULT_DEVICE_CODE_INTERVAL_SECONDS = 5;

/** What the authorize endpoint bound a code to. */
export interface AuthorizationCodeGrant {
  tenantId: string;
  clientId: string;
  userId: string;
  redirectUri: string;
  codeChallenge: string | undefined;
  scope: string;
  nonce: string | undefined;
}

/** A device flow as the device asked for it. */
export interface DeviceFlow {
  userCode: string;
  /** The tenant the device named; undefined for `organizations`/`common`. */
  tenantId: string | undefined;
  clientId: string;
  scope: string;
  expiresAtMs: number;
}

export type DevicePoll =
  | { state: 'approved'; flow: DeviceFlow; userId: string }
  | { state: 'pending' | 'expired' | 'invalid' | 'redeemed' };

// Unambiguous letters and digits (no 0/O, 1/I/L), nine of them, as Entra ID's codes look.
const USER_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const USER_CODE = /^[A-HJ-KM-NP-Z2-9]{9}$/;

export const normalizeUserCode = (text: string): string => text.replace(/[\s-]/g, '').toUpperCase();

function newUserCode(): string {
  let code = '';
  for (let i = 0; i < 9; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return code;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export class SignInGrants {
  readonly #store: Store;
  readonly #tokens: TokenService;
  readonly #deviceLifetimeSeconds: number;

  constructor(store: Store, tokens: TokenService, deviceLifetimeSeconds = DEFAULT_DEVICE_CODE_LIFETIME_SECONDS) {
    this.#store = store;
    this.#tokens = tokens;
    this.#deviceLifetimeSeconds = deviceLifetimeSeconds;
  }

  get deviceLifetimeSeconds(): number {
    return this.#deviceLifetimeSeconds;
  }

  issueCode(grant: AuthorizationCodeGrant): Promise<string> {
    const claims: Record<string, string> = {
      tid: grant.tenantId,
      appid: grant.clientId,
      sub: grant.userId,
      ru: grant.redirectUri,
      scp: grant.scope,
      jti: newGuid(),
    };
    if (grant.codeChallenge !== undefined) claims['cc'] = grant.codeChallenge;
    if (grant.nonce !== undefined) claims['nonce'] = grant.nonce;
    return this.#tokens.signGrant(CODE_AUDIENCE, claims, AUTHORIZATION_CODE_LIFETIME_SECONDS);
  }

  /**
   * The code's grant, marked redeemed; or why it cannot be redeemed. `check` runs first and may
   * throw: a request that fails it (wrong client, redirect URI or verifier) leaves the code usable.
   */
  async redeemCode(
    code: string,
    check: (grant: AuthorizationCodeGrant) => Promise<void> | void,
  ): Promise<AuthorizationCodeGrant | 'expired' | 'invalid' | 'redeemed'> {
    const payload = await this.#tokens.verifyGrant(CODE_AUDIENCE, code);
    if (typeof payload === 'string') return payload;
    const [tenantId, clientId, userId, redirectUri, scope, jti] = [
      str(payload['tid']),
      str(payload['appid']),
      str(payload.sub),
      str(payload['ru']),
      str(payload['scp']),
      str(payload.jti),
    ];
    if (!tenantId || !clientId || !userId || !redirectUri || scope === undefined || !jti) return 'invalid';
    const grant: AuthorizationCodeGrant = {
      tenantId,
      clientId,
      userId,
      redirectUri,
      scope,
      codeChallenge: str(payload['cc']),
      nonce: str(payload['nonce']),
    };
    await check(grant);
    return (await this.#claimOnce(`oauth_code_redeemed:${jti}`)) ? grant : 'redeemed';
  }

  async startDeviceFlow(
    input: Omit<DeviceFlow, 'userCode' | 'expiresAtMs'>,
  ): Promise<{ deviceCode: string; flow: DeviceFlow }> {
    const flow: DeviceFlow = {
      ...input,
      userCode: newUserCode(),
      expiresAtMs: Date.now() + this.#deviceLifetimeSeconds * 1000,
    };
    await this.#store.setSettingIfAbsent(`device_flow:${flow.userCode}`, JSON.stringify(flow));
    const deviceCode = await this.#tokens.signGrant(
      DEVICE_AUDIENCE,
      { uc: flow.userCode, nonce: randomBytes(16).toString('base64url') },
      this.#deviceLifetimeSeconds,
    );
    return { deviceCode, flow };
  }

  /** The flow a user code names, while it can still be approved. */
  async findDeviceFlow(userCode: string): Promise<DeviceFlow | 'expired' | undefined> {
    const code = normalizeUserCode(userCode);
    if (!USER_CODE.test(code)) return undefined;
    const text = await this.#store.getSetting(`device_flow:${code}`);
    if (!text) return undefined;
    const flow = JSON.parse(text) as DeviceFlow;
    return flow.expiresAtMs <= Date.now() ? 'expired' : flow;
  }

  /** Records who signed in for the device; false when someone already did. */
  approveDeviceFlow(flow: DeviceFlow, userId: string): Promise<boolean> {
    return this.#store
      .setSettingIfAbsent(`device_flow_approved:${flow.userCode}`, userId)
      .then((stored) => stored === userId);
  }

  /** Where a device flow is; `clientId` must be the client that started it. */
  async pollDeviceFlow(deviceCode: string, clientId: string): Promise<DevicePoll> {
    const payload = await this.#tokens.verifyGrant(DEVICE_AUDIENCE, deviceCode);
    if (payload === 'expired') return { state: 'expired' };
    const userCode = payload === 'invalid' ? undefined : str(payload['uc']);
    if (!userCode) return { state: 'invalid' };
    const flow = await this.findDeviceFlow(userCode);
    if (flow === 'expired') return { state: 'expired' };
    if (!flow || flow.clientId !== clientId) return { state: 'invalid' };
    const userId = await this.#store.getSetting(`device_flow_approved:${userCode}`);
    if (!userId) return { state: 'pending' };
    if (!(await this.#claimOnce(`device_flow_redeemed:${userCode}`))) return { state: 'redeemed' };
    return { state: 'approved', flow, userId };
  }

  async #claimOnce(key: string): Promise<boolean> {
    const marker = randomBytes(12).toString('base64url');
    return (await this.#store.setSettingIfAbsent(key, marker)) === marker;
  }
}
