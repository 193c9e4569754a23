/** @module `partnerbox subscriptions list|suspend|reactivate`, one file each under subscriptions/. */
import { Command } from 'commander';
import { listSubscriptionsCommand } from './subscriptions/list-subscriptions.js';
import { reactivateSubscriptionsCommand } from './subscriptions/reactivate-subscriptions.js';
import { suspendSubscriptionsCommand } from './subscriptions/suspend-subscriptions.js';

export function subscriptionsCommand(): Command {
  return new Command('subscriptions')
    .description("A customer's subscriptions")
    .addCommand(listSubscriptionsCommand())
    .addCommand(suspendSubscriptionsCommand())
    .addCommand(reactivateSubscriptionsCommand());
}
