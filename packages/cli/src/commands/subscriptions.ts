/** @module `partnerbox subscriptions list|suspend|reactivate`. */
import { Command } from 'commander';
import { isPartnerCenterError, type PartnerCenterClient, type Subscription } from '@partnerbox/sdk';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { formatTable } from '../internal/table.js';
import { bulkExitCode } from '../internal/bulk-exit-code.js';
import { describeError, type Output } from '../output.js';
import {
  addCommonOptions,
  addDestructiveOptions,
  checkGuids,
  runCommand,
  type CommonFlags,
  type DestructiveFlags,
  confirmChange,
} from './shared.js';

interface ListFlags extends CommonFlags {
  orderId?: string;
}

type Target = 'suspended' | 'active';

type SubscriptionOutcome =
  | { subscriptionId: string; ok: true; status: string; changed: boolean }
  | { subscriptionId: string; ok: false; error: Error };

export function subscriptionsCommand(): Command {
  const subscriptions = new Command('subscriptions').description("A customer's subscriptions");

  subscriptions.addCommand(
    addCommonOptions(new Command('list'))
      .description("List a customer's subscriptions")
      .argument('<customer-id>', "the customer's tenant id")
      .option('--order-id <id>', 'only those of this order')
      .action((customerId: string, flags: ListFlags) =>
        runCommand(flags, async ({ client, output }) => {
          checkGuids([customerId]);
          const { items } = await client.subscriptions.list(customerId, { orderId: flags.orderId });
          output.result(items, () =>
            items.length === 0
              ? 'No subscriptions.'
              : `${formatTable(
                  ['ID', 'STATUS', 'QUANTITY', 'OFFER', 'ORDER'],
                  items.map((s) => [
                    s.id,
                    s.status ?? '',
                    String(s.quantity ?? ''),
                    s.offerName ?? s.offerId ?? '',
                    s.orderId ?? '',
                  ]),
                )}\n${items.length} subscription(s)`,
          );
          return ExitCode.Ok;
        }),
      ),
  );

  subscriptions.addCommand(
    addDestructiveOptions(addCommonOptions(new Command('suspend')))
      .description('Suspend subscriptions')
      .argument('<customer-id>', "the customer's tenant id")
      .argument('<subscription-id...>', 'subscriptions to suspend')
      .action((customerId: string, ids: string[], flags: CommonFlags & DestructiveFlags) =>
        runCommand(flags, async ({ client, output }) => {
          checkGuids([customerId]);
          checkGuids(ids, 'subscription id');
          await confirmChange(flags, 'Suspend', 'subscription', ids, customerId);
          return setStatus(client, output, customerId, ids, 'suspended', flags.dryRun === true);
        }),
      ),
  );

  subscriptions.addCommand(
    addCommonOptions(new Command('reactivate'))
      .description('Reactivate suspended subscriptions')
      .argument('<customer-id>', "the customer's tenant id")
      .argument('<subscription-id...>', 'subscriptions to reactivate')
      .option('--dry-run', 'print what would be done, change nothing')
      .action((customerId: string, ids: string[], flags: CommonFlags & DestructiveFlags) =>
        runCommand(flags, async ({ client, output }) => {
          checkGuids([customerId]);
          checkGuids(ids, 'subscription id');
          return setStatus(client, output, customerId, ids, 'active', flags.dryRun === true);
        }),
      ),
  );

  return subscriptions;
}

async function setStatus(
  client: PartnerCenterClient,
  output: Output,
  customerId: string,
  ids: string[],
  target: Target,
  dryRun: boolean,
): Promise<ExitCodeValue> {
  const outcomes: SubscriptionOutcome[] = [];
  for (const subscriptionId of [...new Set(ids)]) {
    try {
      const current = await client.subscriptions.get(customerId, subscriptionId);
      if (statusOf(current) === target || dryRun) {
        outcomes.push({ subscriptionId, ok: true, status: current.status ?? '', changed: false });
        continue;
      }
      const updated =
        target === 'suspended'
          ? await client.subscriptions.suspend(customerId, current)
          : await client.subscriptions.reactivate(customerId, current);
      outcomes.push({ subscriptionId, ok: true, status: updated.status ?? '', changed: true });
    } catch (error) {
      if (!isPartnerCenterError(error)) throw error;
      outcomes.push({ subscriptionId, ok: false, error });
    }
  }
  const verb = target === 'suspended' ? 'suspend' : 'reactivate';
  output.result(
    {
      customerId,
      dryRun,
      results: outcomes.map((o) =>
        o.ok ? o : { subscriptionId: o.subscriptionId, ok: false, error: describeError(o.error) },
      ),
    },
    () =>
      outcomes
        .map((o) => {
          if (!o.ok) return `${o.subscriptionId}: ${o.error.message}`;
          if (o.changed) return `${o.subscriptionId}: ${target}`;
          if (o.status.toLowerCase() === target) return `${o.subscriptionId}: already ${target}`;
          return `${o.subscriptionId}: would ${verb} (now ${o.status})`;
        })
        .join('\n'),
  );
  for (const o of outcomes) if (!o.ok) output.itemFailed(o.subscriptionId, o.error);
  return bulkExitCode(outcomes);
}

function statusOf(subscription: Subscription): string {
  return (subscription.status ?? '').toLowerCase();
}
