/**
 * @module Request validation against the contract's schemas, after a schema-guided
 * normalisation that makes the server as lenient as Partner Center: property names matched
 * case-insensitively (the .NET SDK sends PascalCase), enum values case-insensitively, `null`
 * read as absent (the .NET SDK sends many), unknown properties dropped, and query strings
 * coerced to the declared types. Errors come out as 800002 (naming the field) or 900126.
 */
import Ajv from 'ajv';
import type { TSchema } from 'typebox';
import { errors, type PartnerCenterError } from '../errors.js';

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}
interface AjvValidate {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}
interface AjvInstance {
  compile(schema: object): AjvValidate;
}

/**
 * The contract's schemas are plain JSON Schema, checked with Ajv (the one copy in the serve
 * bundle: Fastify's own compilers, which would bring a second, are not loaded; app.ts).
 * Loading TypeBox's compiler instead cost ~140 ms of start-up.
 */
function loadAjv(): AjvInstance {
  return new (Ajv as unknown as new (options: object) => AjvInstance)({
    strict: false,
    allErrors: false,
    validateSchema: false,
  });
}

let ajv: AjvInstance | undefined;

interface JsonSchema {
  type?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  required?: string[];
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function fieldName(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part),
    '',
  );
}

function normalize(schema: JsonSchema, value: unknown, path: (string | number)[], coerce: boolean): unknown {
  if (value === null) return undefined;
  if (schema.enum && typeof value === 'string') {
    const wanted = value.trim().toLowerCase();
    const match = schema.enum.find((e) => typeof e === 'string' && e.toLowerCase() === wanted);
    if (match === undefined) throw errors.unableToParseEnum(value, fieldName(path));
    return match;
  }
  if (coerce && typeof value === 'string') {
    if ((schema.type === 'integer' || schema.type === 'number') && /^-?\d+(\.\d+)?$/.test(value.trim()))
      return Number(value);
    if (schema.type === 'boolean' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  }
  if (coerce && Array.isArray(value) && schema.type !== 'array') {
    // A repeated query parameter: the last one wins, as ASP.NET model binding does.
    return normalize(schema, value.at(-1), path, coerce);
  }
  if (schema.type === 'object' && typeof value === 'object' && !Array.isArray(value)) {
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const props = schema.properties ?? {};
    const byLowerName = new Map(Object.keys(props).map((k) => [k.toLowerCase(), k]));
    const open = schema.patternProperties ? Object.values(schema.patternProperties)[0] : undefined;
    for (const [key, raw] of Object.entries(source)) {
      if (FORBIDDEN_KEYS.has(key)) continue;
      const name = byLowerName.get(key.toLowerCase());
      if (name !== undefined) {
        const normalized = normalize(props[name] as JsonSchema, raw, [...path, name], coerce);
        if (normalized !== undefined) out[name] = normalized;
      } else if (open) {
        const normalized = normalize(open, raw, [...path, key], coerce);
        if (normalized !== undefined) out[key] = normalized;
      }
    }
    return out;
  }
  if (schema.type === 'array' && Array.isArray(value) && schema.items) {
    const items = schema.items;
    return value.map((item, i) => normalize(items, item, [...path, i], coerce) ?? null);
  }
  return value;
}

/** PostgreSQL text cannot hold U+0000: refuse it as bad input rather than fail in the store. */
function assertNoNul(value: unknown, path: (string | number)[], part: string): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000'))
      throw errors.invalidInput(fieldName(path) || part, 'The value contains a NUL (U+0000) character.');
  } else if (Array.isArray(value)) value.forEach((item, i) => assertNoNul(item, [...path, i], part));
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) assertNoNul(item, [...path, key], part);
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function toPartnerCenterError(error: AjvError, part: string): PartnerCenterError {
  const path = pointerToPath(error.instancePath);
  if (error.keyword === 'required') {
    const missing = (error.params['missingProperty'] as string | undefined) ?? '';
    return errors.invalidInput(fieldName([...path, missing]) || part, 'This field is required.');
  }
  const field = fieldName(path) || part;
  if (error.keyword === 'type' && path.length === 0 && part === 'body')
    return errors.invalidInput('body', 'A JSON object body is required.');
  return errors.invalidInput(field, error.message ?? 'Invalid value.');
}

