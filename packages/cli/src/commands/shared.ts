/** @module What every command over the SDK shares: connection flags, the client, output and error handling. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { PartnerCenterClient, PartnerCenterLogEntry } from '@partnerbox/sdk';
import { usageError } from '../cli-error.js';
import { confirm } from '../confirm.js';
import { readConfigForEdit, updateProfile, writeConfig } from '../config-file.js';
import { createClient, type AuthenticationMode } from '../create-client.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { OUTPUT_FORMATS, Output, type OutputFormat } from '../output.js';
import { ENVIRONMENT_VARIABLES, resolveProfile, type ProfileFlags, type ResolvedProfile } from '../resolve-profile.js';
import { parseDuration } from '../internal/duration.js';

export interface OutputFlags {
  json?: boolean;
  output?: OutputFormat;
  query?: string;
}

export interface CommonFlags extends ProfileFlags, OutputFlags {
  verbose?: boolean;
}

export interface DestructiveFlags {
  yes?: boolean;
  dryRun?: boolean;
}

/** What a command's work receives. */
export interface CommandContext {
  client: PartnerCenterClient;
  mode: AuthenticationMode;
  profile: ResolvedProfile;
  output: Output;
}

/**
 * The connection and output flags of every API command. There is deliberately no flag for a
 * secret; `--client-secret` only explains where secrets go.
 *
 * @example
 * ```ts
 * addCommonOptions(new Command('list')).action(...);
 * ```
 */
export function addCommonOptions(command: Command): Command {
  command
    .option(
      '--profile <name>',
      `profile of the config file (default: $${ENVIRONMENT_VARIABLES.profile}, else its defaultProfile)`,
    )
    .option(
      '--config <file>',
      `config file (default: $${ENVIRONMENT_VARIABLES.config}, else ~/.config/partnerbox/config.json)`,
    )
    .option(
      '--base-url <url>',
      `API root (default: $${ENVIRONMENT_VARIABLES.baseUrl}, else https://api.partnercenter.microsoft.com)`,
    )
    .option('--authority <url>', 'token authority (default: Entra ID for Microsoft API roots, else the base URL)')
    .option('--tenant-id <id>', `the partner's tenant id (default: $${ENVIRONMENT_VARIABLES.tenantId})`)
    .option('--client-id <id>', `the application id (default: $${ENVIRONMENT_VARIABLES.clientId})`)
    .option('-v, --verbose', 'report every retry on stderr');
  return addOutputOptions(command).addOption(
    new Option('--client-secret <secret>').hideHelp().argParser(() => {
      // A CliError, not commander's InvalidArgumentError: commander's message quotes the value.
      throw usageError(
        `--client-secret: secrets are not taken from the command line (shell history, ps): set ${ENVIRONMENT_VARIABLES.clientSecret} or store it with "partnerbox config set clientSecret".`,
      );
    }),
  );
}

/**
 * `-o/--output`, `--json` (short for `-o json`) and `--query`, for every command that prints a
 * result.
 *
 * @example
 * ```ts
 * addOutputOptions(new Command('requests'));
 * ```
 */
export function addOutputOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '-o, --output <format>',
        'output format: text (sentences and tables), json, yaml, table or tsv',
      ).choices(OUTPUT_FORMATS),
    )
    .option('--json', 'the same as -o json')
    .option(
      '--query <jmespath>',
      'JMESPath expression applied to the result (as az --query); JSON unless -o says otherwise',
    );
}

/**
 * The Output of a command's flags; throws a usage error for a bad `--query` or contradicting
 * format flags.
 *
 * @example
 * ```ts
 * const output = outputFor(flags);
 * ```
 */
export function outputFor(flags: OutputFlags): Output {
  if (flags.json && flags.output !== undefined && flags.output !== 'json') {
    throw usageError(`--json and -o ${flags.output} contradict each other: pass one.`);
  }
  return new Output({ format: flags.json ? 'json' : flags.output, query: flags.query });
}

/**
 * Runs `work` with the command's Output, reporting any error once and setting the exit code.
 * For the commands that need no client (config, sandbox).
 *
 * @example
 * ```ts
 * .action((flags) => runWithOutput(flags, async (output) => { output.result(x, () => 'done'); return ExitCode.Ok; }))
 * ```
 */
export async function runWithOutput(
  flags: OutputFlags,
  work: (output: Output) => Promise<ExitCodeValue>,
): Promise<void> {
  let output: Output;
  try {
    output = outputFor(flags);
  } catch (error) {
    process.exitCode = new Output().fail(error);
    return;
  }
  let exitCode: ExitCodeValue;
  try {
    exitCode = await work(output);
  } catch (error) {
    exitCode = output.fail(error);
  }
  if (exitCode !== ExitCode.Ok) process.exitCode = exitCode;
}

