/**
 * @module `partnerbox sandbox requests`: a Partnerbox sandbox's request journal
 * (`/_sandbox/requests`), listed with its filters or cleared. Unlike every other command this
 * one talks to a sandbox's control plane, with its admin key, never to Partner Center.
 */
import { Command } from 'commander';
import type { JournalEntry } from '@partnerbox/contract/types';
import { CliError, usageError } from '../cli-error.js';
import { ExitCode } from '../exit-codes.js';
import { formatTable, type Table } from '../internal/table.js';
import { ENVIRONMENT_VARIABLES } from '../resolve-profile.js';
import { addOutputOptions, positiveInteger, runWithOutput, type OutputFlags } from './shared.js';

const ADMIN_KEY_VARIABLE = 'PARTNERBOX_ADMIN_KEY';
const DEFAULT_SANDBOX_URL = 'http://127.0.0.1:4000';

interface RequestsFlags extends OutputFlags {
  baseUrl?: string;
  method?: string;
  path?: string;
  partner?: string;
  status?: string;
  since?: string;
  until?: string;
  limit?: number;
  clear?: boolean;
}

async function controlCall(flags: RequestsFlags, method: 'GET' | 'DELETE', query: URLSearchParams): Promise<unknown> {
  const adminKey = process.env[ADMIN_KEY_VARIABLE];
  if (!adminKey) throw usageError(`set ${ADMIN_KEY_VARIABLE} to the sandbox's admin key (printed by partnerbox serve)`);
  const base = (flags.baseUrl ?? process.env[ENVIRONMENT_VARIABLES.baseUrl] ?? DEFAULT_SANDBOX_URL).replace(/\/+$/, '');
  const url = `${base}/_sandbox/requests${query.size ? `?${query}` : ''}`;
  let response: Response;
  try {
    response = await fetch(url, { method, headers: { Authorization: `Bearer ${adminKey}` } });
  } catch (error) {
    throw new CliError(`cannot reach the sandbox at ${base}: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) {
    const description = (JSON.parse(text || '{}') as { description?: string }).description ?? text;
    throw new CliError(`the sandbox answered ${response.status}: ${description}`);
  }
  return JSON.parse(text) as unknown;
}

function filters(flags: RequestsFlags): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of ['method', 'path', 'partner', 'status', 'since', 'until', 'limit'] as const) {
    const value = flags[key];
    if (value !== undefined) query.set(key, String(value));
  }
  return query;
}

function rows(entries: JournalEntry[]): Table {
  return {
    header: ['TIME', 'METHOD', 'PATH', 'STATUS', 'MS', 'PARTNER', 'REQUEST ID'],
    rows: entries.map((e) => [
      e.at,
      e.method,
      `${e.path}${e.query}`,
      String(e.status),
      e.durationMs.toFixed(1),
      e.partner ?? '-',
      e.requestId,
    ]),
  };
}

function table(entries: JournalEntry[]): string {
  if (entries.length === 0) return 'No requests.';
  const { header, rows: body } = rows(entries);
  return `${formatTable(header, body)}\n${entries.length} request(s)`;
}

export function sandboxCommand(): Command {
  const sandbox = new Command('sandbox').description("A Partnerbox sandbox's own features (its control plane)");
  sandbox.addCommand(
    addOutputOptions(new Command('requests'))
      .description('List the requests the sandbox answered (its request journal), oldest first, or clear them')
      .option(
        '--base-url <url>',
        `the sandbox (default: $${ENVIRONMENT_VARIABLES.baseUrl}, else ${DEFAULT_SANDBOX_URL})`,
      )
      .option('--method <method>', 'only this HTTP method')
      .option('--path <glob>', 'only paths matching: * within a segment, ** across')
      .option('--partner <tenant-id>', "only this partner's requests")
      .option('--status <status>', 'only this status (404) or class (4xx)')
      .option('--since <time>', 'only requests from this time on (ISO 8601)')
      .option('--until <time>', 'only requests up to this time (ISO 8601)')
      .option('--limit <n>', 'the newest n (default 100, at most 1000)', positiveInteger('--limit'))
      .option('--clear', "remove the listed partner's entries (with --partner) or all of them")
      .action((flags: RequestsFlags) =>
        runWithOutput(flags, async (output) => {
          if (flags.clear) {
            const query = new URLSearchParams(flags.partner ? { partner: flags.partner } : {});
            const result = (await controlCall(flags, 'DELETE', query)) as { deleted: number };
            output.result(result, () => `Removed ${result.deleted} request(s) from the journal.`);
          } else {
            const entries = (await controlCall(flags, 'GET', filters(flags))) as JournalEntry[];
            output.result(entries, { text: () => table(entries), table: () => rows(entries) });
          }
          return ExitCode.Ok;
        }),
      ),
  );
  return sandbox;
}
