/** @module `partnerbox orders list`. */
import { Command } from 'commander';
import type { Order } from '@partnerbox/sdk';
import { ExitCode } from '../../exit-codes.js';
import { listView } from '../../output.js';
import { addCommonOptions, checkGuids, runCommand, type CommonFlags } from '../shared.js';

export function listOrdersCommand(): Command {
  return addCommonOptions(new Command('list'))
    .description("List a customer's orders")
    .argument('<customer-id>', "the customer's tenant id")
    .action((customerId: string, flags: CommonFlags) =>
      runCommand(flags, async ({ client, output }) => {
        checkGuids([customerId]);
        const { items } = await client.orders.list(customerId);
        output.result(
          items,
          listView(items, {
            header: ['ID', 'STATUS', 'CREATED', 'BILLING', 'OFFERS'],
            row: (order) => [
              order.id,
              order.status ?? '',
              order.creationDate ?? '',
              order.billingCycle ?? '',
              offers(order),
            ],
            empty: 'No orders.',
            noun: 'order',
          }),
        );
        return ExitCode.Ok;
      }),
    );
}

function offers(order: Order): string {
  return (order.lineItems ?? []).map((item) => `${item.offerId} x${item.quantity}`).join(', ');
}
