import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellQuote } from './shell-quote.js';

describe('shellQuote', () => {
  it.each([
    ['plain', 'abc-DEF_123', 'abc-DEF_123'],
    ['a URL', 'http://127.0.0.1:4000/x', 'http://127.0.0.1:4000/x'],
    ['history expansion and variables', 'a!b$c#d', "'a!b$c#d'"],
    ['globs and redirections', '*?[x]<>|&;', "'*?[x]<>|&;'"],
    ['a single quote', "it's", "'it'\\''s'"],
    ['spaces', 'two words', "'two words'"],
    ['empty', '', "''"],
  ])('%s', (_, value, quoted) => {
    expect(shellQuote(value)).toBe(quoted);
  });

  it('gives bash back the exact value, whatever it holds', () => {
    const values = ['a!b$c#d', "it's", '$(rm -rf x)`id`', 'back\\slash', '%&*+=?!#$', 'tab\tand\nnewline', ''];
    for (const value of values) {
      const echoed = execFileSync('bash', ['-c', `printf '%s' ${shellQuote(value)}`], { encoding: 'utf8' });
      expect(echoed).toBe(value);
    }
  });
});
