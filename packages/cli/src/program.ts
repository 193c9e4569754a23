/** @module The `partnerbox` command line: its commands, assembled for bin.ts and for tests. */
import { Command } from 'commander';
import { CLI_VERSION } from './cli-version.js';
import { addExamples } from './examples.js';

/**
 * The commands that talk to Partner Center (or a sandbox) over HTTP: through the SDK, or to a
 * sandbox's control plane (`sandbox`). None of them needs the server.
 */
export const API_COMMANDS = [
  'customers',
  'orders',
  'subscriptions',
  'offboard',
  'sandbox',
  'config',
  'login',
  'completion',
] as const;

export interface CreateProgramOptions {
  /**
   * Leave out `serve`. The sandbox server (Fastify, SQLite, PostgreSQL drivers) takes most of
   * the start-up time, which every API command would otherwise pay.
   */
  withoutServe?: boolean;
  /** Leave out the API commands: `serve` need not load the SDK (part of its start-up time). */
  withoutApi?: boolean;
}

export async function createProgram(options: CreateProgramOptions = {}): Promise<Command> {
  const program = new Command('partnerbox')
    .description('Partnerbox: a Partner Center sandbox, SDK and CLI for the customer-account lifecycle')
    .version(CLI_VERSION);
  if (!options.withoutServe) {
    const { serveCommand } = await import('./commands/serve.js');
    program.addCommand(serveCommand());
  }
  if (!options.withoutApi) {
    const [
      { customersCommand },
      { ordersCommand },
      { subscriptionsCommand },
      { offboardCommand },
      { sandboxCommand },
      { configCommand },
      { loginCommand },
      { completionCommand },
    ] = await Promise.all([
      import('./commands/customers.js'),
      import('./commands/orders.js'),
      import('./commands/subscriptions.js'),
      import('./commands/offboard.js'),
      import('./commands/sandbox.js'),
      import('./commands/config.js'),
      import('./commands/login.js'),
      import('./commands/completion.js'),
    ]);
    program
      .addCommand(customersCommand())
      .addCommand(ordersCommand())
      .addCommand(subscriptionsCommand())
      .addCommand(offboardCommand())
      .addCommand(sandboxCommand())
      .addCommand(configCommand())
      .addCommand(loginCommand())
      .addCommand(completionCommand());
  }
  // Usage errors become CommanderErrors that bin.ts maps to exit code 2; added commands do not
  // inherit this setting, hence the walk.
  const throwInsteadOfExit = (command: Command): void => {
    command.exitOverride();
    command.commands.forEach(throwInsteadOfExit);
  };
  throwInsteadOfExit(program);
  addExamples(program);
  return program;
}
