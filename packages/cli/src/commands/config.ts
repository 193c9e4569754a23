/**
 * @module `partnerbox config init|set|get|list|use`: named profiles in the config file, so that
 * nobody writes its JSON by hand. Secrets never come from the command line: a hidden prompt
 * or stdin.
 */
import { Command } from 'commander';
import { usageError, CliError } from '../cli-error.js';
import {
  configPathFor,
  isSecretKey,
  maskSecret,
  parseSetting,
  profileNameFor,
  PROFILE_KEYS,
  readConfigForEdit,
  unknownKey,
  updateProfile,
  writeConfig,
} from '../config-file.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { listView, type Output } from '../output.js';
import { ask, askSecret, readAllStdin } from '../prompt.js';
import type { ConfigFile, ProfileConfig } from '../resolve-profile.js';
import { addOutputOptions, runWithOutput, type OutputFlags } from './shared.js';

interface ConfigFlags extends OutputFlags {
  config?: string;
  profile?: string;
}

function withFileOptions(command: Command): Command {
  return addOutputOptions(
    command
      .option('--profile <name>', 'the profile (default: $PARTNERBOX_PROFILE, else the default profile)')
      .option('--config <file>', 'config file (default: $PARTNERBOX_CONFIG, else ~/.config/partnerbox/config.json)'),
  );
}

export function configCommand(): Command {
  return new Command('config')
    .description('Profiles in the config file: create, change, show, choose the default')
    .addCommand(initCommand())
    .addCommand(setCommand())
    .addCommand(getCommand())
    .addCommand(listCommand())
    .addCommand(useCommand());
}

const STORAGE_NOTE = 'secrets are kept in this file, readable only by you (no OS keychain is used)';

/** What `config list` and `init` show of a profile: secrets masked. */
function shown(profile: ProfileConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(profile)) {
    out[key] = isSecretKey(key) && typeof value === 'string' ? maskSecret(value) : value;
  }
  return out;
}

// ---- init

interface InitFlags extends ConfigFlags {
  baseUrl?: string;
  authority?: string;
  tenantId?: string;
  clientId?: string;
  clientSecretStdin?: boolean;
  integrationSandbox?: boolean;
  default?: boolean;
}

function initCommand(): Command {
  return withFileOptions(new Command('init'))
    .description('Create or update a profile: asks for each value on a terminal, else takes the flags')
    .option('--base-url <url>', 'API root (a sandbox: http://127.0.0.1:4000)')
    .option('--authority <url>', 'token authority (default: Entra ID for Microsoft API roots, else the base URL)')
    .option('--tenant-id <id>', "the partner's tenant id")
    .option('--client-id <id>', 'the application id')
    .option('--client-secret-stdin', 'read the client secret from stdin')
    .option('--integration-sandbox', 'the account is a Partner Center integration sandbox (offboard may run)')
    .option('--default', 'make it the default profile')
    .action((flags: InitFlags) => runWithOutput(flags, (output) => init(output, flags)));
}

async function init(output: Output, flags: InitFlags): Promise<ExitCodeValue> {
  const file = configPathFor(flags.config);
  const config = readConfigForEdit(file);
  const interactive = process.stdin.isTTY === true && flags.clientSecretStdin !== true;
  const name =
    flags.profile ?? (interactive ? await ask('Profile name', profileNameFor(undefined, config)) : 'default');
  const stored = config.profiles?.[name] ?? {};
  const value = async (flag: string | undefined, question: string, current: string | undefined) =>
    flag ?? (interactive ? await ask(question, current ?? '') : current);
  const changes: Partial<Record<keyof ProfileConfig, string | boolean | undefined>> = {};
  const baseUrl = await value(flags.baseUrl, 'API root', stored.baseUrl ?? 'https://api.partnercenter.microsoft.com');
  if (baseUrl) changes.baseUrl = parseSetting('baseUrl', baseUrl);
  if (flags.authority) changes.authority = parseSetting('authority', flags.authority);
  const tenantId = await value(flags.tenantId, 'Partner tenant id (Enter: sign in to pick it)', stored.tenantId);
  if (tenantId) changes.tenantId = parseSetting('tenantId', tenantId);
  const clientId = await value(flags.clientId, 'Application (client) id', stored.clientId);
  if (clientId) changes.clientId = parseSetting('clientId', clientId);
  if (flags.clientSecretStdin) changes.clientSecret = parseSetting('clientSecret', await readAllStdin());
  else if (interactive) {
    const secret = await askSecret(
      `Client secret, hidden (Enter: ${stored.clientSecret ? 'keep the stored one' : 'none, for App+User through partnerbox login'})`,
    );
    if (secret !== '') changes.clientSecret = parseSetting('clientSecret', secret);
  }
  if (flags.integrationSandbox) changes.integrationSandbox = true;
  else if (interactive) {
    const answer = await ask(
      'Is the account a Partner Center integration sandbox? (y/N)',
      stored.integrationSandbox ? 'y' : 'n',
    );
    changes.integrationSandbox = /^y(es)?$/i.test(answer);
  }
  const updated = updateProfile(config, name, changes);
  if (flags.default || !config.defaultProfile) updated.defaultProfile = name;
  writeConfig(file, updated);
  const profile = updated.profiles?.[name] ?? {};
  output.result({ profile: name, file, default: updated.defaultProfile === name, settings: shown(profile) }, () =>
    [
      `Saved profile "${name}" in ${file}${updated.defaultProfile === name ? ' (the default profile)' : ''}.`,
      `The file is mode 600 in a mode 700 directory: ${STORAGE_NOTE}.`,
      `Next: partnerbox customers list --profile ${name}, or partnerbox login --profile ${name} for App+User.`,
    ].join('\n'),
  );
  return ExitCode.Ok;
}

