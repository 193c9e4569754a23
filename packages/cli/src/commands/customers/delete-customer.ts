/** @module `partnerbox customers delete`: one integration-sandbox customer, after a confirmation. */
import { Command } from 'commander';
import { offboardSandboxCustomer } from '@partnerbox/sdk';
import { confirm } from '../../confirm.js';
import { ExitCode } from '../../exit-codes.js';
import {
  addCommonOptions,
  addDestructiveOptions,
  checkGuids,
  runCommand,
  type CommonFlags,
  type DestructiveFlags,
} from '../shared.js';

export function deleteCustomerCommand(): Command {
  return addDestructiveOptions(addCommonOptions(new Command('delete')))
    .description('Delete a customer from an integration sandbox account (its orders must be cancelled; see offboard)')
    .argument('<customer-id>', "the customer's tenant id")
    .action((customerId: string, flags: CommonFlags & DestructiveFlags) =>
      runCommand(flags, async ({ client, output }) => {
        checkGuids([customerId]);
        const customer = await client.customers.get(customerId);
        const label = `${customerId} (${customer.companyProfile.companyName ?? customer.companyProfile.domain})`;
        if (flags.dryRun) {
          // The offboarding plan names what DELETE would be refused for.
          const { plan } = await offboardSandboxCustomer(client, customerId, { dryRun: true });
          output.result({ customerId, dryRun: true, deleted: false, blockingOrderIds: plan.ordersToCancel }, () =>
            [
              `Would delete customer ${label}.`,
              plan.ordersToCancel.length > 0
                ? `Partner Center would refuse: orders not cancelled: ${plan.ordersToCancel.join(', ')} (partnerbox offboard cancels them first).`
                : 'Nothing blocks the deletion.',
            ].join('\n'),
          );
          return plan.ordersToCancel.length > 0 ? ExitCode.Refused : ExitCode.Ok;
        }
        await confirm({
          yes: flags.yes === true,
          question: `Delete customer ${label}? Its orders, subscriptions and data go with it.`,
          action: `delete customer ${customerId}`,
        });
        await client.customers.deleteFromSandbox(customerId);
        output.result({ customerId, dryRun: false, deleted: true }, () => `Deleted customer ${label}.`);
        return ExitCode.Ok;
      }),
    );
}
