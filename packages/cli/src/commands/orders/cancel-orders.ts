/** @module `partnerbox orders cancel`: request the cancellation of orders, once each. */
import { Command } from 'commander';
import { isPartnerCenterError, type Order, type PartnerCenterClient } from '@partnerbox/sdk';
import { bulkExitCode } from '../../internal/bulk-exit-code.js';
import { describeError } from '../../output.js';
import {
  addCommonOptions,
  addDestructiveOptions,
  checkGuids,
  confirmChange,
  runCommand,
  type CommonFlags,
  type DestructiveFlags,
} from '../shared.js';

type OrderOutcome =
  | { orderId: string; ok: true; status: string; action: 'cancel-requested' | 'already-cancelled' | 'would-cancel' }
  | { orderId: string; ok: false; error: Error };

export function cancelOrdersCommand(): Command {
  return addDestructiveOptions(addCommonOptions(new Command('cancel')))
    .description('Cancel orders (reserved instances and software; the cancellation completes asynchronously)')
    .argument('<customer-id>', "the customer's tenant id")
    .argument('<order-id...>', 'orders to cancel')
    .action((customerId: string, orderIds: string[], flags: CommonFlags & DestructiveFlags) =>
      runCommand(flags, async ({ client, output }) => {
        checkGuids([customerId]);
        const ids = [...new Set(orderIds)];
        await confirmChange(flags, 'Cancel', 'order', ids, customerId);
        const outcomes: OrderOutcome[] = [];
        for (const orderId of ids) outcomes.push(await cancelOrder(client, customerId, orderId, flags.dryRun === true));
        const document = {
          customerId,
          dryRun: flags.dryRun === true,
          results: outcomes.map((o) => (o.ok ? o : { orderId: o.orderId, ok: false, error: describeError(o.error) })),
        };
        output.result(document, () => outcomes.map(outcomeLine).join('\n'));
        for (const o of outcomes) if (!o.ok) output.itemFailed(o.orderId, o.error);
        return bulkExitCode(outcomes);
      }),
    );
}

/** Cancels one order unless it is cancelled already (or this is a dry run); a refusal is an outcome, not a throw. */
async function cancelOrder(
  client: PartnerCenterClient,
  customerId: string,
  orderId: string,
  dryRun: boolean,
): Promise<OrderOutcome> {
  try {
    const current = await client.orders.get(customerId, orderId);
    if (isCancelled(current)) return { orderId, ok: true, status: current.status ?? '', action: 'already-cancelled' };
    if (dryRun) return { orderId, ok: true, status: current.status ?? '', action: 'would-cancel' };
    const order = await client.orders.cancel(customerId, orderId);
    return { orderId, ok: true, status: order.status ?? '', action: 'cancel-requested' };
  } catch (error) {
    if (!isPartnerCenterError(error)) throw error;
    return { orderId, ok: false, error };
  }
}

function outcomeLine(o: OrderOutcome): string {
  if (!o.ok) return `${o.orderId}: ${o.error.message}`;
  if (o.action === 'already-cancelled') return `${o.orderId}: already cancelled`;
  if (o.action === 'would-cancel') return `${o.orderId}: would cancel (now ${o.status})`;
  return `${o.orderId}: cancellation requested (now ${o.status})`;
}

function isCancelled(order: Order): boolean {
  return typeof order.status === 'string' && order.status.toLowerCase() === 'cancelled';
}
