/** @module `partnerbox customers get`. */
import { Command } from 'commander';
import type { Customer } from '@partnerbox/sdk';
import { ExitCode } from '../../exit-codes.js';
import { addCommonOptions, checkGuids, runCommand, type CommonFlags } from '../shared.js';

export function getCustomerCommand(): Command {
  return addCommonOptions(new Command('get'))
    .description('Show one customer')
    .argument('<customer-id>', "the customer's tenant id")
    .action((customerId: string, flags: CommonFlags) =>
      runCommand(flags, async ({ client, output }) => {
        checkGuids([customerId]);
        const customer = await client.customers.get(customerId);
        output.result(customer, () => describeCustomer(customer));
        return ExitCode.Ok;
      }),
    );
}

function describeCustomer(customer: Customer): string {
  const rows: [string, string | undefined][] = [
    ['id', customer.id],
    ['company', customer.companyProfile.companyName],
    ['domain', customer.companyProfile.domain],
    ['relationship', customer.relationshipToPartner],
    [
      'delegated admin',
      customer.allowDelegatedAccess === undefined ? undefined : String(customer.allowDelegatedAccess),
    ],
    ['commerce id', customer.commerceId],
    ['billing email', customer.billingProfile?.email],
    ['culture', customer.billingProfile?.culture],
  ];
  return rows
    .filter((row): row is [string, string] => row[1] !== undefined)
    .map(([key, value]) => `${`${key}:`.padEnd(17)}${value}`)
    .join('\n');
}
