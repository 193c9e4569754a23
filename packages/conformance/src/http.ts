/**
 * @module A deliberately plain HTTP client for scenarios: raw status, headers and JSON, no
 * retries, nothing hidden, so that what a test asserts is what the server sent.
 */
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

/** The `/_sandbox` control plane of a Partnerbox sandbox. */
export class ControlClient {
  readonly #control: ControlPlane;

  constructor(control: ControlPlane) {
    this.#control = control;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- scenarios read bodies loosely; schemaErrors() checks their shape
  async call<T = any>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.#control.adminKey}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${this.#control.url}/_sandbox${path}`, {
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

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- scenarios read bodies loosely; schemaErrors() checks their shape
  async ok<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.call<T>(method, path, body);
    if (response.status >= 300) throw new Error(`${method} /_sandbox${path} → ${response.status} ${response.text}`);
    return response.body;
  }

  advanceClock(seconds: number) {
    return this.ok('POST', '/clock', { advanceSeconds: seconds });
  }

  reset() {
    return this.ok('POST', '/reset', {});
  }

  addFault(rule: Record<string, unknown>) {
    return this.ok<{ id: string }>('POST', '/faults', rule);
  }

  clearFaults() {
    return this.call('DELETE', '/faults');
  }

  scenario(name: string, body: Record<string, unknown> = {}) {
    return this.ok<{
      partnerTenantId: string;
      customers: { id: string; orderIds: string[]; subscriptionIds: string[] }[];
    }>('POST', `/scenarios/${name}`, body);
  }

  mintToken(body: Record<string, unknown>) {
    return this.ok<{ access_token: string }>('POST', '/tokens', body);
  }
}
