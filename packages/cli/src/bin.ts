#!/usr/bin/env node
/** @module The `partnerbox` executable. */
import { CommanderError } from 'commander';
import { CliError } from './cli-error.js';
import { ExitCode } from './exit-codes.js';
import { API_COMMANDS, createProgram } from './program.js';

const command = process.argv[2] ?? '';
const withoutServe = (API_COMMANDS as readonly string[]).includes(command);

createProgram({ withoutServe, withoutApi: command === 'serve' })
  .then((program) => program.parseAsync(process.argv))
  .catch((error: unknown) => {
    if (error instanceof CommanderError) {
      // Commander has printed the message (or the help, or the version) already.
      process.exitCode = error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
      return;
    }
    process.stderr.write(`partnerbox: ${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof CliError) for (const line of error.details) process.stderr.write(`  ${line}\n`);
    process.exitCode = error instanceof CliError ? error.exitCode : ExitCode.Failure;
  });
