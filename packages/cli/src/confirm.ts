/** @module Asking before destructive work: on a terminal a y/N question, elsewhere a refusal unless `--yes`. */
import { createInterface } from 'node:readline/promises';
import { CliError, refusal } from './cli-error.js';
import { ExitCode } from './exit-codes.js';

export interface ConfirmOptions {
  /** `--yes`: confirmed in advance. */
  yes: boolean;
  /** What is about to happen, e.g. `Delete customer 4f…e1 (Contoso)?` */
  question: string;
  /** For the refusal message: `delete customer 4f…e1`. */
  action: string;
  input?: (NodeJS.ReadableStream & { isTTY?: boolean }) | undefined;
  output?: NodeJS.WritableStream | undefined;
}

/**
 * Resolves when the user confirmed; throws a refusal (exit code 3) otherwise. Without a
 * terminal on stdin nobody can answer, so only `--yes` confirms: a script must say so.
 *
 * @example
 * ```ts
 * await confirm({ yes: flags.yes, question: `Delete customer ${id}?`, action: `delete customer ${id}` });
 * ```
 */
export async function confirm(options: ConfirmOptions): Promise<void> {
  if (options.yes) return;
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stderr;
  if (input.isTTY !== true) {
    throw refusal(`Refusing to ${options.action} without confirmation: stdin is not a terminal.`, [
      'pass --yes to confirm, or --dry-run to see what would be done',
    ]);
  }
  const rl = createInterface({ input, output, terminal: true });
  const interrupted = new AbortController();
  rl.once('SIGINT', () => interrupted.abort());
  let answer: string;
  try {
    answer = await rl.question(`${options.question} [y/N] `, { signal: interrupted.signal });
  } catch {
    output.write('\n');
    throw new CliError('Interrupted: nothing was changed.', ExitCode.Interrupted);
  } finally {
    rl.close();
  }
  if (!/^\s*y(es)?\s*$/i.test(answer)) throw refusal('Not confirmed: nothing was changed.');
}
