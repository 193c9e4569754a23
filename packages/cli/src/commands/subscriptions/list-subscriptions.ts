/** @module `partnerbox subscriptions list`. */
import { Command } from 'commander';
import { ExitCode } from '../../exit-codes.js';
import { listView } from '../../output.js';
import { addCommonOptions, checkGuids, runCommand, type CommonFlags } from '../shared.js';

interface ListFlags extends CommonFlags {
  orderId?: string;
}

export function listSubscriptionsCommand(): Command {
  return addCommonOptions(new Command('list'))
    .description("List a customer's subscriptions")
    .argument('<customer-id>', "the customer's tenant id")
    .option('--order-id <id>', 'only those of this order')
    .action((customerId: string, flags: ListFlags) =>
      runCommand(flags, async ({ client, output }) => {
        checkGuids([customerId]);
        const { items } = await client.subscriptions.list(customerId, { orderId: flags.orderId });
        output.result(
          items,
          listView(items, {
            header: ['ID', 'STATUS', 'QUANTITY', 'OFFER', 'ORDER'],
            row: (s) => [
              s.id,
              s.status ?? '',
              String(s.quantity ?? ''),
              s.offerName ?? s.offerId ?? '',
              s.orderId ?? '',
            ],
            empty: 'No subscriptions.',
            noun: 'subscription',
          }),
        );
        return ExitCode.Ok;
      }),
    );
}
