/** @module `--query`: a JMESPath expression (as `az --query`) over a command's JSON result. */
import { compile, TreeInterpreter } from '@jmespath-community/jmespath';
import { usageError } from '../cli-error.js';

/** A compiled expression: the JSON value in, the selected value out. */
export type Query = (value: unknown) => unknown;

/**
 * Compiles `expression` once, before any work, so that a typo is a usage error (exit 2)
 * instead of a failure after a destructive command has run.
 *
 * @example
 * ```ts
 * compileQuery('[].{id: id, name: companyProfile.companyName}')(customers);
 * ```
 */
export function compileQuery(expression: string): Query {
  let ast: ReturnType<typeof compile>;
  try {
    ast = compile(expression);
  } catch (error) {
    throw usageError(`--query: not a JMESPath expression: ${(error as Error).message}`, [
      `for example: --query '[].id' or --query '[].{id: id, company: companyProfile.companyName}'`,
    ]);
  }
  return (value) => {
    try {
      return TreeInterpreter.search(ast, value as Parameters<typeof TreeInterpreter.search>[1]);
    } catch (error) {
      throw usageError(`--query: ${(error as Error).message}`);
    }
  };
}
