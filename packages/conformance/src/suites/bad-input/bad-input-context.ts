/**
 * @module What every bad-input theme shares: the suite's target, the fixture its beforeAll
 * sets up, a `send` that uses the fixture's token unless told otherwise, the paths of the
 * fixture's resources, and the assertions for the errors bad input gets.
 */
import { expect } from 'vitest';
import type { ApiResponse, RequestOptions } from '../../http.js';
import type { Capabilities, SuiteContext } from '../../suite.js';
import { expectError } from '../helpers.js';
import type { BadInputFixture } from './fixture.js';

/** A request a scenario sends: method, path and options for `ApiClient.request`. */
export interface Call {
  method: string;
  path: string;
  options?: RequestOptions;
}

export interface BadInputContext {
  readonly suite: SuiteContext;
  readonly capabilities: Capabilities;
  /** Set by the suite's beforeAll: read it inside tests, never while declaring them. */
  readonly fixture: BadInputFixture;
  /** What `stateOf` read once the fixture was set up, before any bad request. */
  readonly stateBefore: unknown;
  /** Sends `call` with `token`, by default the fixture's sandbox-partner token. */
  send(call: Call, token?: string): Promise<ApiResponse>;
  /** `/v1/customers/{the fixture's customer}`. */
  customerPath(): string;
  /** The fixture's perpetual-software order. */
  orderPath(): string;
  subscriptionPath(): string;
}

/** One theme of the bad-input suite: declares its own `describe` block. */
export type BadInputTheme = (context: BadInputContext) => void;

/** Set up in the suite's beforeAll, after the themes are declared. */
export interface BadInputSetUp {
  fixture: BadInputFixture;
  stateBefore: unknown;
}

export function createBadInputContext(
  suite: SuiteContext,
  capabilities: Capabilities,
  setUp: () => BadInputSetUp,
): BadInputContext {
  const fixture = () => setUp().fixture;
  const customerPath = () => `/v1/customers/${fixture().customerId}`;
  return {
    suite,
    capabilities,
    get fixture() {
      return fixture();
    },
    get stateBefore() {
      return setUp().stateBefore;
    },
    send: (call, token = fixture().token) => suite.api.request(call.method, call.path, { token, ...call.options }),
    customerPath,
    orderPath: () => `${customerPath()}/orders/${fixture().softwareOrderId}`,
    subscriptionPath: () => `${customerPath()}/subscriptions/${fixture().subscriptionId}`,
  };
}

/** A JSON body. */
export const json = (body: unknown): RequestOptions => ({ body });

/** A body sent exactly as written, labelled as JSON. */
export const raw = (text: string, headers: Record<string, string> = {}): RequestOptions => ({
  rawBody: text,
  headers: { 'Content-Type': 'application/json', ...headers },
});

/** A continuation token of the sandbox's encoding (base64url JSON) that it never issued. */
export const forgedCursor = (cursor: unknown): string => Buffer.from(JSON.stringify(cursor)).toString('base64url');

/** 400 800002 with the offending field first in `data`. */
export function expectInvalidInput(response: ApiResponse, field: string): void {
  expectError(response, 400, 800002);
  expect(response.body.data[0]).toBe(field);
}

/** 401 800001 with the challenge Partner Center's error-codes page shows: `WWW-Authenticate: OAuth realm=urn:cpsvc:cpid:{id}`. */
export function expectUnauthorized(response: ApiResponse): void {
  expectError(response, 401, 800001);
  expect(response.headers.get('www-authenticate') ?? '').toMatch(/^OAuth realm=urn:cpsvc:cpid:\S+$/);
}
