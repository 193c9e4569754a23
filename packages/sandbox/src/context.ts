/** @module What every route of one sandbox instance shares. Nothing here is global. */
import type { SignInGrants } from './auth/sign-in-grants.js';
import type { TokenService } from './auth/token-service.js';
import type { PublicOriginSettings } from './http/public-origin.js';
import type { RequestJournal } from './journal/request-journal.js';
import type { ControlStamp, Store } from './store/store.js';

export interface ThrottleLimit {
  limit: number;
  windowMs: number;
}

export interface SandboxSettings {
  provisioningDelayMs: number;
  cancellationDelayMs: number;
  throttle: ThrottleLimit | undefined;
  serverId: string;
  adminKey: string;
  /** Where clients reach this instance (`--public-url`, `--trust-proxy`, TLS). */
  origin: PublicOriginSettings;
  /** Seconds a device code's client is asked to wait between polls. */
  deviceCodeIntervalSeconds: number;
}

export interface SandboxContext {
  store: Store;
  tokens: TokenService;
  /** Authorization codes and device flows. */
  grants: SignInGrants;
  settings: SandboxSettings;
  /** The request journal (`/_sandbox/requests`). */
  journal: RequestJournal;
  /**
   * The sandbox clock: real time plus the offset the control plane has advanced it by; with a
   * request's stamp, the offset it was judged by (its first read checks that it is current).
   */
  now(stamp?: ControlStamp): Promise<number>;
}

/** Parses `500/min`, `10/s`, `1000/hour` (also `500/60s`). */
export function parseThrottle(text: string): ThrottleLimit {
  const match = /^\s*(\d+)\s*\/\s*(\d+)?\s*(s|sec|second|seconds|m|min|minute|minutes|h|hour|hours)\s*$/i.exec(text);
  if (!match) throw new Error(`Invalid throttle "${text}": expected e.g. 500/min, 10/s or 1000/hour`);
  const unit = (match[3] as string).toLowerCase();
  const unitMs = unit.startsWith('s') ? 1000 : unit.startsWith('h') ? 3_600_000 : 60_000;
  const limit = Number(match[1]);
  if (limit < 1) throw new Error('The throttle limit must be at least 1');
  return { limit, windowMs: unitMs * Number(match[2] ?? 1) };
}
