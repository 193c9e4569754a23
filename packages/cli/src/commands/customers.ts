/** @module `partnerbox customers list|get|create|delete|remove-relationship`. */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import {
  offboardSandboxCustomer,
  RelationshipRemovalBlockedError,
  removeResellerRelationships,
  type RelationshipRemovalPlan,
  type CreateCustomerRequest,
  type Customer,
  type CustomerListFilter,
  type RemoveResellerRelationshipResult,
} from '@partnerbox/sdk';
import { confirm } from '../confirm.js';
import { usageError } from '../cli-error.js';
import { ExitCode } from '../exit-codes.js';
import { ENVIRONMENT_VARIABLES } from '../resolve-profile.js';
import { formatTable } from '../internal/table.js';
import { bulkExitCode } from '../internal/bulk-exit-code.js';
import { describeError } from '../output.js';
import {
  addCommonOptions,
  addDestructiveOptions,
  checkGuids,
  positiveInteger,
  runCommand,
  type CommonFlags,
  type DestructiveFlags,
} from './shared.js';

interface ListFlags extends CommonFlags {
  size?: number;
  company?: string;
  domain?: string;
  limit?: number;
}

interface CreateFlags extends CommonFlags {
  fromFile?: string;
  domain?: string;
  companyName?: string;
  email?: string;
  culture: string;
  language: string;
  country?: string;
  city?: string;
  state?: string;
  addressLine1?: string;
  postalCode?: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  requestId?: string;
}

interface RemoveRelationshipFlags extends CommonFlags, DestructiveFlags {
  suspendActiveSubscriptions?: boolean;
  concurrency: number;
}

export function customersCommand(): Command {
  const customers = new Command('customers').description("The partner's customers");

  customers.addCommand(
    addCommonOptions(new Command('list'))
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
          output.result(found, () => {
            if (found.length === 0) return 'No customers.';
            const table = formatTable(
              ['ID', 'COMPANY', 'DOMAIN', 'RELATIONSHIP'],
              found.map((c) => [
                c.id,
                c.companyProfile.companyName ?? '',
                c.companyProfile.domain,
                c.relationshipToPartner,
              ]),
            );
            return `${table}\n${found.length} customer(s)`;
          });
          return ExitCode.Ok;
        }),
      ),
  );

  customers.addCommand(
    addCommonOptions(new Command('get'))
      .description('Show one customer')
      .argument('<customer-id>', "the customer's tenant id")
      .action((customerId: string, flags: CommonFlags) =>
        runCommand(flags, async ({ client, output }) => {
          checkGuids([customerId]);
          const customer = await client.customers.get(customerId);
          output.result(customer, () => describeCustomer(customer));
          return ExitCode.Ok;
        }),
      ),
  );

  customers.addCommand(
    addCommonOptions(new Command('create'))
      .description('Create a customer (the admin password is shown once)')
      .option('--from-file <file>', 'the request body as JSON (- for stdin) instead of the flags below')
      .option('--domain <domain>', 'the new tenant, e.g. contoso.onmicrosoft.com')
      .option('--company-name <name>')
      .option('--email <email>', 'billing contact')
      .option('--culture <culture>', 'billing culture', 'en-US')
      .option('--language <language>', 'billing language', 'en')
      .option('--country <code>', 'two-letter country code')
      .option('--city <city>')
      .option('--state <state>')
      .option('--address-line1 <line>')
      .option('--postal-code <code>')
      .option('--first-name <name>')
      .option('--last-name <name>')
      .option('--phone <number>')
      .option('--request-id <guid>', 'MS-RequestId: run again with the same one and no second customer is created')
      .action((flags: CreateFlags) =>
        runCommand(flags, async ({ client, output }) => {
          const body = flags.fromFile !== undefined ? readBody(flags.fromFile) : bodyFromFlags(flags);
          if (flags.requestId !== undefined) checkGuids([flags.requestId], 'request id');
          const customer = await client.customers.create(body, { requestId: flags.requestId });
          output.result(customer, () => {
            const lines = [`Created customer ${customer.id} (${customer.companyProfile.domain}).`];
            if (customer.userCredentials) {
              lines.push(
                `Admin user: ${customer.userCredentials.userName}@${customer.companyProfile.domain}`,
                `Password:   ${customer.userCredentials.password}   (shown once: Partner Center does not return it again)`,
              );
            }
            return lines.join('\n');
          });
          return ExitCode.Ok;
        }),
      ),
  );

  customers.addCommand(
    addDestructiveOptions(addCommonOptions(new Command('delete')))
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
      ),
  );

  customers.addCommand(
    addDestructiveOptions(addCommonOptions(new Command('remove-relationship')))
      .description('End the reseller relationship with customers (App+User credential)')
      .argument('<customer-id...>', "customers' tenant ids")
      .option('--suspend-active-subscriptions', 'suspend active subscriptions first instead of refusing')
      .option('--concurrency <n>', 'customers at a time', positiveInteger('--concurrency'), 4)
      .action((customerIds: string[], flags: RemoveRelationshipFlags) =>
        runCommand(flags, async ({ client, mode, output }) => {
          checkGuids(customerIds);
          const dryRun = flags.dryRun === true;
          const suspend = flags.suspendActiveSubscriptions === true;
          // Partner Center refuses App-only tokens here (900150): say so before any call, in the
          // CLI's terms. (A ready-made access token may be either kind; the service decides.)
          if (!dryRun && mode === 'app-only') {
            throw usageError('Removing a reseller relationship needs an App+User credential.', [
              `set ${ENVIRONMENT_VARIABLES.refreshToken} (or refreshToken in the profile); --dry-run works with App-only`,
            ]);
          }
          if (!dryRun) {
            const what = customerIds.length === 1 ? `customer ${customerIds[0]}` : `${customerIds.length} customers`;
            await confirm({
              yes: flags.yes === true,
              question: `Remove the reseller relationship with ${what}${suspend ? ', suspending their active subscriptions first' : ''}?`,
              action: `remove the relationship with ${what}`,
            });
          }
          const results = await removeResellerRelationships(client, customerIds, {
            dryRun,
            suspendActiveSubscriptions: suspend,
            concurrency: flags.concurrency,
          });
          const document = {
            dryRun,
            results: results.map((r) =>
              r.ok
                ? { customerId: r.customerId, ok: true, ...relationshipSummary(r.result) }
                : { customerId: r.customerId, ok: false, error: describeError(r.error) },
            ),
          };
          output.result(document, () =>
            results
              .map((r) => {
                if (!r.ok) {
                  return r.error instanceof RelationshipRemovalBlockedError
                    ? blockedLine(r.error.plan, suspend)
                    : `${r.customerId}: ${r.error.message}`;
                }
                const { plan } = r.result;
                if (r.result.alreadyRemoved) return `${r.customerId}: no relationship (already removed)`;
                if (dryRun) {
                  if (plan.blocked) return blockedLine(plan, suspend);
                  const suspending = plan.subscriptionsToSuspend.length;
                  return `${r.customerId}: would ${suspending > 0 ? `suspend ${plan.subscriptionsToSuspend.join(', ')}, then ` : ''}remove the relationship`;
                }
                const suspended = r.result.suspendedSubscriptionIds;
                return `${r.customerId}: relationship removed${suspended.length > 0 ? ` (suspended ${suspended.join(', ')})` : ''}`;
              })
              .join('\n'),
          );
          for (const r of results) if (!r.ok) output.itemFailed(r.customerId, r.error);
          const exitCode = bulkExitCode(results);
          // A dry run that would be refused says so in its exit code too.
          if (exitCode === ExitCode.Ok && dryRun && results.some((r) => r.ok && r.result.plan.blocked)) {
            return ExitCode.Refused;
          }
          return exitCode;
        }),
      ),
  );

  return customers;
}

