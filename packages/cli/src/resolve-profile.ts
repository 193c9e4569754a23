/**
 * @module Where the CLI's connection comes from: flags, `PARTNERBOX_*` environment variables and
 * named profiles in a config file. Secrets come from the environment or the file, never from
 * flags (a flag lands in shell history and in every `ps` listing).
 */
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { AUTHORITY_HOSTS, PARTNER_CENTER_ENDPOINTS, type CloudName } from '@partnerbox/sdk';
import { usageError } from './cli-error.js';

/** The connection flags every API command accepts. */
export interface ProfileFlags {
  profile?: string | undefined;
  config?: string | undefined;
  baseUrl?: string | undefined;
  authority?: string | undefined;
  tenantId?: string | undefined;
  clientId?: string | undefined;
}

/** One entry of `profiles` in the config file. Every key is optional. */
export interface ProfileConfig {
  baseUrl?: string;
  authority?: string;
  cloud?: CloudName;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
  accessToken?: string;
  /** The account is a Partner Center integration sandbox: `offboard` may run against it. */
  integrationSandbox?: boolean;
  /** Send tokens over plain http to a non-loopback host (a sandbox in a container network). */
  allowInsecureConnection?: boolean;
  /**
   * The public client `partnerbox login` signed in with: the stored refresh token belongs to it,
   * so it is redeemed with this client id and no secret.
   */
  loginClientId?: string;
}

export interface ConfigFile {
  defaultProfile?: string;
  profiles?: Record<string, ProfileConfig>;
}

/** The connection a command uses, each value from the first source that has it. */
export interface ResolvedProfile {
  name: string;
  /** The config file read, if any. */
  configFile: string | undefined;
  baseUrl: string;
  authority: string;
  cloud: CloudName;
  tenantId: string | undefined;
  clientId: string | undefined;
  clientSecret: string | undefined;
  refreshToken: string | undefined;
  /** Set when the refresh token is the profile's from `partnerbox login`: redeemed as this public client. */
  loginClientId: string | undefined;
  accessToken: string | undefined;
  integrationSandbox: boolean;
  allowInsecureConnection: boolean;
  /** Problems worth telling the user about that do not stop the command. */
  warnings: string[];
}

export const ENVIRONMENT_VARIABLES = {
  profile: 'PARTNERBOX_PROFILE',
  config: 'PARTNERBOX_CONFIG',
  baseUrl: 'PARTNERBOX_BASE_URL',
  authority: 'PARTNERBOX_AUTHORITY',
  cloud: 'PARTNERBOX_CLOUD',
  tenantId: 'PARTNERBOX_TENANT_ID',
  clientId: 'PARTNERBOX_CLIENT_ID',
  clientSecret: 'PARTNERBOX_CLIENT_SECRET',
  refreshToken: 'PARTNERBOX_REFRESH_TOKEN',
  accessToken: 'PARTNERBOX_ACCESS_TOKEN',
  integrationSandbox: 'PARTNERBOX_INTEGRATION_SANDBOX',
  allowInsecureConnection: 'PARTNERBOX_ALLOW_INSECURE_CONNECTION',
} as const;

export const STRING_KEYS: readonly string[] = [
  'baseUrl',
  'authority',
  'tenantId',
  'clientId',
  'clientSecret',
  'refreshToken',
  'accessToken',
  'loginClientId',
];
export const BOOLEAN_KEYS: readonly string[] = ['integrationSandbox', 'allowInsecureConnection'];
/** Never printed in full unless asked, never taken from the command line. */
export const SECRET_KEYS: readonly string[] = ['clientSecret', 'refreshToken', 'accessToken'];
export const CLOUDS: readonly string[] = Object.keys(AUTHORITY_HOSTS);

/** `$XDG_CONFIG_HOME/partnerbox/config.json`, else `~/.config/partnerbox/config.json`. */
export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['XDG_CONFIG_HOME'] || path.join(env['HOME'] || homedir(), '.config');
  return path.join(base, 'partnerbox', 'config.json');
}

