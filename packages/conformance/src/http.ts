/**
 * @module A deliberately plain HTTP client for scenarios: raw status, headers and JSON, no
 * retries, nothing hidden, so that what a test asserts is what the server sent.
 */
import { SandboxControl, type FaultRule, type FaultRuleInput } from '@partnerbox/testing';
import type { ControlPlane, PartnerCredentials, Target } from './target.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- scenarios read bodies loosely; schemaErrors() checks their shape
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /**
   * Sent as is (no JSON encoding) when set. A string goes out as `text/plain` unless a
   * Content-Type is given; bytes go out with no Content-Type at all.
   */
  rawBody?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
  /** Use this base URL instead of alternating. */
  baseUrl?: string;
}

export type TokenMode = 'app' | 'user';

export class ApiClient {
  readonly target: Target;
  #next = 0;
  readonly #tokens = new Map<string, string>();

  constructor(target: Target) {
    this.target = target;
  }

  /** The base URL for the next request: round robin over the target's instances. */
  nextBaseUrl(): string {
    const urls = this.target.baseUrls;
    const url = urls[this.#next % urls.length] as string;
    this.#next++;
    return url;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- scenarios read bodies loosely; schemaErrors() checks their shape
  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    if (options.token) headers['Authorization'] = `Bearer ${options.token}`;
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const url = `${options.baseUrl ?? this.nextBaseUrl()}${path}`;
    const response = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    let parsed: unknown = undefined;
    if (text) {
      try {
        parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
      } catch {
        parsed = undefined;
      }
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  /** A token from the target's authority, cached per partner and mode. */
  async token(partner: PartnerCredentials, mode: TokenMode = 'app'): Promise<string> {
    const key = `${partner.tenantId}:${mode}`;
    const cached = this.#tokens.get(key);
    if (cached) return cached;
    const form = new URLSearchParams({ client_id: partner.clientId });
    if (mode === 'app') {
      form.set('grant_type', 'client_credentials');
      form.set('client_secret', partner.clientSecret);
      form.set('scope', 'https://api.partnercenter.microsoft.com/.default');
    } else {
      if (!partner.userName || !partner.password) throw new Error('This partner has no user for App+User tokens');
      form.set('grant_type', 'password');
      form.set('username', partner.userName);
      form.set('password', partner.password);
      form.set('client_secret', partner.clientSecret);
      form.set('scope', 'https://api.partnercenter.microsoft.com/user_impersonation offline_access');
    }
    const response = await fetch(`${this.target.authority}/${partner.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const json = (await response.json()) as { access_token?: string; error_description?: string };
    if (!response.ok || !json.access_token)
      throw new Error(`Token request failed: ${json.error_description ?? response.status}`);
    this.#tokens.set(key, json.access_token);
    return json.access_token;
  }

  get control(): ControlClient {
    const control = this.target.control;
    if (!control) throw new Error(`Target ${this.target.name} has no control plane`);
    return new ControlClient(control);
  }
}

/**
 * The `/_sandbox` control plane of a Partnerbox sandbox: the test kit's client, with bodies read
 * loosely (as scenarios read them) and fault rules passed as given, bad ones included.
 */
export class ControlClient extends SandboxControl {
  constructor(control: ControlPlane) {
    super(control.url, control.adminKey);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- scenarios read bodies loosely; schemaErrors() checks their shape
  override call<T = any>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    return super.call<T>(method, path, body);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- scenarios read bodies loosely; schemaErrors() checks their shape
  override ok<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    return super.ok<T>(method, path, body);
  }

  override addFault(rule: FaultRuleInput | Record<string, unknown>): Promise<FaultRule> {
    return super.addFault(rule as FaultRuleInput);
  }
}
