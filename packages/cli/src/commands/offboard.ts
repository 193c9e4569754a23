/**
 * @module `partnerbox offboard <id...>|--all`: empty and delete integration-sandbox customers in
 * bulk, with bounded concurrency, one deadline for the run, and progress per customer and order.
 */
import { Command, InvalidArgumentError } from 'commander';
import {
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
import { LineProgress, TerminalProgress, type OffboardProgress } from '../offboard-progress.js';
import { describeError, type Output } from '../output.js';
import { formatDuration, parseDuration } from '../internal/duration.js';
import { bulkExitCode } from '../internal/bulk-exit-code.js';
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
  concurrency: number;
  deadline?: DeadlineSpec;
  pollInterval: number;
  maxPollInterval: number;
}

type Outcome = BulkItemResult<OffboardSandboxCustomerResult>;

/** `--deadline`: a duration counted from the start of the work (not from the prompt), or a time. */
type DeadlineSpec = { inMs: number } | { at: Date };

const DEFAULT_DEADLINE = '10m';

/** Customers not started when the run's deadline passed: untouched, reported like a deadline. */
class NotStartedError extends CliError {
  constructor(customerId: string, deadline: Date) {
    super(
      `Customer ${customerId} was not started: the deadline (${deadline.toISOString()}) had passed. Nothing was changed; run again.`,
      ExitCode.Deadline,
    );
  }
}

export function offboardCommand(): Command {
  return addDestructiveOptions(addCommonOptions(new Command('offboard')))
    .description(
      'Cancel the reserved-instance and software orders of integration-sandbox customers, wait for the cancellations, and delete the customers',
    )
    .argument('[customer-id...]', "customers' tenant ids")
    .option('--all', 'every customer of the account')
    .option(
      '--sandbox-account',
      'confirm that the account is a Partner Center integration sandbox (required, see docs/cli.md)',
    )
    .option('--concurrency <n>', 'customers at a time', positiveInteger('--concurrency'), 4)
    .option(
      '--deadline <when>',
      `stop waiting for cancellations at this time: a duration from now (90s, 10m) or an ISO date (default ${DEFAULT_DEADLINE})`,
      parseDeadline,
    )
    .option(
      '--poll-interval <duration>',
      'first wait between polls of pending cancellations; doubles each round',
      durationOption('--poll-interval'),
      2_000,
    )
    .option(
      '--max-poll-interval <duration>',
      'longest wait between polls',
      durationOption('--max-poll-interval'),
      30_000,
    )
    .action((customerIds: string[], flags: OffboardFlags) =>
      runCommand(flags, (context) => offboard(context, customerIds, flags)),
    );
}

type CustomerToOffboard = { id: string; name?: string | undefined };

