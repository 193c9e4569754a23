import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as contract from '@partnerbox/contract';
import { renderWireTypes, WIRE_TYPES_FILE } from '../scripts/generate-wire-types.js';

describe('src/wire-types.ts', () => {
  it('is what the schemas generate (npm run generate rewrites it)', async () => {
    const expected = await renderWireTypes(contract);
    if (process.env['PARTNERBOX_WRITE_GENERATED'] === '1') writeFileSync(WIRE_TYPES_FILE, expected);
    expect(readFileSync(WIRE_TYPES_FILE, 'utf8')).toBe(expected);
  });

  it('refuses a schema construct it cannot translate', async () => {
    await expect(renderWireTypes({ OddSchema: { type: 'object', properties: { x: { not: {} } } } })).rejects.toThrow(
      /no translation/,
    );
  });
});

describe('wire-types.test-d.ts', () => {
  it('compares every generated interface with its schema', () => {
    const generated = [...readFileSync(WIRE_TYPES_FILE, 'utf8').matchAll(/^export interface (\w+)/gm)].map((m) => m[1]);
    const typeTest = readFileSync(new URL('./wire-types.test-d.ts', import.meta.url), 'utf8');
    const compared = [...typeTest.matchAll(/expectTypeOf<plain\.(\w+)>\(\)\.toEqualTypeOf<S<'(\w+)Schema'>>/g)];
    expect(compared.every((m) => m[1] === m[2])).toBe(true);
    expect(compared.map((m) => m[1]).sort()).toEqual(generated.sort());
  });
});