// ---- set

interface SetFlags extends ConfigFlags {
  unset?: boolean;
}

function setCommand(): Command {
  return withFileOptions(new Command('set'))
    .description(
      'Set one setting of a profile (created if new). A secret is never an argument: typed at a hidden prompt, or read from stdin',
    )
    .argument('<key>', `one of ${PROFILE_KEYS.join(', ')}`)
    .argument('[value]', 'the value (not for secrets)')
    .option('--unset', 'remove the setting')
    .action((key: string, value: string | undefined, flags: SetFlags) =>
      runWithOutput(flags, async (output) => {
        if (!PROFILE_KEYS.includes(key)) throw unknownKey(key);
        const file = configPathFor(flags.config);
        const config = readConfigForEdit(file);
        const name = profileNameFor(flags.profile, config);
        let parsed: string | boolean | undefined;
        if (flags.unset) {
          if (value !== undefined) throw usageError('--unset takes no value.');
        } else if (isSecretKey(key)) {
          if (value !== undefined) {
            throw usageError(`${key}: secrets are not taken from the command line (shell history, ps).`, [
              `run "partnerbox config set ${key}" and type it at the hidden prompt, or pipe it on stdin`,
            ]);
          }
          parsed = parseSetting(key, process.stdin.isTTY ? await askSecret(`${key} (hidden)`) : await readAllStdin());
        } else if (value === undefined) {
          throw usageError(`Pass the value of ${key} (or --unset).`);
        } else parsed = parseSetting(key, value);
        const updated = updateProfile(config, name, { [key]: parsed });
        if (!updated.defaultProfile) updated.defaultProfile = name;
        writeConfig(file, updated);
        output.result({ profile: name, key, set: parsed !== undefined }, () =>
          parsed === undefined ? `Removed ${key} from profile "${name}".` : `Set ${key} of profile "${name}".`,
        );
        return ExitCode.Ok;
      }),
    );
}

// ---- get

interface GetFlags extends ConfigFlags {
  showSecrets?: boolean;
}

function getCommand(): Command {
  return withFileOptions(new Command('get'))
    .description(
      'Print one stored setting of a profile (secrets masked unless --show-secrets); exit 6 when it is not set',
    )
    .argument('<key>', `one of ${PROFILE_KEYS.join(', ')}`)
    .option('--show-secrets', 'print a secret in full')
    .action((key: string, flags: GetFlags) =>
      runWithOutput(flags, async (output) => {
        if (!PROFILE_KEYS.includes(key)) throw unknownKey(key);
        const file = configPathFor(flags.config);
        const config = readConfigForEdit(file);
        const name = profileNameFor(flags.profile, config);
        const stored = (config.profiles?.[name] as Record<string, unknown> | undefined)?.[key];
        if (stored === undefined) {
          throw new CliError(`${key} is not set in profile "${name}" (${file}).`, ExitCode.NotFound);
        }
        const value =
          isSecretKey(key) && !flags.showSecrets && typeof stored === 'string' ? maskSecret(stored) : stored;
        output.result(value, () => String(value));
        return ExitCode.Ok;
      }),
    );
}

// ---- list

function listCommand(): Command {
  return addOutputOptions(
    new Command('list').option(
      '--config <file>',
      'config file (default: $PARTNERBOX_CONFIG, else ~/.config/partnerbox/config.json)',
    ),
  )
    .description('List the profiles, the default one marked, secrets masked')
    .action((flags: ConfigFlags) =>
      runWithOutput(flags, async (output) => {
        const config = readConfigForEdit(configPathFor(flags.config));
        const rows: Record<string, unknown>[] = Object.entries(config.profiles ?? {}).map(([name, profile]) => ({
          name,
          default: config.defaultProfile === name,
          ...shown(profile),
        }));
        output.result(
          rows,
          listView(rows, {
            header: ['', 'NAME', 'BASE URL', 'TENANT', 'CLIENT', 'SECRETS'],
            row: (r) => [
              r['default'] === true ? '*' : '',
              String(r['name']),
              String(r['baseUrl'] ?? ''),
              String(r['tenantId'] ?? ''),
              String(r['clientId'] ?? ''),
              ['clientSecret', 'refreshToken', 'accessToken'].filter((key) => key in r).join(',') || '-',
            ],
            empty: 'No profiles: create one with partnerbox config init.',
            noun: 'profile',
          }),
        );
        return ExitCode.Ok;
      }),
    );
}

// ---- use

function useCommand(): Command {
  return addOutputOptions(
    new Command('use').option(
      '--config <file>',
      'config file (default: $PARTNERBOX_CONFIG, else ~/.config/partnerbox/config.json)',
    ),
  )
    .description('Make a profile the default one')
    .argument('<profile>', 'the profile')
    .action((name: string, flags: ConfigFlags) =>
      runWithOutput(flags, async (output) => {
        const file = configPathFor(flags.config);
        const config: ConfigFile = readConfigForEdit(file);
        if (!config.profiles?.[name]) {
          const known = Object.keys(config.profiles ?? {});
          throw usageError(`Profile "${name}" is not in ${file}.`, [
            known.length > 0 ? `known profiles: ${known.join(', ')}` : 'create it with partnerbox config init',
          ]);
        }
        writeConfig(file, { ...config, defaultProfile: name });
        output.result({ defaultProfile: name }, () => `"${name}" is now the default profile.`);
        return ExitCode.Ok;
      }),
    );
}
