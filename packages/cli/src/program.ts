/** @module The `partnerbox` command line: its commands, assembled for bin.ts and for tests. */
import { Command } from 'commander';
import { serveCommand } from './commands/serve.js';

export function createProgram(): Command {
  return new Command('partnerbox')
    .description('Partnerbox: a Partner Center sandbox, SDK and CLI for the customer-account lifecycle')
    .version('0.1.0')
    .addCommand(serveCommand());
}
