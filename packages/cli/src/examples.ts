/**
 * @module The EXAMPLES section of every command's `--help`, one table for all commands so that
 * they read alike; a test checks each example names its command and only options it has.
 */
import type { Command } from 'commander';

/** What an example does, and the command line (starting with `partnerbox`). */
export type Example = readonly [description: string, commandLine: string];

const C = '<customer-id>';

/** Examples by command path (`customers list`); the root is ''. */
export const EXAMPLES: Readonly<Record<string, readonly Example[]>> = {
  '': [
    ['run a sandbox, then point the CLI at it', 'partnerbox serve --in-memory'],
    ['store a profile and sign in', 'partnerbox config init && partnerbox login'],
    ['list customers as YAML', 'partnerbox customers list -o yaml'],
  ],
  serve: [
    ['a throwaway sandbox in memory', 'partnerbox serve --in-memory'],
    ['on another port, keeping state in ./data', 'partnerbox serve --port 4100 --data-dir ./data'],
    ['with slow cancellations, to try offboarding', 'partnerbox serve --in-memory --cancellation-delay 30'],
  ],
  customers: [
    ['every customer as a table', 'partnerbox customers list'],
    ['one customer as JSON', `partnerbox customers get ${C} -o json`],
  ],
  'customers list': [
    ['every customer', 'partnerbox customers list'],
    [
      'ids and names of the companies starting with "contoso"',
      "partnerbox customers list --company contoso --query '[].[id, companyProfile.companyName]' -o tsv",
    ],
    ['the first ten as YAML', 'partnerbox customers list --limit 10 -o yaml'],
  ],
  'customers get': [
    ['one customer', `partnerbox customers get ${C}`],
    ['its relationship only', `partnerbox customers get ${C} --query relationshipToPartner -o tsv`],
  ],
  'customers create': [
    [
      'a customer from flags, safe to retry with the same request id',
      'partnerbox customers create --domain contoso.onmicrosoft.com --company-name Contoso --email ap@contoso.example --country US --city Redmond --address-line1 "1 Microsoft Way" --request-id 9a1f6a1e-3c55-4c1b-9f0e-5d1f0c2b7a11',
    ],
    ['from a JSON body on stdin', 'partnerbox customers create --from-file - < customer.json'],
  ],
  'customers delete': [
    ['what would block the deletion', `partnerbox customers delete ${C} --dry-run`],
    ['delete without asking', `partnerbox customers delete ${C} --yes`],
  ],
  'customers remove-relationship': [
    ['the plan (App-only is enough)', `partnerbox customers remove-relationship ${C} --dry-run`],
    [
      'suspend active subscriptions, then remove (App+User: partnerbox login first)',
      `partnerbox customers remove-relationship ${C} --suspend-active-subscriptions --yes`,
    ],
  ],
  orders: [
    ["a customer's orders", `partnerbox orders list ${C}`],
    ['cancel one', `partnerbox orders cancel --yes -- ${C} <order-id>`],
  ],
  'orders list': [
    ["a customer's orders", `partnerbox orders list ${C}`],
    ['the ids of the pending ones', `partnerbox orders list ${C} --query "[?status=='pending'].id" -o tsv`],
  ],
  'orders cancel': [
    ['what would be cancelled', `partnerbox orders cancel --dry-run -- ${C} <order-id>`],
    ['cancel two orders without asking', `partnerbox orders cancel --yes -- ${C} <order-id> <order-id>`],
  ],
  subscriptions: [
    ["a customer's subscriptions", `partnerbox subscriptions list ${C}`],
    ['suspend one', `partnerbox subscriptions suspend ${C} <subscription-id> --yes`],
  ],
  'subscriptions list': [
    ["a customer's subscriptions", `partnerbox subscriptions list ${C}`],
    ["one order's, as JSON", `partnerbox subscriptions list ${C} --order-id <order-id> -o json`],
  ],
  'subscriptions suspend': [
    ['what would be suspended', `partnerbox subscriptions suspend ${C} <subscription-id> --dry-run`],
    ['suspend without asking', `partnerbox subscriptions suspend ${C} <subscription-id> --yes`],
  ],
  'subscriptions reactivate': [
    ['reactivate a suspended subscription', `partnerbox subscriptions reactivate ${C} <subscription-id>`],
    ['what would change', `partnerbox subscriptions reactivate ${C} <subscription-id> --dry-run`],
  ],
  offboard: [
    ['plan the offboarding of every customer, changing nothing', 'partnerbox offboard --all --dry-run'],
    ['offboard two customers of an integration sandbox', `partnerbox offboard ${C} ${C} --sandbox-account --yes`],
    [
      'everything, waiting at most 5 minutes; ids already gone are fine',
      `partnerbox offboard ${C} ${C} --sandbox-account --yes --deadline 5m --poll-interval 1s --ignore-missing`,
    ],
    [
      'the outcome per customer as TSV',
      "partnerbox offboard --all --dry-run --query 'results[].[customerId, ok]' -o tsv",
    ],
  ],
  sandbox: [['the last five writes a client made', 'partnerbox sandbox requests --method PATCH --limit 5']],
  'sandbox requests': [
    [
      'the last five PATCHes of customers',
      "partnerbox sandbox requests --method PATCH --path '/v1/customers/**' --limit 5",
    ],
    ['how many requests failed', "partnerbox sandbox requests --status 4xx --query 'length(@)'"],
    ['empty the journal', 'partnerbox sandbox requests --clear'],
  ],
  config: [
    ['create a profile, asking for each value', 'partnerbox config init'],
    ['every profile', 'partnerbox config list'],
  ],
  'config init': [
    ['create or update a profile, asking for each value', 'partnerbox config init'],
    [
      'without questions, the secret from stdin',
      'partnerbox config init --profile local --base-url http://127.0.0.1:4000 --tenant-id <tenant-id> --client-id <client-id> --client-secret-stdin < secret.txt',
    ],
  ],
  'config set': [
    ['point a profile at a sandbox', 'partnerbox config set baseUrl http://127.0.0.1:4000 --profile local'],
    [
      'store a secret, typed at a hidden prompt (or piped on stdin)',
      'partnerbox config set clientSecret --profile local',
    ],
    ['forget a setting', 'partnerbox config set refreshToken --unset --profile local'],
  ],
  'config get': [
    ['a setting of the default profile', 'partnerbox config get tenantId'],
    ['a secret, shown in full', 'partnerbox config get clientSecret --profile local --show-secrets'],
  ],
  'config list': [
    ['every profile, secrets masked', 'partnerbox config list'],
    ['the profile names', "partnerbox config list --query '[].name' -o tsv"],
  ],
  'config use': [['make "local" the default profile', 'partnerbox config use local']],
  login: [
    [
      'sign in to a sandbox (its built-in public client) and store the refresh token',
      'partnerbox login --profile local',
    ],
    [
      'sign in to Entra ID with your app (public client flows allowed)',
      'partnerbox login --profile sandbox --tenant-id <tenant-id> --client-id <client-id>',
    ],
  ],
  completion: [
    ['bash, for this shell', 'source <(partnerbox completion bash)'],
    ['zsh, from ~/.zshrc', 'source <(partnerbox completion zsh)'],
    ['fish', 'partnerbox completion fish > ~/.config/fish/completions/partnerbox.fish'],
  ],
};

/** The path of a command below the program: `customers list`. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current?.parent; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}

/**
 * Adds an `Examples:` section after the help of `command` and of every command below it, from
 * {@link EXAMPLES}.
 *
 * @example
 * ```ts
 * addExamples(program);
 * ```
 */
export function addExamples(command: Command): void {
  const list = EXAMPLES[commandPath(command)];
  if (list) {
    const text = list.map(([description, line]) => `  # ${description}\n  $ ${line}`).join('\n\n');
    command.addHelpText('after', `\nExamples:\n${text}\n`);
  }
  command.commands.forEach(addExamples);
}
