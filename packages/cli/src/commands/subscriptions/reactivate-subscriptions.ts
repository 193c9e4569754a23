/** @module `partnerbox subscriptions reactivate`. */
import { Command } from 'commander';
import { addCommonOptions, checkGuids, runCommand, type CommonFlags, type DestructiveFlags } from '../shared.js';
import { setSubscriptionStatus } from './set-subscription-status.js';

export function reactivateSubscriptionsCommand(): Command {
  return addCommonOptions(new Command('reactivate'))
    .description('Reactivate suspended subscriptions')
    .argument('<customer-id>', "the customer's tenant id")
    .argument('<subscription-id...>', 'subscriptions to reactivate')
    .option('--dry-run', 'print what would be done, change nothing')
    .action((customerId: string, ids: string[], flags: CommonFlags & DestructiveFlags) =>
      runCommand(flags, async ({ client, output }) => {
        checkGuids([customerId]);
        checkGuids(ids, 'subscription id');
        return setSubscriptionStatus(client, output, customerId, ids, 'active', flags.dryRun === true);
      }),
    );
}