/** `--yes` and `--dry-run`, for commands that change or delete things. */
export function addDestructiveOptions(command: Command): Command {
  return command
    .option('-y, --yes', 'do it without asking (required when stdin is not a terminal)')
    .option('--dry-run', 'print what would be done, change nothing');
}

/**
 * Runs a command's work with the client of the resolved profile, reporting any error (Partner
 * Center code, description, request id) and setting the exit code. `work` may return an exit
 * code: 0, or its own (a partial failure in bulk, say).
 *
 * @example
 * ```ts
 * .action((id: string, flags: CommonFlags) => runCommand(flags, async ({ client, output }) => { ... }))
 * ```
 */
export async function runCommand(
  flags: CommonFlags,
  work: (context: CommandContext) => Promise<ExitCodeValue>,
): Promise<void> {
  await runWithOutput(flags, async (output) => {
    const profile = resolveProfile(flags);
    for (const warning of profile.warnings) output.warn(warning);
    const showRetries = flags.verbose === true || process.stderr.isTTY === true;
    const { client, mode } = createClient(profile, {
      logger: (entry) => {
        if (showRetries) logEntry(output, entry, flags.verbose === true);
      },
      onRefreshTokenRotated: rotatedTokenKeeper(profile),
    });
    return work({ client, mode, profile, output });
  });
}

/**
 * Entra ID rotates refresh tokens on use; a token from the profile is replaced there by its
 * successor, so the profile keeps working after the old one expires. One from the environment
 * is the environment's business.
 */
function rotatedTokenKeeper(profile: ResolvedProfile): ((token: string) => void) | undefined {
  const file = profile.configFile;
  if (file === undefined || nonEmpty(process.env[ENVIRONMENT_VARIABLES.refreshToken]) !== undefined) return undefined;
  return (token) => {
    writeConfig(file, updateProfile(readConfigForEdit(file), profile.name, { refreshToken: token }));
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function logEntry(output: Output, entry: PartnerCenterLogEntry, verbose: boolean): void {
  const path = new URL(entry.url).pathname;
  if (entry.type === 'retry') {
    const why = entry.status === undefined ? entry.reason : `${entry.reason}, HTTP ${entry.status}`;
    output.streams.stderr.write(
      `partnerbox: ${entry.method} ${path} (${why}): retrying in ${(entry.delayInMs / 1000).toFixed(1)} s\n`,
    );
  } else if (verbose && entry.type === 'response') {
    output.streams.stderr.write(
      `partnerbox: ${entry.method} ${path} -> ${entry.status} in ${entry.durationInMs} ms (request id ${entry.requestId ?? '-'})\n`,
    );
  }
}

/** Parses a positive whole number option. */
export function positiveInteger(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name}: expected a whole number, 1 or more.`);
    return n;
  };
}

/** Parses a duration option (`90s`, `10m`, `500ms`) into milliseconds. */
export function durationOption(name: string) {
  return (value: string): number => {
    const ms = parseDuration(value);
    if (/^\s*\d+(\.\d+)?\s*$/.test(value)) {
      throw new InvalidArgumentError(`${name}: a duration needs its unit: ${value.trim()}s or ${value.trim()}ms?`);
    }
    if (ms === undefined || ms <= 0)
      throw new InvalidArgumentError(`${name}: expected a duration such as 90s, 10m or 500ms.`);
    return ms;
  };
}

/** Customer ids are tenant GUIDs; catching a typo here beats a 400 from the service. */
export function checkGuids(ids: readonly string[], what = 'customer id'): void {
  const bad = ids.filter((id) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
  if (bad.length > 0) throw usageError(`Not a ${what} (a GUID): ${bad.join(', ')}`);
}

/**
 * Asks before changing some of a customer's orders or subscriptions, unless it is a dry run
 * (which changes nothing) or `--yes` was given.
 */
export async function confirmChange(
  flags: DestructiveFlags,
  verb: string,
  noun: 'order' | 'subscription',
  ids: readonly string[],
  customerId: string,
): Promise<void> {
  if (flags.dryRun) return;
  await confirm({
    yes: flags.yes === true,
    question: `${verb} ${ids.length === 1 ? `${noun} ${ids[0]}` : `${ids.length} ${noun}s`} of customer ${customerId}?`,
    action: `${verb.toLowerCase()} ${noun}s of customer ${customerId}`,
  });
}
