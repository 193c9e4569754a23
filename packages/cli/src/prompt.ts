/** @module Questions on the terminal: a line with a default, and a secret typed without echo. */
import { createInterface } from 'node:readline/promises';
import { CliError } from './cli-error.js';
import { ExitCode } from './exit-codes.js';

type Input = NodeJS.ReadStream;

const interrupted = () => new CliError('Interrupted: nothing was saved.', ExitCode.Interrupted);

/**
 * Asks one question on stderr and reads the answer from stdin; Enter takes the default shown
 * in brackets.
 *
 * @example
 * ```ts
 * const name = await ask('Profile name', 'default');
 * ```
 */
export async function ask(question: string, fallback = '', input: Input = process.stdin): Promise<string> {
  const rl = createInterface({ input, output: process.stderr, terminal: true });
  const abort = new AbortController();
  rl.once('SIGINT', () => abort.abort());
  try {
    const answer = await rl.question(`${question}${fallback ? ` [${fallback}]` : ''}: `, { signal: abort.signal });
    return answer.trim() === '' ? fallback : answer.trim();
  } catch {
    process.stderr.write('\n');
    throw interrupted();
  } finally {
    rl.close();
  }
}

/**
 * Reads a secret with the terminal's echo off (raw mode): nothing typed is shown, so neither
 * the screen nor a recording of it holds the secret. Backspace works; Ctrl+C aborts.
 *
 * @example
 * ```ts
 * const secret = await askSecret('Client secret (hidden)');
 * ```
 */
export function askSecret(question: string, input: Input = process.stdin): Promise<string> {
  process.stderr.write(`${question}: `);
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error?: Error) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(interrupted());
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else if (char >= ' ') typed += char;
      }
    };
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}

/** All of stdin, without its final line break: a secret piped in (`< secret.txt`, `pass show x |`). */
export async function readAllStdin(input: NodeJS.ReadableStream = process.stdin): Promise<string> {
  let text = '';
  for await (const chunk of input) text += chunk.toString();
  return text.replace(/\r?\n$/, '');
}