/**
 * Resolves the profile. The profile is `--profile`, else `PARTNERBOX_PROFILE`, else the file's
 * `defaultProfile`, else `default`. Each value comes from the flag, else the environment, else
 * the profile, else the default: an environment variable overrides what is stored, as in gh
 * and az. When it overrides a different value of a profile named on purpose, a warning says so
 * (a shell exporting another partner's `PARTNERBOX_*` must not mix the two unnoticed).
 *
 * @example
 * ```ts
 * const profile = resolveProfile({ profile: 'sandbox' }, process.env);
 * console.log(profile.baseUrl, profile.tenantId);
 * ```
 */
export function resolveProfile(
  flags: ProfileFlags,
  env: NodeJS.ProcessEnv = process.env,
  options: { allowMissingProfile?: boolean } = {},
): ResolvedProfile {
  const warnings: string[] = [];
  const { name, file, profile, named } = loadProfile(flags, env, warnings, options.allowMissingProfile === true);
  const pick: PickSetting = (flag, key, fromFile) => {
    const fromEnv = nonEmpty(env[ENVIRONMENT_VARIABLES[key]]);
    const stored = nonEmpty(fromFile);
    if (named && flag === undefined && fromEnv !== undefined && stored !== undefined && fromEnv !== stored) {
      warnings.push(`${ENVIRONMENT_VARIABLES[key]} overrides ${key} of profile "${name}"`);
    }
    return nonEmpty(flag) ?? fromEnv ?? stored;
  };
  const pickBoolean = (key: 'integrationSandbox' | 'allowInsecureConnection') =>
    parseBoolean(env[ENVIRONMENT_VARIABLES[key]], ENVIRONMENT_VARIABLES[key]) ?? profile[key] ?? false;
  return {
    name,
    configFile: file?.path,
    ...resolveEndpoints(flags, profile, pick),
    tenantId: pick(flags.tenantId, 'tenantId', profile.tenantId),
    clientId: pick(flags.clientId, 'clientId', profile.clientId),
    clientSecret: pick(undefined, 'clientSecret', profile.clientSecret),
    refreshToken: pick(undefined, 'refreshToken', profile.refreshToken),
    loginClientId:
      nonEmpty(env[ENVIRONMENT_VARIABLES.refreshToken]) === undefined ? nonEmpty(profile.loginClientId) : undefined,
    accessToken: pick(undefined, 'accessToken', profile.accessToken),
    integrationSandbox: pickBoolean('integrationSandbox'),
    allowInsecureConnection: pickBoolean('allowInsecureConnection'),
    warnings,
  };
}

/** A setting from its flag, else the environment, else the profile. */
type PickSetting = (
  flag: string | undefined,
  key: keyof typeof ENVIRONMENT_VARIABLES,
  fromFile: string | undefined,
) => string | undefined;

/** The profile asked for (or the default one), from the config file asked for (or the default one). */
function loadProfile(
  flags: ProfileFlags,
  env: NodeJS.ProcessEnv,
  warnings: string[],
  allowMissing = false,
): { name: string; file: LoadedConfig | undefined; profile: ProfileConfig; named: boolean } {
  const explicitConfig = flags.config ?? nonEmpty(env[ENVIRONMENT_VARIABLES.config]);
  const configPath = explicitConfig ?? defaultConfigPath(env);
  const file = readConfigFile(configPath, explicitConfig !== undefined, warnings);

  const explicitProfile = flags.profile ?? nonEmpty(env[ENVIRONMENT_VARIABLES.profile]);
  const name = explicitProfile ?? file?.config.defaultProfile ?? 'default';
  const stored = file?.config.profiles?.[name];
  if (explicitProfile !== undefined && !stored && !allowMissing) {
    const known = Object.keys(file?.config.profiles ?? {});
    throw usageError(
      file
        ? `Profile "${name}" is not in ${file.path}.`
        : `Profile "${name}" was asked for, but there is no config file at ${configPath}.`,
      known.length > 0 ? [`known profiles: ${known.join(', ')}`] : [],
    );
  }
  if (
    file &&
    stored &&
    (stored.clientSecret || stored.refreshToken || stored.accessToken) &&
    file.groupOrWorldReadable
  ) {
    warnings.push(`${file.path} holds secrets and is readable by other users: chmod 600 ${file.path}`);
  }
  return { name, file, profile: stored ?? {}, named: explicitProfile !== undefined };
}

