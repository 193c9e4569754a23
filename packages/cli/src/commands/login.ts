/**
 * @module `partnerbox login`: an App+User refresh token through the OAuth 2.0 device
 * authorization grant (RFC 8628) as Entra ID implements it (`/devicecode`, then the token
 * endpoint answering `authorization_pending` until the user signed in), stored in the profile.
 * A Partnerbox sandbox offers the same endpoints with its built-in public client.
 */
import { Command } from 'commander';
import { PARTNERBOX_PUBLIC_CLIENT_ID } from '@partnerbox/contract/types';
import { AUTHORITY_HOSTS } from '@partnerbox/sdk';
import { CliError, usageError } from '../cli-error.js';
import { configPathFor, readConfigForEdit, updateProfile, writeConfig } from '../config-file.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import type { Output } from '../output.js';
import { resolveProfile, type ProfileFlags, type ResolvedProfile } from '../resolve-profile.js';
import { addOutputOptions, runWithOutput, type OutputFlags } from './shared.js';

/** Delegated Partner Center access, a refresh token, and the id token's claims. */
const LOGIN_SCOPE = 'https://api.partnercenter.microsoft.com/user_impersonation offline_access openid profile';
const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

interface LoginFlags extends ProfileFlags, OutputFlags {
  scope?: string;
}

interface DeviceCode {
  device_code: string;
  user_code: string;
  verification_uri: string;
  expires_in: number;
  interval?: number;
  message?: string;
}

interface SignedIn {
  refreshToken: string;
  tenantId: string | undefined;
  userName: string | undefined;
}

export function loginCommand(): Command {
  return addOutputOptions(
    new Command('login')
      .description(
        'Sign in as a user (device code: a code to enter in a browser) and store the App+User refresh token in the profile',
      )
      .option('--profile <name>', 'the profile to store it in (created if new; default: the default profile)')
      .option('--config <file>', 'config file (default: $PARTNERBOX_CONFIG, else ~/.config/partnerbox/config.json)')
      .option(
        '--base-url <url>',
        'API root (default: the profile, else Partner Center); a sandbox is its own authority',
      )
      .option('--authority <url>', 'token authority (default: Entra ID for Microsoft API roots, else the base URL)')
      .option('--tenant-id <id>', 'the tenant to sign in to (default: the profile, else organizations)')
      .option(
        '--client-id <id>',
        "the public client (default: a sandbox's built-in Partnerbox client; against Entra ID your app, with public client flows allowed)",
      )
      .option('--scope <scopes>', 'scopes to ask for', LOGIN_SCOPE),
  ).action((flags: LoginFlags) => runWithOutput(flags, (output) => login(output, flags)));
}

