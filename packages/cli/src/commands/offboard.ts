/**
 * @module `partnerbox offboard <id...>|--all`: empty and delete integration-sandbox customers in
 * bulk, with bounded concurrency, one deadline for the run, progress per customer and order,
 * and a table of every customer's outcome at the end.
 */
import { setMaxListeners } from 'node:events';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  isPartnerCenterError,
  createOffboardingScheduler,
  DEFAULT_OFFBOARDING_CONCURRENCY,
  offboardSandboxCustomer,
  runBulk,
  type BulkItemResult,
  type OffboardSandboxCustomerResult,
  type PartnerCenterClient,
} from '@partnerbox/sdk';
import { CliError, usageError } from '../cli-error.js';
import { confirm } from '../confirm.js';
import { checkIntegrationSandbox } from '../check-integration-sandbox.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import {
  LineProgress,
  TerminalProgress,
  failureKind,
  type OffboardProgress,
  type OffboardTarget,
} from '../offboard-progress.js';
import { describeError, type Output } from '../output.js';
import { formatDuration, parseDuration } from '../internal/duration.js';
import { bulkExitCode } from '../internal/bulk-exit-code.js';
import { formatTable, type Table } from '../internal/table.js';
import {
  addCommonOptions,
  addDestructiveOptions,
  checkGuids,
  durationOption,
  positiveInteger,
  runCommand,
  type CommandContext,
  type CommonFlags,
  type DestructiveFlags,
} from './shared.js';

interface OffboardFlags extends CommonFlags, DestructiveFlags {
  all?: boolean;
  sandboxAccount?: boolean;
  ignoreMissing?: boolean;
  concurrency: number;
  deadline?: DeadlineSpec;
  pollInterval: number;
  maxPollInterval: number;
}

type Outcome = BulkItemResult<OffboardSandboxCustomerResult>;

/** `--deadline`: a duration counted from the start of the work (not from the prompt), or a time. */
type DeadlineSpec = { inMs: number } | { at: Date };

const DEFAULT_DEADLINE = '10m';
const DEFAULT_POLL_INTERVAL = '2s';
const DEFAULT_MAX_POLL_INTERVAL = '30s';

/** Customers not started when the run's deadline passed: untouched, reported like a deadline. */
class NotStartedError extends CliError {
  constructor(customerId: string, deadline: Date) {
    super(
      `Customer ${customerId} was not started: the deadline (${deadline.toISOString()}) had passed. Nothing was changed; run again.`,
      ExitCode.Deadline,
    );
  }
}

/** When each customer's work started and ended, for the summary table. */
type Timings = Map<string, { startedAt: number; endedAt?: number }>;

export function offboardCommand(): Command {
  const command: Command = addDestructiveOptions(addCommonOptions(new Command('offboard')))
    .description(
      'Cancel the reserved-instance and software orders of integration-sandbox customers, wait for the cancellations, and delete the customers',
    )
    .argument('[customer-id...]', "customers' tenant ids")
    .option('--all', 'every customer of the account')
    .option(
      '--sandbox-account',
      'confirm that the account is a Partner Center integration sandbox (required, see docs/cli.md)',
    )
    .option(
      '--ignore-missing',
      'offboard the customers that exist and skip ids that are not found (else: exit 6, nothing changed)',
    )
    .option(
      '--concurrency <n>',
      'Partner Center calls in flight at once; every customer runs together',
      positiveInteger('--concurrency'),
      DEFAULT_OFFBOARDING_CONCURRENCY,
    )
    .addOption(
      new Option(
        '--deadline <when>',
        `stop waiting for cancellations at this time: a duration from the start (90s, 10m) or an ISO date (default: ${DEFAULT_DEADLINE})`,
      ).argParser(parseDeadline),
    )
    .addOption(
      new Option(
        '--poll-interval <duration>',
        'first and shortest wait between polls of pending cancellations; later ones a quarter of the time waited so far',
      )
        .argParser(durationOption('--poll-interval'))
        .default(parseDuration(DEFAULT_POLL_INTERVAL), DEFAULT_POLL_INTERVAL),
    )
    .addOption(
      new Option('--max-poll-interval <duration>', 'longest wait between polls')
        .argParser(durationOption('--max-poll-interval'))
        .default(parseDuration(DEFAULT_MAX_POLL_INTERVAL), DEFAULT_MAX_POLL_INTERVAL),
    )
    .action((customerIds: string[], flags: OffboardFlags) =>
      runCommand(flags, (context) => offboard(context, customerIds, flags)),
    );
  return command;
}

