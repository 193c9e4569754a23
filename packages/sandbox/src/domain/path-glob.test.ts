import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePathGlob } from './path-glob.js';

describe('compilePathGlob', () => {
  it.each([
    ['/v1/customers', '/v1/customers', true],
    ['/v1/customers', '/v1/customers/', false],
    ['/v1/customers', '/V1/CUSTOMERS', true],
    ['/v1/customers/*', '/v1/customers/abc', true],
    ['/v1/customers/*', '/v1/customers/', true],
    ['/v1/customers/*', '/v1/customers/abc/orders', false],
    ['/v1/customers/*/orders', '/v1/customers/abc/orders', true],
    ['/v1/customers/*/orders', '/v1/customers/a/b/orders', false],
    ['/v1/customers/**', '/v1/customers/a/b/orders', true],
    ['/v1/customers/**', '/v1/customers/', true],
    ['/v1/**/orders', '/v1/customers/a/orders', true],
    ['/v1/**/orders', '/v1/orders', false],
    ['**', '/anything/at/all', true],
    ['*', '/v1', false],
    ['/v1/c*s', '/v1/customers', true],
    ['/v1/c*s', '/v1/cs', true],
    ['/v1/c*s', '/v1/customer', false],
    ['/v1/a*b*c', '/v1/aXbYc', true],
    ['/v1/a*b*c', '/v1/aXcYb', false],
    ['/v1/a***b', '/v1/a/x/b', true],
    ['/v1/.+?', '/v1/.+?', true],
    ['/v1/.+?', '/v1/x', false],
    ['/v1/(a|b)', '/v1/a', false],
    ['', '', true],
    ['', '/', false],
  ])('%s matches %s: %s', (glob, path, expected) => {
    expect(compilePathGlob(glob).test(path)).toBe(expected);
  });

  it('refuses the backtracking trap in one pass over the path', () => {
    const trap = `/v1/customers/${'*a'.repeat(26)}*b`;
    const glob = compilePathGlob(trap);
    // A backtracking matcher needs about n^26 steps here; the automaton reads each character once.
    expect(glob.test(`/v1/customers/${'a'.repeat(16_000)}`)).toBe(false);
    expect(glob.test(`/v1/customers/${'a'.repeat(16_000)}b`)).toBe(true);
    expect(glob.test(`/v1/customers/${'a'.repeat(25)}b`)).toBe(false);
  });

  it('agrees with the regular expression it replaces on short paths', () => {
    // The old translation: `**` → `.*`, `*` → `[^/]*`, anchored, case-insensitive.
    const reference = (glob: string) =>
      new RegExp(
        `^${glob
          .split('**')
          .map((part) =>
            part
              .split('*')
              .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
              .join('[^/]*'),
          )
          .join('.*')}$`,
        'i',
      );
    const alphabet = fc.constantFrom('a', 'B', '/', '*', '.');
    fc.assert(
      fc.property(
        fc.string({ unit: alphabet, maxLength: 8 }),
        fc.string({ unit: fc.constantFrom('a', 'b', 'A', '/', '.'), maxLength: 10 }),
        (glob, path) => compilePathGlob(glob).test(path) === reference(glob).test(path),
      ),
      { numRuns: 2_000 },
    );
  });
});
