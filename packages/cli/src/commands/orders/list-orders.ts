/** @module `partnerbox orders list`. */
import { Command } from 'commander';
import type { Order } from '@partnerbox/sdk';
import { ExitCode } from '../../exit-codes.js';
import { formatTable } from '../../internal/table.js';
import { addCommonOptions, checkGuids, runCommand, type CommonFlags } from '../shared.js';

export function listOrdersCommand(): Command {
  return addCommonOptions(new Command('list'))
    .description("List a customer's orders")
    .argument('<customer-id>', "the customer's tenant id")
    .action((customerId: string, flags: CommonFlags) =>
      runCommand(flags, async ({ client, output }) => {
        checkGuids([customerId]);
        const { items } = await client.orders.list(customerId);
        output.result(items, () =>
          items.length === 0
            ? 'No orders.'
            : `${formatTable(
                ['ID', 'STATUS', 'CREATED', 'BILLING', 'OFFERS'],
                items.map((order) => [
                  order.id,
                  order.status ?? '',
                  order.creationDate ?? '',
                  order.billingCycle ?? '',
                  offers(order),
                ]),
              )}\n${items.length} order(s)`,
        );
        return ExitCode.Ok;
      }),
    );
}

function offers(order: Order): string {
  return (order.lineItems ?? []).map((item) => `${item.offerId} x${item.quantity}`).join(', ');
}