async function offboard(context: CommandContext, customerIds: string[], flags: OffboardFlags): Promise<ExitCodeValue> {
  if (flags.all && customerIds.length > 0) throw usageError('Pass customer ids or --all, not both.');
  if (!flags.all && customerIds.length === 0) throw usageError('Pass the customer ids to offboard, or --all.');
  checkGuids(customerIds);
  const interrupt = new AbortController();
  // Every customer of a run is in flight at once, each call listening on this one signal.
  setMaxListeners(0, interrupt.signal);
  const onSigint = () => interrupt.abort();
  process.once('SIGINT', onSigint);
  try {
    return await offboardUntilInterrupted(context, customerIds, flags, interrupt.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function offboardUntilInterrupted(
  { client, profile, output }: CommandContext,
  customerIds: string[],
  flags: OffboardFlags,
  interrupted: AbortSignal,
): Promise<ExitCodeValue> {
  const dryRun = flags.dryRun === true;
  const acknowledged = flags.sandboxAccount === true || profile.integrationSandbox;
  const checking = checkIntegrationSandbox(client, { acknowledged, dryRun, abortSignal: interrupted });
  // The customers are read while the probe runs (both only read; one round trip less before the
  // work), unless the run is refused before the probe: then nothing is sent at all.
  const finding = acknowledged || dryRun ? customersToOffboard(client, customerIds, flags, interrupted) : undefined;
  finding?.catch(() => undefined);
  const check = await checking;
  if (!check.acknowledged) {
    output.warn('the account was not confirmed as an integration sandbox (--sandbox-account): a real run will refuse');
  }
  const { customers, missing } = await (finding ?? customersToOffboard(client, customerIds, flags, interrupted));
  if (missing.length > 0 && !flags.ignoreMissing) {
    throw new CliError(
      `${missing.length === 1 ? 'Customer' : 'Customers'} not found: ${missing.join(', ')}. Nothing was changed.`,
      ExitCode.NotFound,
      ['check the ids (partnerbox customers list), or pass --ignore-missing to offboard the others'],
    );
  }
  for (const id of missing) output.warn(`customer ${id} not found: skipped (--ignore-missing)`);
  if (customers.length === 0) {
    output.result(
      { dryRun, results: [], notFound: missing, summary: summarize([], missing) },
      () => 'No customers to offboard.',
    );
    return ExitCode.Ok;
  }
  if (!dryRun) {
    const what = flags.all ? `all ${customers.length} customers` : `${customers.length} customer(s)`;
    await confirm({
      yes: flags.yes === true,
      question: `Offboard ${what} of tenant ${profile.tenantId ?? '(token)'} at ${profile.baseUrl}? Their reserved-instance and software orders are cancelled and the customers deleted.`,
      action: `offboard ${what}`,
    });
  }
  const started = Date.now();
  const timings: Timings = new Map();
  const results = await offboardCustomers(client, output, customers, flags, timings, interrupted);
  report(output, { customers, results, missing, timings, dryRun, elapsedInMs: Date.now() - started });
  if (interrupted.aborted) {
    resumeHint(output, results, timings, flags);
    return ExitCode.Interrupted;
  }
  return bulkExitCode(results);
}

/**
 * The customers to work on, with their names for the progress rows. Ids are looked up first:
 * a mistyped id must not pass as "already offboarded" (Partner Center answers 404 for both).
 */
async function customersToOffboard(
  client: PartnerCenterClient,
  customerIds: string[],
  flags: OffboardFlags,
  interrupted: AbortSignal,
): Promise<{ customers: OffboardTarget[]; missing: string[] }> {
  if (flags.all) {
    const customers: OffboardTarget[] = [];
    for await (const customer of client.customers.list({ size: 100, abortSignal: interrupted })) {
      customers.push({ id: customer.id, name: customer.companyProfile.companyName });
    }
    return { customers, missing: [] };
  }
  const lookups = await runBulk(customerIds, { concurrency: flags.concurrency, abortSignal: interrupted }, (id) =>
    client.customers.get(id, { abortSignal: interrupted }),
  );
  const customers: OffboardTarget[] = [];
  const missing: string[] = [];
  for (const lookup of lookups) {
    if (lookup.ok) customers.push({ id: lookup.customerId, name: lookup.result.companyProfile.companyName });
    else if (isPartnerCenterError(lookup.error) && lookup.error.statusCode === 404) missing.push(lookup.customerId);
    else throw lookup.error;
  }
  return { customers, missing };
}

async function offboardCustomers(
  client: PartnerCenterClient,
  output: Output,
  customers: OffboardTarget[],
  flags: OffboardFlags,
  timings: Timings,
  interrupted: AbortSignal,
): Promise<Outcome[]> {
  const dryRun = flags.dryRun === true;
  const spec = flags.deadline ?? { inMs: parseDuration(DEFAULT_DEADLINE) ?? 0 };
  const deadline = 'at' in spec ? spec.at : new Date(Date.now() + spec.inMs);
  const progress = createProgress(output, dryRun);
  progress.start(customers);
  // One scheduler for the run: every customer's cancellations are requested first, within
  // --concurrency calls in flight, then one poller waits for all of them, and each customer is
  // deleted as soon as its own orders clear.
  const scheduler = createOffboardingScheduler({
    concurrency: flags.concurrency,
    pollIntervalInMs: flags.pollInterval,
    maxPollIntervalInMs: flags.maxPollInterval,
  });
  try {
    return await runBulk(
      customers.map((customer) => customer.id),
      {
        concurrency: Math.max(customers.length, 1),
        onResult: (outcome) => {
          const timing = timings.get(outcome.customerId);
          if (timing) timing.endedAt = Date.now();
          progress.result(outcome);
        },
        abortSignal: interrupted,
      },
      async (customerId) => {
        if (!dryRun && Date.now() >= deadline.getTime()) throw new NotStartedError(customerId, deadline);
        timings.set(customerId, { startedAt: Date.now() });
        progress.begin(customerId);
        return offboardSandboxCustomer(client, customerId, {
          dryRun,
          deadline,
          pollIntervalInMs: flags.pollInterval,
          maxPollIntervalInMs: flags.maxPollInterval,
          abortSignal: interrupted,
          scheduler,
          onProgress: (event) => progress.event(event),
        });
      },
    );
  } finally {
    progress.stop();
  }
}

function parseDeadline(value: string): DeadlineSpec {
  const ms = parseDuration(value);
  if (ms !== undefined && ms > 0) return { inMs: ms };
  // An ISO date needs at least a year-month-day; Date.parse alone accepts too much.
  if (/^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value))) return { at: new Date(value) };
  throw new InvalidArgumentError('expected a duration (90s, 10m, 1h) or an ISO date.');
}

function createProgress(output: Output, dryRun: boolean): OffboardProgress {
  if (output.interactive) {
    const locale = `${process.env['LC_ALL'] ?? ''}${process.env['LC_CTYPE'] ?? ''}${process.env['LANG'] ?? ''}`;
    return new TerminalProgress(output.streams.stdout, { unicode: /utf-?8/i.test(locale) });
  }
  // A plan is printed whole at the end; step lines would only repeat it.
  if (output.machine || dryRun) return { start() {}, begin() {}, event() {}, result() {}, stop() {} };
  return new LineProgress(output.streams.stdout);
}

function summarize(results: readonly Outcome[], missing: readonly string[]) {
  return {
    total: results.length,
    offboarded: results.filter((r) => r.ok && r.result.deleted).length,
    alreadyGone: results.filter((r) => r.ok && r.result.alreadyDeleted).length,
    planned: results.filter((r) => r.ok && r.result.dryRun && !r.result.alreadyDeleted).length,
    failed: results.filter((r) => !r.ok).length,
    deadline: results.filter((r) => !r.ok && describeError(r.error).exitCode === ExitCode.Deadline).length,
    interrupted: results.filter((r) => !r.ok && describeError(r.error).exitCode === ExitCode.Interrupted).length,
    notFound: missing.length,
  };
}

interface Run {
  customers: readonly OffboardTarget[];
  results: readonly Outcome[];
  missing: readonly string[];
  timings: Timings;
  dryRun: boolean;
  elapsedInMs: number;
}

function report(output: Output, run: Run): void {
  const { results, dryRun } = run;
  const summary = summarize(results, run.missing);
  const names = new Map(run.customers.map((customer) => [customer.id, customer.name]));
  const document = {
    dryRun,
    summary,
    notFound: run.missing,
    results: results.map((r) =>
      r.ok
        ? {
            customerId: r.customerId,
            companyName: names.get(r.customerId),
            ok: true,
            deleted: r.result.deleted,
            alreadyDeleted: r.result.alreadyDeleted,
            cancelledOrderIds: r.result.cancelledOrderIds,
            plan: r.result.plan,
            correlationId: r.result.correlationId,
            elapsedInMs: r.result.elapsedInMs,
          }
        : { customerId: r.customerId, companyName: names.get(r.customerId), ok: false, error: describeError(r.error) },
    ),
  };
  const table = () => summaryTable(run, names);
  output.result(document, {
    text: () => (dryRun ? planLines(results, summary) : runLines(table(), summary, run.elapsedInMs)).join('\n'),
    table,
  });
  // Each failure's message once, on stderr, where scripts look for them; the table above only
  // names its kind. Customers an interrupt kept from starting have nothing to say.
  for (const r of results) {
    if (!r.ok && (exitOf(r) !== ExitCode.Interrupted || run.timings.has(r.customerId))) {
      output.itemFailed(r.customerId, r.error);
    }
  }
}

function exitOf(outcome: Outcome): ExitCodeValue {
  return outcome.ok ? ExitCode.Ok : describeError(outcome.error).exitCode;
}

type Summary = ReturnType<typeof summarize>;

function planLines(results: readonly Outcome[], summary: Summary): string[] {
  const lines: string[] = [];
  for (const r of results) {
    if (!r.ok) lines.push(`${r.customerId}: cannot plan (${failureKind(r.error)})`);
    else if (r.result.alreadyDeleted) lines.push(`${r.customerId}: already gone, nothing to do`);
    else {
      const orders = r.result.plan.ordersToCancel;
      lines.push(
        `${r.customerId}: would ${orders.length > 0 ? `cancel ${orders.length} order(s) (${orders.join(', ')}), then ` : ''}delete the customer`,
      );
    }
  }
  lines.push(`Dry run: ${summary.planned} customer(s) to offboard, nothing changed.`);
  return lines;
}

/** One row per customer: what became of it, its orders and its time. */
function summaryTable(run: Run, names: Map<string, string | undefined>): Table {
  return {
    header: ['CUSTOMER', 'COMPANY', 'RESULT', 'ORDERS CANCELLED', 'TIME'],
    rows: run.results.map((r) => {
      const timing = run.timings.get(r.customerId);
      const time = timing === undefined ? '-' : formatDuration((timing.endedAt ?? timing.startedAt) - timing.startedAt);
      const name = names.get(r.customerId) ?? '';
      if (r.ok) {
        const result = r.result.dryRun ? 'planned' : r.result.alreadyDeleted ? 'already gone' : 'offboarded';
        return [r.customerId, name, result, String(r.result.cancelledOrderIds.length), time];
      }
      const kind = timing === undefined && exitOf(r) === ExitCode.Interrupted ? 'not started' : failureKind(r.error);
      const pending = describeError(r.error).pendingOrderIds;
      return [r.customerId, name, pending ? `${kind} (${pending.length} pending)` : kind, '-', time];
    }),
  };
}

function runLines(table: Table, summary: Summary, elapsedInMs: number): string[] {
  const gone = summary.alreadyGone > 0 ? ` (${summary.alreadyGone} already gone)` : '';
  const lines = [
    formatTable(table.header, table.rows),
    `Offboarded ${summary.offboarded + summary.alreadyGone} of ${summary.total} customer(s)${gone} in ${formatDuration(elapsedInMs)}.`,
  ];
  if (summary.deadline > 0) {
    lines.push(
      `The deadline passed with cancellations pending for ${summary.deadline} customer(s): run the same command again to resume.`,
    );
  }
  return lines;
}

/**
 * After Ctrl+C: nothing is half-done (a cancelled order stays cancelled, a customer is deleted
 * last), so the same command resumes; with ids, the ones already deleted are then missing.
 */
function resumeHint(output: Output, results: readonly Outcome[], timings: Timings, flags: OffboardFlags): void {
  const unfinished = results.filter((r) => !r.ok).map((r) => r.customerId);
  const started = unfinished.filter((id) => timings.has(id)).length;
  output.info(
    `Interrupted: ${unfinished.length} customer(s) not finished (${started} in progress, ${unfinished.length - started} not started). Nothing is half-done: cancelled orders stay cancelled.`,
  );
  output.info(
    flags.all || flags.ignoreMissing
      ? 'To resume, run the same command again.'
      : `To resume, run the same command again with --ignore-missing (the customers already offboarded are gone), or offboard the rest: partnerbox offboard ${unfinished.join(' ')}`,
  );
}
