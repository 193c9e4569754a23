/**
 * @module SandboxControl: the `/_sandbox` control plane of a Partnerbox sandbox as typed
 * methods (reset, scenarios, clock, faults, snapshots, tokens, partners), plus `call()` for
 * anything raw. Every call carries the admin key.
 */
import type { JournalEntry } from '@partnerbox/contract/types';

export type { JournalEntry };

export interface ControlResponse<T> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A control-plane call that did not answer 2xx. */
export class SandboxControlError extends Error {
  override readonly name = 'SandboxControlError';
  readonly status: number;
  readonly body: unknown;

  constructor(method: string, path: string, response: ControlResponse<unknown>) {
    super(`${method} /_sandbox${path} answered ${response.status}: ${response.text}`);
    this.status = response.status;
    this.body = response.body;
  }
}

/** A partner as `GET /_sandbox/partners` lists it, with its app credentials and users. */
export interface PartnerListing {
  tenantId: string;
  kind: 'sandbox' | 'production';
  name: string;
  domain: string;
  mpnId: string;
  apps: { clientId: string; clientSecret: string; displayName: string }[];
  users: { id: string; userName: string; password: string; displayName: string }[];
}

export interface CreatePartnerOptions {
  /** An integration-sandbox partner (default) or a production one. */
  kind?: 'sandbox' | 'production';
  name?: string;
}

export interface ScenarioOptions {
  count?: number;
  /** Seed for this partner rather than the scenario's default one. */
  partnerTenantId?: string;
}

export interface ScenarioResult {
  scenario: string;
  partnerTenantId: string;
  customers: { id: string; domain: string; companyName: string; orderIds: string[]; subscriptionIds: string[] }[];
}

export interface SandboxClock {
  /** The sandbox's now, ISO 8601. */
  now: string;
  offsetSeconds: number;
}

/** A fault rule as `POST /_sandbox/faults` takes it (docs/sandbox.md). */
export interface FaultRuleInput {
  method?: string;
  /** Path glob: `*` within a segment, `**` across. */
  path: string;
  kind: 'throttle' | 'error' | 'latency' | 'drop';
  status?: number;
  retryAfterSeconds?: number;
  latencyMs?: number;
  phase?: 'before' | 'after';
  /** Only requests of this partner. */
  tenantId?: string;
  /** How many requests it hits; absent: until removed. */
  times?: number;
}

export interface FaultRule extends FaultRuleInput {
  id: string;
  method: string;
  remaining?: number;
  createdAt: number;
}

export interface MintTokenOptions {
  partnerTenantId?: string;
  partner?: 'sandbox' | 'production';
  mode?: 'app' | 'user';
  /** Negative values mint an already expired token. */
  expiresInSeconds?: number;
}

export interface MintedToken {
  token_type: 'Bearer';
  expires_in: number;
  access_token: string;
  tenantId: string;
  mode: 'app' | 'user';
}

export interface JournalFilter {
  method?: string;
  /** A path glob: `*` matches within one segment, `**` across segments (docs/sandbox.md). */
  path?: string;
  /** A partner's tenant id. */
  partner?: string;
  /** A status (`404`) or a class (`'4xx'`). */
  status?: number | string;
  since?: Date | string;
  until?: Date | string;
  /** The newest this many (default 100, at most 1000), oldest first. */
  limit?: number;
}

function journalQuery(filter: JournalFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter))
    if (value !== undefined) params.set(key, value instanceof Date ? value.toISOString() : String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * @example
 * ```ts
 * const control = new SandboxControl('http://127.0.0.1:4000', process.env.PARTNERBOX_ADMIN_KEY!);
 * await control.advanceClock(60);
 * ```
 */
export class SandboxControl {
  readonly url: string;
  readonly #adminKey: string;

  constructor(url: string, adminKey: string) {
    this.url = url.replace(/\/+$/, '');
    this.#adminKey = adminKey;
  }

  /** Any control-plane call, answered as it came (no status check). */
  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<ControlResponse<T>> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.#adminKey}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${this.url}/_sandbox${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text ? JSON.parse(text) : undefined) as T,
      text,
    };
  }

  /** A control-plane call that must answer 2xx; its body. */
  async ok<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.call<T>(method, path, body);
    if (response.status < 200 || response.status >= 300) throw new SandboxControlError(method, path, response);
    return response.body;
  }

  /** Removes every customer of every partner, fault rules, counters and the clock offset. */
  async reset(scenario?: string): Promise<void> {
    await this.ok('POST', '/reset', scenario ? { scenario } : {});
  }

  scenario(name: string, options: ScenarioOptions = {}): Promise<ScenarioResult> {
    return this.ok('POST', `/scenarios/${encodeURIComponent(name)}`, options);
  }

  getClock(): Promise<SandboxClock> {
    return this.ok('GET', '/clock');
  }

  /** Moves the sandbox clock forward: pending cancellations and provisioning complete. */
  advanceClock(seconds: number): Promise<SandboxClock> {
    return this.ok('POST', '/clock', { advanceSeconds: seconds });
  }

  addFault(rule: FaultRuleInput): Promise<FaultRule> {
    return this.ok('POST', '/faults', rule);
  }

  listFaults(): Promise<FaultRule[]> {
    return this.ok('GET', '/faults');
  }

  async removeFault(id: string): Promise<void> {
    await this.ok('DELETE', `/faults/${encodeURIComponent(id)}`);
  }

  async clearFaults(): Promise<void> {
    await this.ok('DELETE', '/faults');
  }

  /** The whole state (partners, customers, orders, subscriptions, faults, clock). */
  exportSnapshot(): Promise<unknown> {
    return this.ok('GET', '/snapshot');
  }

  async importSnapshot(snapshot: unknown): Promise<void> {
    await this.ok('PUT', '/snapshot', snapshot);
  }

  /** An access token without the OAuth exchange. */
  mintToken(options: MintTokenOptions = {}): Promise<MintedToken> {
    return this.ok('POST', '/tokens', options);
  }

  listPartners(): Promise<PartnerListing[]> {
    return this.ok('GET', '/partners');
  }

  createPartner(options: CreatePartnerOptions = {}): Promise<PartnerListing> {
    return this.ok('POST', '/partners', options);
  }

  /** What the sandbox was asked, oldest first: the request journal. */
  listRequests(filter: JournalFilter = {}): Promise<JournalEntry[]> {
    return this.ok('GET', `/requests${journalQuery(filter)}`);
  }

  /** Empties the journal, or only one partner's entries; answers how many went. */
  async clearRequests(filter: Pick<JournalFilter, 'partner'> = {}): Promise<number> {
    return (await this.ok<{ deleted: number }>('DELETE', `/requests${journalQuery(filter)}`)).deleted;
  }
}
