/**
 * @module fast-check arbitraries from the JSON Schemas of the server's own OpenAPI document:
 * values that fit the schema (so requests get past validation and reach the handlers), and,
 * mixed in at every depth, hostile ones (wrong types, extremes, NUL, case and Unicode games).
 * Covers the keywords the contract's TypeBox schemas use; anything else generates any JSON.
 */
import fc from 'fast-check';

export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
}

/** Values no schema in the contract allows, and values that break careless arithmetic or SQL. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    '',
    '\u0000',
    'a\u0000b',
    ' ',
    '💥'.repeat(40),
    'İ',
    "'; drop table customers; --",
    '%00',
    '../..',
    -1,
    0,
    -5,
    1e300,
    -1e300,
    8.64e15 + 1,
    Number.MAX_SAFE_INTEGER + 2,
    0.5,
    true,
    [],
    {},
    JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}') as unknown,
  ),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.double(),
  fc.integer(),
  fc.jsonValue({ maxDepth: 3 }),
);

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 40, Math.max(minLength, 40));
  return fc.oneof(
    fc.string({ minLength, maxLength }),
    fc.stringMatching(/^[a-z0-9]{1,12}$/).filter((s) => s.length >= minLength && s.length <= maxLength),
  );
}

/** Values by property name that get requests past the rules to the interesting parts. */
export type Hints = Record<string, fc.Arbitrary<unknown>>;

export interface GenerationOptions {
  /** Weight (0 to 100, per node) of a hostile value instead of a fitting one. */
  hostile: number;
  hints: Hints;
}

function objectArbitrary(schema: JsonSchema, options: GenerationOptions): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) {
    const generated = schemaArbitrary(property, options);
    const hint = options.hints[name];
    shape[name] = hint ? fc.oneof({ arbitrary: hint, weight: 3 }, { arbitrary: generated, weight: 1 }) : generated;
  }
  if (schema.patternProperties)
    return fc.dictionary(
      fc.string({ maxLength: 10 }),
      schemaArbitrary(Object.values(schema.patternProperties)[0] ?? {}, options),
      {
        maxKeys: 3,
      },
    );
  const record = fc.record(shape, { requiredKeys: (schema.required ?? []).filter((k) => k in shape) });
  // Partner Center reads PascalCase as well: some objects come with their keys' case changed.
  return fc
    .tuple(record, fc.boolean())
    .map(([value, pascal]) =>
      pascal
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), v]))
        : value,
    );
}

function fittingArbitrary(schema: JsonSchema, options: GenerationOptions): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum)
    return fc.constantFrom(...schema.enum.flatMap((v) => (typeof v === 'string' ? [v, v.toUpperCase()] : [v])));
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => schemaArbitrary(s, options)));
  switch (schema.type) {
    case 'object':
      return objectArbitrary(schema, options);
    case 'array':
      return fc.array(schemaArbitrary(schema.items ?? {}, options), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e9, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/**
 * A value for `schema`; with weight `options.hostile` a hostile value instead, so a request is
 * mostly well-formed with a defect somewhere deep inside it.
 */
export function schemaArbitrary(
  schema: JsonSchema,
  options: GenerationOptions = { hostile: 10, hints: {} },
): fc.Arbitrary<unknown> {
  const fitting = fittingArbitrary(schema, options);
  const { hostile } = options;
  if (hostile <= 0) return fitting;
  return fc.oneof({ arbitrary: fitting, weight: 100 - hostile }, { arbitrary: hostileValue, weight: hostile });
}
