/**
 * @module Writing the config file: `partnerbox config` and `partnerbox login` store profiles
 * (secrets included) in one JSON file readable only by its owner (0600) in a directory only
 * its owner can enter (0700). No OS keychain is used: the CLI runs where none exists (a Linux
 * server, CI, a container), and one storage keeps `config get` and the environment override
 * simple; docs/cli.md says so.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { usageError } from './cli-error.js';
import {
  BOOLEAN_KEYS,
  CLOUDS,
  ENVIRONMENT_VARIABLES,
  SECRET_KEYS,
  STRING_KEYS,
  checkUrl,
  defaultConfigPath,
  type ConfigFile,
  type ProfileConfig,
} from './resolve-profile.js';

/** Every key a profile may hold. */
export const PROFILE_KEYS: readonly string[] = [...STRING_KEYS, ...BOOLEAN_KEYS, 'cloud'];

/** The file `--config`, else `PARTNERBOX_CONFIG`, else the default path. */
export function configPathFor(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return explicit ?? (env[ENVIRONMENT_VARIABLES.config]?.trim() || defaultConfigPath(env));
}

/** The profile `--profile`, else `PARTNERBOX_PROFILE`, else the file's default, else `default`. */
export function profileNameFor(
  explicit: string | undefined,
  config: ConfigFile,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return explicit ?? (env[ENVIRONMENT_VARIABLES.profile]?.trim() || config.defaultProfile || 'default');
}

/**
 * The file as stored, for editing (unknown keys kept); an empty config when there is none.
 *
 * @example
 * ```ts
 * const config = readConfigForEdit(configPathFor(undefined));
 * ```
 */
export function readConfigForEdit(file: string): ConfigFile & Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw usageError(`Cannot read the config file ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw usageError(`The config file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw usageError(`The config file ${file} must hold a JSON object.`);
  }
  return parsed as ConfigFile & Record<string, unknown>;
}

/**
 * Writes the file atomically (a new file renamed over the old one, so a crash never leaves half
 * a file), mode 0600, creating its directory with mode 0700. The default directory
 * (`~/.config/partnerbox`) is set to 0700 even when it existed: it is the CLI's own.
 *
 * @example
 * ```ts
 * writeConfig(file, { ...config, defaultProfile: 'local' });
 * ```
 */
export function writeConfig(file: string, config: ConfigFile, env: NodeJS.ProcessEnv = process.env): void {
  const directory = path.dirname(file);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  if (path.resolve(file) === path.resolve(defaultConfigPath(env))) chmodSync(directory, 0o700);
  const temporary = path.join(directory, `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * A setting's value as typed, checked and converted (booleans, URLs, clouds); a usage error
 * for an unknown key or a bad value.
 *
 * @example
 * ```ts
 * profile.integrationSandbox = parseSetting('integrationSandbox', 'true');
 * ```
 */
export function parseSetting(key: string, value: string): string | boolean {
  if (BOOLEAN_KEYS.includes(key)) {
    const text = value.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(text)) return true;
    if (['0', 'false', 'no', 'off'].includes(text)) return false;
    throw usageError(`${key} must be true or false, got "${value}".`);
  }
  if (key === 'cloud') {
    if (!CLOUDS.includes(value)) throw usageError(`cloud must be one of ${CLOUDS.join(', ')}.`);
    return value;
  }
  if (!STRING_KEYS.includes(key)) throw unknownKey(key);
  if (value.trim() === '') throw usageError(`${key}: an empty value; use --unset to remove a setting.`);
  if (key === 'baseUrl' || key === 'authority') return checkUrl(value.trim(), key);
  return value.trim();
}

export function unknownKey(key: string): Error {
  return usageError(`"${key}" is not a profile setting.`, [`settings: ${PROFILE_KEYS.join(', ')}`]);
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.includes(key);
}

/** `…wxyz (40 characters)`: enough to tell two secrets apart, not to use one. */
export function maskSecret(value: string): string {
  return value.length < 16 ? `(${value.length} characters)` : `…${value.slice(-4)} (${value.length} characters)`;
}

/** Sets (or with `undefined`, removes) one key of a profile, creating the profile. */
export function updateProfile(
  config: ConfigFile,
  name: string,
  changes: Partial<Record<keyof ProfileConfig, string | boolean | undefined>>,
): ConfigFile {
  const profiles = { ...(config.profiles ?? {}) };
  const merged: Record<string, unknown> = { ...(profiles[name] ?? {}), ...changes };
  profiles[name] = Object.fromEntries(
    Object.entries(merged).filter(([, value]) => value !== undefined),
  ) as ProfileConfig;
  return { ...config, profiles };
}
