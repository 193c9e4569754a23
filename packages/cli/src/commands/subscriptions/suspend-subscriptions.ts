/** @module `partnerbox subscriptions suspend`, after a confirmation. */
import { Command } from 'commander';
import {
  addCommonOptions,
  addDestructiveOptions,
  checkGuids,
  confirmChange,
  runCommand,
  type CommonFlags,
  type DestructiveFlags,
} from '../shared.js';
import { setSubscriptionStatus } from './set-subscription-status.js';

export function suspendSubscriptionsCommand(): Command {
  return addDestructiveOptions(addCommonOptions(new Command('suspend')))
    .description('Suspend subscriptions')
    .argument('<customer-id>', "the customer's tenant id")
    .argument('<subscription-id...>', 'subscriptions to suspend')
    .action((customerId: string, ids: string[], flags: CommonFlags & DestructiveFlags) =>
      runCommand(flags, async ({ client, output }) => {
        checkGuids([customerId]);
        checkGuids(ids, 'subscription id');
        await confirmChange(flags, 'Suspend', 'subscription', ids, customerId);
        return setSubscriptionStatus(client, output, customerId, ids, 'suspended', flags.dryRun === true);
      }),
    );
}