async function login(output: Output, flags: LoginFlags): Promise<ExitCodeValue> {
  const profile = resolveProfile(flags, process.env, { allowMissingProfile: true });
  for (const warning of profile.warnings) output.warn(warning);
  const entra = (Object.values(AUTHORITY_HOSTS) as string[]).some((host) => sameOrigin(host, profile.authority));
  const clientId = flags.clientId ?? (entra ? profile.clientId : PARTNERBOX_PUBLIC_CLIENT_ID);
  if (!clientId) {
    throw usageError('Entra ID needs the client id of your app (--client-id, or clientId in the profile).', [
      'the app registration must allow public client flows (Authentication > Allow public client flows)',
    ]);
  }
  const tenant = flags.tenantId ?? profile.tenantId ?? 'organizations';
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  process.once('SIGINT', onSigint);
  let signedIn: SignedIn;
  try {
    const base = `${profile.authority}/${encodeURIComponent(tenant)}/oauth2/v2.0`;
    const code = await requestDeviceCode(base, clientId, flags.scope ?? LOGIN_SCOPE, interrupt.signal);
    process.stderr.write(
      `${code.message ?? `To sign in, open ${code.verification_uri} and enter the code ${code.user_code}.`}\n`,
    );
    process.stderr.write(`Waiting for the sign-in (the code expires in ${Math.round(code.expires_in / 60)} min)…\n`);
    signedIn = await waitForSignIn(base, clientId, code, interrupt.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
  const file = store(profile, flags, clientId, tenant, signedIn);
  output.result(
    { profile: profile.name, file, tenantId: signedIn.tenantId ?? tenant, userName: signedIn.userName, clientId },
    () =>
      `Signed in${signedIn.userName ? ` as ${signedIn.userName}` : ''} (tenant ${signedIn.tenantId ?? tenant}). The App+User refresh token is stored in profile "${profile.name}" (${file}).`,
  );
  return ExitCode.Ok;
}

function store(
  profile: ResolvedProfile,
  flags: LoginFlags,
  clientId: string,
  tenant: string,
  signedIn: SignedIn,
): string {
  const file = configPathFor(flags.config);
  const config = readConfigForEdit(file);
  const tenantId = signedIn.tenantId ?? (['organizations', 'common'].includes(tenant) ? undefined : tenant);
  const updated = updateProfile(config, profile.name, {
    refreshToken: signedIn.refreshToken,
    loginClientId: clientId,
    ...(tenantId ? { tenantId } : {}),
    ...(flags.baseUrl || !config.profiles?.[profile.name] ? { baseUrl: profile.baseUrl } : {}),
    ...(flags.authority ? { authority: profile.authority } : {}),
  });
  if (!updated.defaultProfile) updated.defaultProfile = profile.name;
  writeConfig(file, updated);
  return file;
}

async function requestDeviceCode(
  base: string,
  clientId: string,
  scope: string,
  signal: AbortSignal,
): Promise<DeviceCode> {
  const { status, body } = await post(`${base}/devicecode`, { client_id: clientId, scope }, signal);
  if (status !== 200 || typeof body['device_code'] !== 'string' || typeof body['user_code'] !== 'string') {
    throw refused(`${base}/devicecode`, status, body);
  }
  return body as unknown as DeviceCode;
}

/** Polls at the interval the server asks for; `slow_down` adds 5 s, as RFC 8628 says. */
async function waitForSignIn(base: string, clientId: string, code: DeviceCode, signal: AbortSignal): Promise<SignedIn> {
  let intervalInMs = Math.max(1, code.interval ?? 5) * 1000;
  const expiresAt = Date.now() + code.expires_in * 1000;
  for (;;) {
    await sleep(intervalInMs, signal);
    const { status, body } = await post(
      `${base}/token`,
      { grant_type: DEVICE_CODE_GRANT, client_id: clientId, device_code: code.device_code },
      signal,
    );
    if (status === 200 && typeof body['refresh_token'] === 'string') {
      const claims = idTokenClaims(body['id_token']);
      return {
        refreshToken: body['refresh_token'],
        tenantId: typeof claims['tid'] === 'string' ? claims['tid'] : undefined,
        userName: typeof claims['preferred_username'] === 'string' ? claims['preferred_username'] : undefined,
      };
    }
    if (status === 200) throw new CliError('The sign-in gave no refresh token: ask for the offline_access scope.');
    const error = body['error'];
    if (error === 'authorization_pending' && Date.now() < expiresAt) continue;
    if (error === 'slow_down') {
      intervalInMs += 5_000;
      continue;
    }
    if (error === 'expired_token' || error === 'authorization_pending') {
      throw new CliError('The code expired before the sign-in finished: run partnerbox login again.');
    }
    if (error === 'authorization_declined' || error === 'access_denied') {
      throw new CliError('The sign-in was declined: nothing was stored.', ExitCode.Refused);
    }
    throw refused(`${base}/token`, status, body);
  }
}

async function post(
  url: string,
  form: Record<string, string>,
  signal: AbortSignal,
): Promise<{ status: number; body: Record<string, unknown> }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw new CliError('Interrupted: nothing was stored.', ExitCode.Interrupted);
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    throw new CliError(`Network error: cannot reach ${url} (${cause}).`);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = { error: `http_${response.status}`, error_description: text.slice(0, 300) };
  }
  return {
    status: response.status,
    body: typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {},
  };
}

function refused(url: string, status: number, body: Record<string, unknown>): CliError {
  const description = typeof body['error_description'] === 'string' ? body['error_description'] : undefined;
  return new CliError(
    `The sign-in was refused by ${url} with HTTP ${status}: ${String(body['error'] ?? 'error')}${description ? ` (${description})` : ''}`,
  );
}

/** The id token's claims; not verified: they only label the profile, the API checks the access token. */
function idTokenClaims(token: unknown): Record<string, unknown> {
  if (typeof token !== 'string') return {};
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new CliError('Interrupted: nothing was stored.', ExitCode.Interrupted));
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new CliError('Interrupted: nothing was stored.', ExitCode.Interrupted));
      },
      { once: true },
    );
  });
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
