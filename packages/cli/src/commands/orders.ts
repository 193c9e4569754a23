/** @module `partnerbox orders list|cancel`, one file each under orders/. */
import { Command } from 'commander';
import { cancelOrdersCommand } from './orders/cancel-orders.js';
import { listOrdersCommand } from './orders/list-orders.js';

export function ordersCommand(): Command {
  return new Command('orders')
    .description("A customer's orders")
    .addCommand(listOrdersCommand())
    .addCommand(cancelOrdersCommand());
}
