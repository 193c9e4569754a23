/** @module `partnerbox customers create`, from flags or a JSON body. */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import type { CreateCustomerRequest } from '@partnerbox/sdk';
import { usageError } from '../../cli-error.js';
import { ExitCode } from '../../exit-codes.js';
import { addCommonOptions, checkGuids, runCommand, type CommonFlags } from '../shared.js';

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

export function createCustomerCommand(): Command {
  return addCommonOptions(new Command('create'))
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
    );
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