/** What blocks a removal, in the CLI's words. */
function blockedLine(plan: RelationshipRemovalPlan, suspend: boolean): string {
  const reasons: string[] = [];
  if (plan.blockingOrderIds.length > 0) {
    reasons.push(`reserved-instance orders not cancelled ${plan.blockingOrderIds.join(', ')}`);
  }
  if (plan.activeSubscriptionIds.length > 0 && !suspend) {
    reasons.push(
      `active subscriptions ${plan.activeSubscriptionIds.join(', ')} (or pass --suspend-active-subscriptions)`,
    );
  }
  return `${plan.customerId}: blocked by ${reasons.join('; ')}`;
}

function relationshipSummary(result: RemoveResellerRelationshipResult) {
  return {
    alreadyRemoved: result.alreadyRemoved,
    plan: result.plan,
    suspendedSubscriptionIds: result.suspendedSubscriptionIds,
    relationshipToPartner: result.customer?.relationshipToPartner,
  };
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

function readBody(file: string): CreateCustomerRequest {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw usageError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as CreateCustomerRequest;
  } catch (error) {
    throw usageError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

function bodyFromFlags(flags: CreateFlags): CreateCustomerRequest {
  const required: [string, string | undefined][] = [
    ['--domain', flags.domain],
    ['--company-name', flags.companyName],
    ['--email', flags.email],
    ['--country', flags.country],
    ['--city', flags.city],
    ['--address-line1', flags.addressLine1],
  ];
  const missing = required.filter(([, value]) => value === undefined || value === '').map(([name]) => name);
  if (missing.length > 0) throw usageError(`Missing ${missing.join(', ')} (or pass the whole body with --from-file).`);
  const companyName = flags.companyName ?? '';
  const optional = <K extends string>(key: K, value: string | undefined) =>
    (value === undefined ? {} : { [key]: value }) as Partial<Record<K, string>>;
  return {
    companyProfile: { domain: flags.domain ?? '', companyName },
    billingProfile: {
      email: flags.email ?? '',
      culture: flags.culture,
      language: flags.language,
      companyName,
      ...optional('firstName', flags.firstName),
      ...optional('lastName', flags.lastName),
      defaultAddress: {
        country: flags.country ?? '',
        city: flags.city ?? '',
        addressLine1: flags.addressLine1 ?? '',
        ...optional('state', flags.state),
        ...optional('postalCode', flags.postalCode),
        ...optional('firstName', flags.firstName),
        ...optional('lastName', flags.lastName),
        ...optional('phoneNumber', flags.phone),
      },
    },
  };
}
