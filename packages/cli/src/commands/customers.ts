/** @module `partnerbox customers list|get|create|delete|remove-relationship`, one file each under customers/. */
import { Command } from 'commander';
import { createCustomerCommand } from './customers/create-customer.js';
import { deleteCustomerCommand } from './customers/delete-customer.js';
import { getCustomerCommand } from './customers/get-customer.js';
import { listCustomersCommand } from './customers/list-customers.js';
import { removeRelationshipCommand } from './customers/remove-relationship.js';

export function customersCommand(): Command {
  return new Command('customers')
    .description("The partner's customers")
    .addCommand(listCustomersCommand())
    .addCommand(getCustomerCommand())
    .addCommand(createCustomerCommand())
    .addCommand(deleteCustomerCommand())
    .addCommand(removeRelationshipCommand());
}
