/** @module Checks a response body against the contract's schema, so outputs stay exact. */
import { Compile } from 'typebox/compile';
import type { TSchema } from 'typebox';

const cache = new WeakMap<TSchema, ReturnType<typeof Compile>>();

/** The schema errors of `value`, as readable strings; empty when it conforms. */
export function schemaErrors(schema: TSchema, value: unknown): string[] {
  let compiled = cache.get(schema);
  if (!compiled) {
    compiled = Compile(schema);
    cache.set(schema, compiled);
  }
  if (compiled.Check(value)) return [];
  return [...compiled.Errors(value)].map((e) => `${e.instancePath || '/'}: ${e.message}`);
}
