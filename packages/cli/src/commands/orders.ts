/** @module `partnerbox orders list|cancel`. */
import { Command } from 'commander';
import { isPartnerCenterError, type Order } from '@partnerbox/sdk';
import { ExitCode } from '../exit-codes.js';
import { formatTable } from '../internal/table.js';
import { bulkExitCode } from '../internal/bulk-exit-code.js';
import { describeError } from '../output.js';
import {
  addCommonOptions,
  addDestructiveOptions,
  checkGuids,
  runCommand,
  type CommonFlags,
  type DestructiveFlags,
  confirmChange,
} from './shared.js';

type OrderOutcome =
  | { orderId: string; ok: true; status: string; action: 'cancel-requested' | 'already-cancelled' | 'would-cancel' }
  | { orderId: string; ok: false; error: Error };

export function ordersCommand(): Command {
  const orders = new Command('orders').description("A customer's orders");

  orders.addCommand(
    addCommonOptions(new Command('list'))
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
      ),
  );

  orders.addCommand(
    addDestructiveOptions(addCommonOptions(new Command('cancel')))
      .description('Cancel orders (reserved instances and software; the cancellation completes asynchronously)')
      .argument('<customer-id>', "the customer's tenant id")
      .argument('<order-id...>', 'orders to cancel')
      .action((customerId: string, orderIds: string[], flags: CommonFlags & DestructiveFlags) =>
        runCommand(flags, async ({ client, output }) => {
          checkGuids([customerId]);
          const ids = [...new Set(orderIds)];
          await confirmChange(flags, 'Cancel', 'order', ids, customerId);
          const outcomes: OrderOutcome[] = [];
          for (const orderId of ids) {
            try {
              const current = await client.orders.get(customerId, orderId);
              if (isCancelled(current)) {
                outcomes.push({ orderId, ok: true, status: current.status ?? '', action: 'already-cancelled' });
              } else if (flags.dryRun) {
                outcomes.push({ orderId, ok: true, status: current.status ?? '', action: 'would-cancel' });
              } else {
                const order = await client.orders.cancel(customerId, orderId);
                outcomes.push({ orderId, ok: true, status: order.status ?? '', action: 'cancel-requested' });
              }
            } catch (error) {
              if (!isPartnerCenterError(error)) throw error;
              outcomes.push({ orderId, ok: false, error });
            }
          }
          const document = {
            customerId,
            dryRun: flags.dryRun === true,
            results: outcomes.map((o) => (o.ok ? o : { orderId: o.orderId, ok: false, error: describeError(o.error) })),
          };
          output.result(document, () =>
            outcomes
              .map((o) => {
                if (!o.ok) return `${o.orderId}: ${o.error.message}`;
                if (o.action === 'already-cancelled') return `${o.orderId}: already cancelled`;
                if (o.action === 'would-cancel') return `${o.orderId}: would cancel (now ${o.status})`;
                return `${o.orderId}: cancellation requested (now ${o.status})`;
              })
              .join('\n'),
          );
          for (const o of outcomes) if (!o.ok) output.itemFailed(o.orderId, o.error);
          return bulkExitCode(outcomes);
        }),
      ),
  );

  return orders;
}

function isCancelled(order: Order): boolean {
  return typeof order.status === 'string' && order.status.toLowerCase() === 'cancelled';
}

function offers(order: Order): string {
  return (order.lineItems ?? []).map((item) => `${item.offerId} x${item.quantity}`).join(', ');
}
