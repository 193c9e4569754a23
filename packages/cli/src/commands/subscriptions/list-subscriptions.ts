/** @module `partnerbox subscriptions list`. */
import { Command } from 'commander';
import { ExitCode } from '../../exit-codes.js';
import { formatTable } from '../../internal/table.js';
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
    );
}
