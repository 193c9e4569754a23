/**
 * @module The sandbox under fuzzing, seen from outside: its OpenAPI document, tokens for every
 * kind of caller, the live ids requests are aimed at, whole-state snapshots to prove that a
 * refused write changed nothing, and the invariants checked after every case (no 5xx, the
 * document kept, RFC 3339 dates, `/healthz` answering promptly).
 */
import { expect } from 'vitest';
import { ApiClient, dereference, type Target } from '@partnerbox/conformance';
import { attempt } from '../http.js';
import { DocumentOracle, operationsOf, type OpenApiDocument, type Operation } from './document-oracle.js';

/** How long `/healthz` may take after any case: far above an honest answer, far below a hang. */
export const HEALTHZ_DEADLINE_MS = 3_000;

export type Caller = 'sandbox-app' | 'sandbox-user' | 'production-app' | 'admin' | 'forged' | 'none';

export interface LiveIds {
  customers: string[];
  orders: { customerId: string; id: string }[];
  subscriptions: { customerId: string; id: string }[];
}

export interface Snapshot {
  customers: { id: string; partnerId: string; seq: number }[];
  orders: { id: string; customerId: string }[];
  subscriptions: { id: string; customerId: string }[];
  [key: string]: unknown;
}

// Any string that looks like a timestamp the server wrote must be RFC 3339 (four-digit year).
const TIMESTAMP_LIKE = /^[+-]?\d{4,}-\d{2}-\d{2}T/;
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function nonRfc3339Dates(value: unknown, path = ''): string[] {
  if (typeof value === 'string')
    return TIMESTAMP_LIKE.test(value) && !RFC_3339.test(value) ? [`${path || '/'}: ${value}`] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonRfc3339Dates(v, `${path}/${i}`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => nonRfc3339Dates(v, `${path}/${k}`));
  return [];
}

export class FuzzTarget {
  readonly base: string;
  readonly adminKey: string;
  readonly operations: Operation[];
  readonly oracle = new DocumentOracle();
  readonly api: ApiClient;
  /** Responses checked, by status: printed at the end of a run, as the run's figures. */
  readonly statuses = new Map<number, number>();
  #tokens = new Map<Caller, string>();
  readonly #target: Target;

  private constructor(target: Target, document: OpenApiDocument) {
    this.#target = target;
    this.base = target.baseUrls[0] as string;
    this.adminKey = target.control?.adminKey ?? '';
    this.operations = operationsOf(dereference(document));
    this.api = new ApiClient(target);
  }

  static async open(target: Target): Promise<FuzzTarget> {
    const document = (await (await fetch(`${target.baseUrls[0]}/openapi.json`)).json()) as OpenApiDocument;
    const fuzz = new FuzzTarget(target, document);
    await fuzz.refreshTokens();
    return fuzz;
  }

  /** Tokens are minted again after a snapshot import (the import may replace the partners). */
  async refreshTokens(): Promise<void> {
    const mint = async (body: Record<string, string>) =>
      (await this.api.control.ok<{ access_token: string }>('POST', '/tokens', body)).access_token;
    this.#tokens = new Map<Caller, string>([
      ['sandbox-app', await mint({ partner: 'sandbox' })],
      ['sandbox-user', await mint({ partner: 'sandbox', mode: 'user' })],
      ['production-app', await mint({ partner: 'production' })],
      ['admin', this.adminKey],
      ['forged', `${(await mint({ partner: 'sandbox' })).slice(0, -6)}AAAAAA`],
    ]);
  }

  token(caller: Caller): string | undefined {
    return this.#tokens.get(caller);
  }

  operation(method: string, path: string): Operation {
    const found = this.operations.find((o) => o.method === method && o.path === path);
    if (!found) throw new Error(`${method} ${path} is not in the document`);
    return found;
  }

  async snapshot(): Promise<Snapshot> {
    const snapshot = await this.api.control.ok<Snapshot>('GET', '/snapshot');
    return { ...snapshot, exportedAt: '' };
  }

  liveIds(snapshot: Snapshot): LiveIds {
    return {
      customers: snapshot.customers.map((c) => c.id),
      orders: snapshot.orders.map((o) => ({ customerId: o.customerId, id: o.id })),
      subscriptions: snapshot.subscriptions.map((s) => ({ customerId: s.customerId, id: s.id })),
    };
  }

  /** Keeps a few customers with orders and subscriptions around for requests to aim at. */
  async replenish(snapshot: Snapshot): Promise<void> {
    if (snapshot.customers.length >= 4 && snapshot.subscriptions.length >= 2) return;
    await this.api.control.ok('POST', '/reset', { scenario: 'offboarding' });
    await this.api.control.ok('POST', '/scenarios/relationship-removal', { count: 2 });
    await this.refreshTokens();
  }

  /** No 5xx, the document kept, dates in RFC 3339: the problems, empty when there are none. */
  responseProblems(operation: Operation, status: number, contentType: string | null, text: string): string[] {
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    const problems = status >= 500 ? [`status ${status}: ${text.slice(0, 300)}`] : [];
    problems.push(...this.oracle.problems(operation, status, contentType, text));
    if (contentType?.startsWith('application/json') && text) {
      try {
        problems.push(...nonRfc3339Dates(JSON.parse(text)).map((d) => `a date not in RFC 3339: ${d}`));
      } catch {
        // reported by the oracle
      }
    }
    return problems;
  }

  async expectHealthy(what: string): Promise<void> {
    const outcome = await attempt(`${this.base}/healthz`, 'GET', { timeoutMs: HEALTHZ_DEADLINE_MS });
    expect(outcome.kind === 'response' ? outcome.response.status : outcome.kind, `/healthz after ${what}`).toBe(200);
  }

  async close(): Promise<void> {
    await this.#target.close();
  }
}
