/**
 * @module The sandbox's control plane (`/_sandbox`), with the admin key the person entered
 * once for this browser session (sessionStorage: it ends with the tab).
 */
import type { JournalEntry } from '@partnerbox/contract/types';
import { request } from './api.js';

const KEY = 'partnerbox.adminKey';

export function loadAdminKey(): string | undefined {
  return sessionStorage.getItem(KEY) ?? undefined;
}

export function saveAdminKey(key: string | undefined): void {
  if (key) sessionStorage.setItem(KEY, key);
  else sessionStorage.removeItem(KEY);
}

export interface Clock {
  now: string;
  offsetSeconds: number;
}

export interface Scenario {
  name: string;
  description: string;
  partner: 'sandbox' | 'production';
  defaultCount: number;
}

export interface FaultRule {
  id: string;
  method: string;
  path: string;
  kind: 'throttle' | 'error' | 'latency' | 'drop';
  status?: number;
  retryAfterSeconds?: number;
  latencyMs?: number;
  phase?: 'before' | 'after';
  tenantId?: string;
  remaining?: number;
}

export type NewFaultRule = Omit<FaultRule, 'id' | 'remaining'> & { times?: number };

export interface SeededPartner {
  tenantId: string;
  kind: 'sandbox' | 'production';
  name: string;
  domain: string;
  mpnId: string;
  apps: { clientId: string; clientSecret: string; displayName: string }[];
  users: { id: string; userName: string; password: string; displayName: string }[];
}

export interface JournalFilter {
  method?: string;
  path?: string;
  status?: string;
  partner?: string;
}

export class ControlPlane {
  constructor(private readonly adminKey: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await request<T>(method, `/_sandbox${path}`, `Bearer ${this.adminKey}`, body === undefined ? {} : { body }))
      .body;
  }

  clock(): Promise<Clock> {
    return this.call('GET', '/clock');
  }
  advanceClock(advanceSeconds: number): Promise<Clock> {
    return this.call('POST', '/clock', { advanceSeconds });
  }
  scenarios(): Promise<Scenario[]> {
    return this.call('GET', '/scenarios');
  }
  runScenario(name: string, count?: number): Promise<unknown> {
    return this.call('POST', `/scenarios/${encodeURIComponent(name)}`, count === undefined ? {} : { count });
  }
  reset(scenario?: string): Promise<unknown> {
    return this.call('POST', '/reset', scenario ? { scenario } : {});
  }
  faults(): Promise<FaultRule[]> {
    return this.call('GET', '/faults');
  }
  addFault(rule: NewFaultRule): Promise<FaultRule> {
    return this.call('POST', '/faults', rule);
  }
  removeFault(id: string): Promise<void> {
    return this.call('DELETE', `/faults/${encodeURIComponent(id)}`);
  }
  partners(): Promise<SeededPartner[]> {
    return this.call('GET', '/partners');
  }
  journal(filter: JournalFilter, limit = 100): Promise<JournalEntry[]> {
    const query = new URLSearchParams({ limit: String(limit) });
    for (const [key, value] of Object.entries(filter)) if (value) query.set(key, value);
    return this.call('GET', `/requests?${query.toString()}`);
  }
  clearJournal(): Promise<unknown> {
    return this.call('DELETE', '/requests');
  }
  /** An App-only token for a partner: what an integration without a user would hold. */
  appOnlyToken(partnerTenantId: string): Promise<{ access_token: string; expires_in: number }> {
    return this.call('POST', '/tokens', { partnerTenantId, mode: 'app' });
  }
}
