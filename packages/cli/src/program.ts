/** @module The `partnerbox` command line: its commands, assembled for bin.ts and for tests. */
import { Command } from 'commander';
import { customersCommand } from './commands/customers.js';
import { ordersCommand } from './commands/orders.js';
import { subscriptionsCommand } from './commands/subscriptions.js';
import { offboardCommand } from './commands/offboard.js';

/** The commands that only talk to Partner Center (or a sandbox) through the SDK. */
export const API_COMMANDS = ['customers', 'orders', 'subscriptions', 'offboard'] as const;

export interface CreateProgramOptions {
  /**
   * Leave out `serve`. The sandbox server (Fastify, SQLite, PostgreSQL drivers) takes most of
   * the start-up time, which every API command would otherwise pay.
   */
  withoutServe?: boolean;
}

export async function createProgram(options: CreateProgramOptions = {}): Promise<Command> {
  const program = new Command('partnerbox')
    .description('Partnerbox: a Partner Center sandbox, SDK and CLI for the customer-account lifecycle')
    .version('0.1.0');
  if (!options.withoutServe) {
    const { serveCommand } = await import('./commands/serve.js');
    program.addCommand(serveCommand());
  }
  program
    .addCommand(customersCommand())
    .addCommand(ordersCommand())
    .addCommand(subscriptionsCommand())
    .addCommand(offboardCommand());
  // Usage errors become CommanderErrors that bin.ts maps to exit code 2; added commands do not
  // inherit this setting, hence the walk.
  const throwInsteadOfExit = (command: Command): void => {
    command.exitOverride();
    command.commands.forEach(throwInsteadOfExit);
  };
  throwInsteadOfExit(program);
  return program;
}
