/** @module The EXAMPLES section of every command's `--help`. */
import type { Command } from 'commander';

/** What an example does, and the command line (starting with `partnerbox`). */
export type Example = readonly [description: string, commandLine: string];

const examples = new WeakMap<Command, readonly Example[]>();

/**
 * Adds an `Examples:` section after the command's help, and remembers the examples so that a
 * test can check each one names this command and only options it has.
 *
 * @example
 * ```ts
 * withExamples(new Command('list'), [['every customer as YAML', 'partnerbox customers list -o yaml']]);
 * ```
 */
export function withExamples(command: Command, list: readonly Example[]): Command {
  examples.set(command, list);
  const text = list.map(([description, line]) => `  # ${description}\n  $ ${line}`).join('\n\n');
  return command.addHelpText('after', `\nExamples:\n${text}\n`);
}

/** The examples given to {@link withExamples} for `command`, if any. */
export function examplesOf(command: Command): readonly Example[] | undefined {
  return examples.get(command);
}
