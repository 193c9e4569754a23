/** @module `partnerbox customers remove-relationship`: end reseller relationships, prechecked. */
import { Command } from 'commander';
import {
  RelationshipRemovalBlockedError,
  removeResellerRelationships,
  type BulkItemResult,
  type RelationshipRemovalPlan,
  type RemoveResellerRelationshipResult,
} from '@partnerbox/sdk';
import { confirm } from '../../confirm.js';
import { usageError } from '../../cli-error.js';
import type { AuthenticationMode } from '../../create-client.js';
import { ExitCode, type ExitCodeValue } from '../../exit-codes.js';
import { ENVIRONMENT_VARIABLES } from '../../resolve-profile.js';
import { bulkExitCode } from '../../internal/bulk-exit-code.js';
import { describeError } from '../../output.js';
import {
  addCommonOptions,
  addDestructiveOptions,
  checkGuids,
  positiveInteger,
  runCommand,
  type CommandContext,
  type CommonFlags,
  type DestructiveFlags,
} from '../shared.js';

interface RemoveRelationshipFlags extends CommonFlags, DestructiveFlags {
  suspendActiveSubscriptions?: boolean;
  concurrency: number;
}

export function removeRelationshipCommand(): Command {
  return addDestructiveOptions(addCommonOptions(new Command('remove-relationship')))
    .description('End the reseller relationship with customers (App+User credential)')
    .argument('<customer-id...>', "customers' tenant ids")
    .option('--suspend-active-subscriptions', 'suspend active subscriptions first instead of refusing')
    .option('--concurrency <n>', 'customers at a time', positiveInteger('--concurrency'), 4)
    .action((customerIds: string[], flags: RemoveRelationshipFlags) =>
      runCommand(flags, (context) => removeRelationships(context, customerIds, flags)),
    );
}

type RemovalResults = BulkItemResult<RemoveResellerRelationshipResult>[];

async function removeRelationships(
  { client, mode, output }: CommandContext,
  customerIds: string[],
  flags: RemoveRelationshipFlags,
): Promise<ExitCodeValue> {
  checkGuids(customerIds);
  const dryRun = flags.dryRun === true;
  const suspend = flags.suspendActiveSubscriptions === true;
  if (!dryRun) {
    assertAppUser(mode);
    await confirmRemoval(customerIds, suspend, flags.yes === true);
  }
  const results = await removeResellerRelationships(client, customerIds, {
    dryRun,
    suspendActiveSubscriptions: suspend,
    concurrency: flags.concurrency,
  });
  const document = {
    dryRun,
    results: results.map((r) =>
      r.ok
        ? { customerId: r.customerId, ok: true, ...relationshipSummary(r.result) }
        : { customerId: r.customerId, ok: false, error: describeError(r.error) },
    ),
  };
  output.result(document, () => results.map((r) => resultLine(r, dryRun, suspend)).join('\n'));
  for (const r of results) if (!r.ok) output.itemFailed(r.customerId, r.error);
  return removalExitCode(results, dryRun);
}

/**
 * Partner Center refuses App-only tokens here (900150): say so before any call, in the CLI's
 * terms. (A ready-made access token may be either kind; the service decides.)
 */
function assertAppUser(mode: AuthenticationMode): void {
  if (mode !== 'app-only') return;
  throw usageError('Removing a reseller relationship needs an App+User credential.', [
    `set ${ENVIRONMENT_VARIABLES.refreshToken} (or refreshToken in the profile); --dry-run works with App-only`,
  ]);
}

async function confirmRemoval(customerIds: string[], suspend: boolean, yes: boolean): Promise<void> {
  const what = customerIds.length === 1 ? `customer ${customerIds[0]}` : `${customerIds.length} customers`;
  await confirm({
    yes,
    question: `Remove the reseller relationship with ${what}${suspend ? ', suspending their active subscriptions first' : ''}?`,
    action: `remove the relationship with ${what}`,
  });
}

function resultLine(r: RemovalResults[number], dryRun: boolean, suspend: boolean): string {
  if (!r.ok) {
    return r.error instanceof RelationshipRemovalBlockedError
      ? blockedLine(r.error.plan, suspend)
      : `${r.customerId}: ${r.error.message}`;
  }
  const { plan } = r.result;
  if (r.result.alreadyRemoved) return `${r.customerId}: no relationship (already removed)`;
  if (dryRun) {
    if (plan.blocked) return blockedLine(plan, suspend);
    const suspending = plan.subscriptionsToSuspend.length;
    return `${r.customerId}: would ${suspending > 0 ? `suspend ${plan.subscriptionsToSuspend.join(', ')}, then ` : ''}remove the relationship`;
  }
  const suspended = r.result.suspendedSubscriptionIds;
  return `${r.customerId}: relationship removed${suspended.length > 0 ? ` (suspended ${suspended.join(', ')})` : ''}`;
}

function removalExitCode(results: RemovalResults, dryRun: boolean): ExitCodeValue {
  const exitCode = bulkExitCode(results);
  // A dry run that would be refused says so in its exit code too.
  if (exitCode === ExitCode.Ok && dryRun && results.some((r) => r.ok && r.result.plan.blocked)) {
    return ExitCode.Refused;
  }
  return exitCode;
}

/** What blocks a removal, in the CLI's words. */
function blockedLine(plan: RelationshipRemovalPlan, suspend: boolean): string {
  const reasons: string[] = [];
  if (plan.blockingOrderIds.length > 0) {
    reasons.push(`reserved-instance orders not cancelled ${plan.blockingOrderIds.join(', ')}`);
  }
  if (plan.activeSubscriptionIds.length > 0 && !suspend) {
    reasons.push(
      `active subscriptions ${plan.activeSubscriptionIds.join(', ')} (or pass --suspend-active-subscriptions)`,
    );
  }
  return `${plan.customerId}: blocked by ${reasons.join('; ')}`;
}

function relationshipSummary(result: RemoveResellerRelationshipResult) {
  return {
    alreadyRemoved: result.alreadyRemoved,
    plan: result.plan,
    suspendedSubscriptionIds: result.suspendedSubscriptionIds,
    relationshipToPartner: result.customer?.relationshipToPartner,
  };
}
