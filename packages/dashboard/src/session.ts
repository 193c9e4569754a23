/**
 * @module Sign-in as a partner user through the sandbox's own authority: the authorization
 * code flow with PKCE (RFC 7636, S256) and the built-in public client, as a single-page app
 * signs in to Entra ID. Tokens live in sessionStorage: they end with the tab, like the
 * sandbox's admin key.
 */
import { PARTNER_CENTER_USER_SCOPE, PARTNERBOX_PUBLIC_CLIENT_ID } from '@partnerbox/contract/types';
import { base64Url, randomBytes } from './lib/random.js';
import { sha256 } from './lib/sha256.js';

/** Who is signed in, from the id_token's claims. */
export interface SignedInUser {
  tenantId: string;
  userName: string;
  name: string;
}

export interface Session {
  accessToken: string;
  refreshToken: string | undefined;
  /** Epoch ms. */
  expiresAt: number;
  user: SignedInUser;
}

interface PendingSignIn {
  state: string;
  verifier: string;
  redirectUri: string;
  /** The page to return to. */
  returnTo: string;
}

const SESSION_KEY = 'partnerbox.session';
const PENDING_KEY = 'partnerbox.pendingSignIn';
/** `organizations`: the sign-in page lists every seeded partner, and the user's partner decides the tenant. */
const AUTHORITY = '/organizations/oauth2/v2.0';
const SCOPE = `${PARTNER_CENTER_USER_SCOPE} openid profile offline_access`;

export function loadSession(): Session | undefined {
  const raw = sessionStorage.getItem(SESSION_KEY);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as Session;
  } catch {
    sessionStorage.removeItem(SESSION_KEY);
    return undefined;
  }
}

function saveSession(session: Session): Session {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return session;
}

function redirectUri(): string {
  return `${location.origin}/`;
}

/** Leaves for the sandbox's sign-in page; it comes back to `/?code=...&state=...`. */
export async function beginSignIn(returnTo: string, loginHint?: string): Promise<void> {
  const verifier = base64Url(randomBytes(32));
  const challenge = base64Url(await sha256(new TextEncoder().encode(verifier)));
  const pending: PendingSignIn = { state: base64Url(randomBytes(16)), verifier, redirectUri: redirectUri(), returnTo };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const query = new URLSearchParams({
    client_id: PARTNERBOX_PUBLIC_CLIENT_ID,
    response_type: 'code',
    redirect_uri: pending.redirectUri,
    scope: SCOPE,
    state: pending.state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  if (loginHint) query.set('login_hint', loginHint);
  location.assign(`${AUTHORITY}/authorize?${query.toString()}`);
}

export class SignInError extends Error {
  constructor(
    readonly error: string,
    description: string,
  ) {
    super(description);
    this.name = 'SignInError';
  }
}

interface TokenAnswer {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in: number;
  error?: string;
  error_description?: string;
}

function decodeClaims(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

function userFrom(answer: TokenAnswer, previous?: SignedInUser): SignedInUser {
  const claims = decodeClaims(answer.id_token ?? answer.access_token);
  const text = (key: string) => (typeof claims[key] === 'string' ? claims[key] : undefined);
  return {
    tenantId: text('tid') ?? previous?.tenantId ?? '',
    userName: text('preferred_username') ?? text('upn') ?? previous?.userName ?? '',
    name: text('name') ?? previous?.name ?? '',
  };
}

async function requestToken(form: Record<string, string>): Promise<TokenAnswer> {
  const response = await fetch(`${AUTHORITY}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: PARTNERBOX_PUBLIC_CLIENT_ID, ...form }).toString(),
  });
  const answer = (await response.json().catch(() => ({}))) as TokenAnswer;
  if (!response.ok || !answer.access_token)
    throw new SignInError(
      answer.error ?? `http_${response.status}`,
      answer.error_description ?? 'The token request failed.',
    );
  return answer;
}

function sessionFrom(answer: TokenAnswer, previous?: SignedInUser): Session {
  return saveSession({
    accessToken: answer.access_token,
    refreshToken: answer.refresh_token,
    expiresAt: Date.now() + answer.expires_in * 1000,
    user: userFrom(answer, previous),
  });
}

/**
 * Finishes a sign-in when the page was loaded with the authority's answer in its query.
 * Returns the page to show next, or undefined when this load is not a sign-in's return.
 */
export async function completeSignIn(): Promise<{ session: Session; returnTo: string } | undefined> {
  const query = new URLSearchParams(location.search);
  if (!query.has('code') && !query.has('error')) return undefined;
  const pendingRaw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  history.replaceState(null, '', `${location.pathname}${location.hash}`);
  const pending = pendingRaw ? (JSON.parse(pendingRaw) as PendingSignIn) : undefined;
  if (query.has('error')) throw new SignInError(query.get('error') ?? '', query.get('error_description') ?? '');
  // The state ties the answer to the request this tab made (RFC 6749, 10.12).
  if (!pending || query.get('state') !== pending.state)
    throw new SignInError(
      'invalid_state',
      'This sign-in answer does not belong to a sign-in started here. Sign in again.',
    );
  const answer = await requestToken({
    grant_type: 'authorization_code',
    code: query.get('code') ?? '',
    redirect_uri: pending.redirectUri,
    code_verifier: pending.verifier,
  });
  return { session: sessionFrom(answer), returnTo: pending.returnTo };
}

/** A new access token from the refresh token, or undefined when there is none or it is refused. */
export async function refreshSession(session: Session): Promise<Session | undefined> {
  if (!session.refreshToken) return undefined;
  try {
    const answer = await requestToken({
      grant_type: 'refresh_token',
      refresh_token: session.refreshToken,
      scope: SCOPE,
    });
    return sessionFrom(answer, session.user);
  } catch {
    return undefined;
  }
}

/** Drops the tokens, then lets the authority end its own session and send the browser back. */
export function signOut(): void {
  sessionStorage.removeItem(SESSION_KEY);
  const query = new URLSearchParams({ post_logout_redirect_uri: redirectUri() });
  location.assign(`${AUTHORITY}/logout?${query.toString()}`);
}