export type Validator = (data: unknown) => { value: unknown } | { error: PartnerCenterError };

/** Builds the validator Fastify calls for one route part (`body`, `querystring`, …). */
export function compileValidator(schema: TSchema, part: string): Validator {
  // Path parameters are strings by construction, and handlers check ids with the error each
  // id type calls for (900118, 20000): their schemas are documentation only.
  if (part === 'params') return (data) => ({ value: data });
  // Compiled on first use: compiling every route's schemas up front was most of start-up time.
  let compiled: AjvValidate | undefined;
  const coerce = part !== 'body';
  return (data) => {
    ajv ??= loadAjv();
    compiled ??= ajv.compile(schema);
    try {
      const value = normalize(schema as JsonSchema, data, [], coerce) ?? (coerce ? {} : undefined);
      // Path ids are checked by their routes (a NUL makes them malformed ids, not bad input).
      if (part !== 'params') assertNoNul(value, [], part);
      if (compiled(value)) return { value };
      const first = compiled.errors?.[0];
      return { error: first ? toPartnerCenterError(first, part) : errors.invalidInput(part, 'Invalid value.') };
    } catch (error) {
      // A body nested deeper than the walk's stack (a 1 MB body can nest ~500 000 levels).
      if (error instanceof RangeError) return { error: errors.invalidInput(part, 'The value is nested too deeply.') };
      return { error: error as PartnerCenterError };
    }
  };
}

const compiledOutsideRoutes = new WeakMap<TSchema, Validator>();

/** Normalises and validates a value outside a route (e.g. the JSON inside `?filter=`). */
export function validateValue<T>(schema: TSchema, value: unknown, part: string): T {
  let validator = compiledOutsideRoutes.get(schema);
  if (!validator) {
    validator = compileValidator(schema, part);
    compiledOutsideRoutes.set(schema, validator);
  }
  const result = validator(value);
  if ('error' in result) throw result.error;
  return result.value as T;
}

/**
 * The schema as `validateValue` would leave a value unchanged: every object closed (no unknown
 * or differently-cased key, none of the forbidden ones), which with JSON Schema's own exact
 * enums and no `null` where none is allowed is all `normalize` would change. Undefined where the
 * schema has parts this does not reason about (then every value takes the full path).
 */
function exactSchema(schema: JsonSchema & Record<string, unknown>): object | undefined {
  if (['anyOf', 'oneOf', 'allOf', 'not', '$ref', 'if'].some((k) => k in schema)) return undefined;
  if (schema.enum) return schema;
  if (schema.type === 'array') {
    const items = schema.items && exactSchema(schema.items as JsonSchema & Record<string, unknown>);
    return items && { ...schema, items };
  }
  if (schema.type !== 'object') return schema.type === undefined ? undefined : schema;
  const closed: Record<string, unknown> = {
    ...schema,
    additionalProperties: false,
    propertyNames: { not: { enum: [...FORBIDDEN_KEYS] } },
  };
  for (const key of ['properties', 'patternProperties'] as const) {
    const parts = schema[key];
    if (!parts) continue;
    const out: Record<string, object> = {};
    for (const [name, part] of Object.entries(parts)) {
      const exact = exactSchema(part as JsonSchema & Record<string, unknown>);
      if (!exact) return undefined;
      out[name] = exact;
    }
    closed[key] = out;
  }
  if (typeof schema.additionalProperties === 'object') return undefined;
  return closed;
}

const exactValidators = new WeakMap<TSchema, (value: unknown) => boolean>();

/**
 * True only for a value that `validateValue(schema, value)` would accept and return as it is,
 * provided it holds no NUL, which is the caller's to know (the JSON text it was parsed from has
 * no `\u0000` escape): the fast path of a large import (issue 11), whose records are mostly what
 * this server wrote. False says nothing: then call `validateValue`.
 */
export function isExactValue(schema: TSchema, value: unknown): boolean {
  let validator = exactValidators.get(schema);
  if (!validator) {
    ajv ??= loadAjv();
    const exact = exactSchema(schema as JsonSchema & Record<string, unknown>);
    const compiled = exact && ajv.compile(exact);
    validator = compiled ? (v) => compiled(v) : () => false;
    exactValidators.set(schema, validator);
  }
  return validator(value);
}
