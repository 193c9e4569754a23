/**
 * @module Every command's `--help` ends with examples, and each example names that command and
 * only options it has (a renamed flag fails here, not in a reader's shell).
 */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../src/program.js';
import { commandPath, EXAMPLES } from '../src/examples.js';

function walk(command: Command): Command[] {
  return [command, ...command.commands.flatMap(walk)];
}

function helpOf(command: Command): string {
  let text = '';
  command.configureOutput({ writeOut: (chunk) => (text += chunk), writeErr: (chunk) => (text += chunk) });
  command.outputHelp();
  return text;
}

/** The words of a command line, quotes removed, up to a pipe or redirection. */
function words(line: string): string[] {
  const found: string[] = [];
  for (const match of line.matchAll(/'[^']*'|"[^"]*"|[^\s]+/g)) {
    const word = match[0];
    if (['|', '<', '>', '&&'].includes(word)) break;
    found.push(word.replace(/^['"]|['"]$/g, ''));
  }
  return found;
}

describe('partnerbox --help', () => {
  it('shows an Examples section for every command, each example a command line of that command', async () => {
    const program = await createProgram();
    const commands = walk(program);
    expect(commands.length).toBeGreaterThanOrEqual(25);
    for (const command of commands) {
      const path = commandPath(command);
      const help = helpOf(command);
      expect(help, `partnerbox ${path} --help`).toContain('\nExamples:\n');
      const examples = EXAMPLES[path] ?? [];
      expect(examples.length, path).toBeGreaterThan(0);
      for (const [description, line] of examples) {
        expect(help).toContain(`  # ${description}\n  $ ${line}\n`);
        // An example of `config init` may chain another command; check its first part.
        // `source <(partnerbox completion bash)`: the partnerbox part.
        const [first = ''] = line.slice(line.indexOf('partnerbox')).replace(/\).*$/, '').split(' && ');
        const argv = words(first);
        expect(argv[0]).toBe('partnerbox');
        if (path === '') continue;
        // The words after `partnerbox` are the command's path, or (for a group) one of its subcommands'.
        const pathWords = path.split(' ');
        const sub = command.commands.find(
          (child) => argv.slice(1, pathWords.length + 2).join(' ') === `${path} ${child.name()}`,
        );
        const isOwn = pathWords.every((word, i) => argv[i + 1] === word);
        const target = sub ?? (isOwn ? command : undefined);
        expect(target, `"${line}" under ${path}`).toBeDefined();
        const known = new Set(
          (target?.options ?? []).flatMap((option) => [option.long, option.short]).filter(Boolean) as string[],
        );
        known.add('--help');
        for (const word of argv.slice(1)) {
          if (word === '--') break;
          if (!word.startsWith('-') || word === '-') continue;
          expect(known.has(word.split('=')[0] ?? word), `${word} in "${line}"`).toBe(true);
        }
      }
    }
  });
});
