/** @module `partnerbox customers list`. */
import { Command } from 'commander';
import type { Customer, CustomerListFilter } from '@partnerbox/sdk';
import { usageError } from '../../cli-error.js';
import { ExitCode } from '../../exit-codes.js';
import { listView } from '../../output.js';
import { addCommonOptions, positiveInteger, runCommand, type CommonFlags } from '../shared.js';

interface ListFlags extends CommonFlags {
  size?: number;
  company?: string;
  domain?: string;
  limit?: number;
}

export function listCustomersCommand(): Command {
  return addCommonOptions(new Command('list'))
    .description('List customers, following every page')
    .option('--size <n>', 'page size', positiveInteger('--size'), 100)
    .option('--company <prefix>', 'only companies whose name starts with this (case-insensitive)')
    .option('--domain <prefix>', 'only customers whose domain starts with this')
    .option('--limit <n>', 'stop after this many customers', positiveInteger('--limit'))
    .action((flags: ListFlags) =>
      runCommand(flags, async ({ client, output }) => {
        if (flags.company !== undefined && flags.domain !== undefined) {
          throw usageError('Filter by --company or by --domain, not both (Partner Center takes one filter).');
        }
        let filter: CustomerListFilter | undefined;
        if (flags.company !== undefined) filter = { field: 'companyName', value: flags.company };
        if (flags.domain !== undefined) filter = { field: 'domain', value: flags.domain };
        const found: Customer[] = [];
        for await (const customer of client.customers.list({ size: flags.size, filter })) {
          found.push(customer);
          if (flags.limit !== undefined && found.length >= flags.limit) break;
        }
        output.result(
          found,
          listView(found, {
            header: ['ID', 'COMPANY', 'DOMAIN', 'RELATIONSHIP'],
            row: (c) => [c.id, c.companyProfile.companyName ?? '', c.companyProfile.domain, c.relationshipToPartner],
            empty: 'No customers.',
            noun: 'customer',
          }),
        );
        return ExitCode.Ok;
      }),
    );
}