async function offboard(context: CommandContext, customerIds: string[], flags: OffboardFlags): Promise<ExitCodeValue> {
  if (flags.all && customerIds.length > 0) throw usageError('Pass customer ids or --all, not both.');
  if (!flags.all && customerIds.length === 0) throw usageError('Pass the customer ids to offboard, or --all.');
  checkGuids(customerIds);
  const interrupt = new AbortController();
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
  const check = await checkIntegrationSandbox(client, {
    acknowledged: flags.sandboxAccount === true || profile.integrationSandbox,
    dryRun,
    abortSignal: interrupted,
  });
  if (!check.acknowledged) {
    output.warn('the account was not confirmed as an integration sandbox (--sandbox-account): a real run will refuse');
  }
  const customers = await customersToOffboard(client, customerIds, flags, interrupted);
  if (customers.length === 0) {
    output.result({ dryRun, results: [], summary: summarize([]) }, () => 'No customers to offboard.');
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
  const results = await offboardCustomers(client, output, customers, flags, interrupted);
  report(output, results, dryRun, Date.now() - started);
  if (interrupted.aborted) return ExitCode.Interrupted;
  return bulkExitCode(results);
}

async function customersToOffboard(
  client: PartnerCenterClient,
  customerIds: string[],
  flags: OffboardFlags,
  interrupted: AbortSignal,
): Promise<CustomerToOffboard[]> {
  if (!flags.all) return [...new Set(customerIds)].map((id) => ({ id }));
  const customers: CustomerToOffboard[] = [];
  for await (const customer of client.customers.list({ size: 100, abortSignal: interrupted })) {
    customers.push({ id: customer.id, name: customer.companyProfile.companyName });
  }
  return customers;
}

async function offboardCustomers(
  client: PartnerCenterClient,
  output: Output,
  customers: CustomerToOffboard[],
  flags: OffboardFlags,
  interrupted: AbortSignal,
): Promise<Outcome[]> {
  const dryRun = flags.dryRun === true;
  const spec = flags.deadline ?? { inMs: parseDuration(DEFAULT_DEADLINE) ?? 0 };
  const deadline = 'at' in spec ? spec.at : new Date(Date.now() + spec.inMs);
  const progress = createProgress(output, dryRun);
  progress.start(customers);
  try {
    return await runBulk(
      customers.map((customer) => customer.id),
      { concurrency: flags.concurrency, onResult: (outcome) => progress.result(outcome), abortSignal: interrupted },
      async (customerId) => {
        if (!dryRun && Date.now() >= deadline.getTime()) throw new NotStartedError(customerId, deadline);
        return offboardSandboxCustomer(client, customerId, {
          dryRun,
          deadline,
          pollIntervalInMs: flags.pollInterval,
          maxPollIntervalInMs: flags.maxPollInterval,
          abortSignal: interrupted,
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
  if (output.json || dryRun) return { start() {}, event() {}, result() {}, stop() {} };
  return new LineProgress(output.streams.stdout);
}

function summarize(results: readonly Outcome[]) {
  return {
    total: results.length,
    offboarded: results.filter((r) => r.ok && r.result.deleted).length,
    alreadyGone: results.filter((r) => r.ok && r.result.alreadyDeleted).length,
    planned: results.filter((r) => r.ok && r.result.dryRun && !r.result.alreadyDeleted).length,
    failed: results.filter((r) => !r.ok).length,
    deadline: results.filter((r) => !r.ok && describeError(r.error).exitCode === ExitCode.Deadline).length,
  };
}

function report(output: Output, results: readonly Outcome[], dryRun: boolean, elapsedInMs: number): void {
  const summary = summarize(results);
  const document = {
    dryRun,
    summary,
    results: results.map((r) =>
      r.ok
        ? {
            customerId: r.customerId,
            ok: true,
            deleted: r.result.deleted,
            alreadyDeleted: r.result.alreadyDeleted,
            cancelledOrderIds: r.result.cancelledOrderIds,
            plan: r.result.plan,
            correlationId: r.result.correlationId,
            elapsedInMs: r.result.elapsedInMs,
          }
        : { customerId: r.customerId, ok: false, error: describeError(r.error) },
    ),
  };
  output.result(document, () =>
    (dryRun ? planLines(results, summary) : runLines(results, summary, elapsedInMs)).join('\n'),
  );
  // Failures also go to stderr, where scripts look for them.
  for (const r of results) if (!r.ok) output.itemFailed(r.customerId, r.error);
}

type Summary = ReturnType<typeof summarize>;

function planLines(results: readonly Outcome[], summary: Summary): string[] {
  const lines: string[] = [];
  for (const r of results) {
    if (!r.ok) lines.push(`${r.customerId}: cannot plan: ${r.error.message}`);
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

function runLines(results: readonly Outcome[], summary: Summary, elapsedInMs: number): string[] {
  const gone = summary.alreadyGone > 0 ? ` (${summary.alreadyGone} already gone)` : '';
  const lines = [
    `Offboarded ${summary.offboarded + summary.alreadyGone} of ${summary.total} customer(s)${gone} in ${formatDuration(elapsedInMs)}.`,
  ];
  const failed = results.filter((r): r is Extract<Outcome, { ok: false }> => !r.ok);
  if (failed.length > 0) {
    lines.push(`${failed.length} failed:`);
    for (const r of failed) {
      const error = describeError(r.error);
      const ids = error.requestId ? ` (code ${error.code ?? '-'}, request id ${error.requestId})` : '';
      lines.push(`  ${r.customerId}: ${r.error.message}${ids}`);
    }
  }
  if (summary.deadline > 0) {
    lines.push(
      `The deadline passed with cancellations pending for ${summary.deadline} customer(s): run the same command again to resume.`,
    );
  }
  return lines;
}