function resolveEndpoints(
  flags: ProfileFlags,
  profile: ProfileConfig,
  pick: PickSetting,
): Pick<ResolvedProfile, 'baseUrl' | 'authority' | 'cloud'> {
  const cloudText = pick(undefined, 'cloud', profile.cloud);
  if (cloudText !== undefined && !CLOUDS.includes(cloudText)) {
    throw usageError(`Unknown cloud "${cloudText}": expected one of ${CLOUDS.join(', ')}.`);
  }
  const baseUrlText = pick(flags.baseUrl, 'baseUrl', profile.baseUrl);
  let cloud = (cloudText ?? 'global') as CloudName;
  if (cloudText === undefined && baseUrlText !== undefined && sameOrigin(baseUrlText, PARTNER_CENTER_ENDPOINTS.china)) {
    cloud = 'china';
  }
  const baseUrl = checkUrl(baseUrlText ?? PARTNER_CENTER_ENDPOINTS[cloud], '--base-url');
  const authorityText = pick(flags.authority, 'authority', profile.authority);
  // Microsoft's API roots get Entra ID for their cloud; any other root is taken to be a
  // Partnerbox sandbox, which is its own token authority.
  const microsoft = Object.values(PARTNER_CENTER_ENDPOINTS).some((endpoint) => sameOrigin(baseUrl, endpoint));
  const authority = checkUrl(authorityText ?? (microsoft ? AUTHORITY_HOSTS[cloud] : baseUrl), '--authority');
  return { baseUrl, authority, cloud };
}

interface LoadedConfig {
  path: string;
  config: ConfigFile;
  groupOrWorldReadable: boolean;
}

function readConfigFile(file: string, required: boolean, warnings: string[]): LoadedConfig | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw usageError(`Cannot read the config file ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw usageError(`The config file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const config = validateConfig(parsed, file, warnings);
  let groupOrWorldReadable = false;
  try {
    groupOrWorldReadable = process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0;
  } catch {
    // The file was just read; a failing stat only loses the permission warning.
  }
  return { path: file, config, groupOrWorldReadable };
}

function validateConfig(value: unknown, file: string, warnings: string[]): ConfigFile {
  if (!isObject(value)) throw usageError(`The config file ${file} must hold a JSON object.`);
  const config: ConfigFile = {};
  if (value['defaultProfile'] !== undefined) {
    if (typeof value['defaultProfile'] !== 'string') throw usageError(`${file}: defaultProfile must be a string.`);
    config.defaultProfile = value['defaultProfile'];
  }
  const profiles = value['profiles'];
  if (profiles === undefined) return config;
  if (!isObject(profiles)) throw usageError(`${file}: profiles must be an object of named profiles.`);
  config.profiles = {};
  for (const [name, entry] of Object.entries(profiles)) {
    if (!isObject(entry)) throw usageError(`${file}: profile "${name}" must be an object.`);
    const profile: Record<string, unknown> = {};
    for (const [key, setting] of Object.entries(entry)) {
      if (STRING_KEYS.includes(key)) {
        if (typeof setting !== 'string') throw usageError(`${file}: profiles.${name}.${key} must be a string.`);
      } else if (BOOLEAN_KEYS.includes(key)) {
        if (typeof setting !== 'boolean') throw usageError(`${file}: profiles.${name}.${key} must be true or false.`);
      } else if (key === 'cloud') {
        if (typeof setting !== 'string' || !CLOUDS.includes(setting)) {
          throw usageError(`${file}: profiles.${name}.cloud must be one of ${CLOUDS.join(', ')}.`);
        }
      } else {
        warnings.push(`${file}: profiles.${name}.${key} is not a setting partnerbox knows; ignored.`);
        continue;
      }
      profile[key] = setting;
    }
    config.profiles[name] = profile as ProfileConfig;
  }
  return config;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function parseBoolean(value: string | undefined, name: string): boolean | undefined {
  const text = nonEmpty(value)?.toLowerCase();
  if (text === undefined) return undefined;
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  throw usageError(`${name} must be true or false, got "${value}".`);
}

export function checkUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError(`${what}: "${value}" is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw usageError(`${what}: "${value}" is not http(s).`);
  return value.replace(/\/+$/, '');
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
