/**
 * JSON as Partner Center clients send it (http/lenient-json.ts): a leading BOM and the trailing
 * commas of the docs' examples are accepted; strings are never touched; the rest is 800002.
 */
import { describe, expect, it } from 'vitest';
import { PartnerCenterError } from '../src/errors.js';
import { parseLenientJson, stripTrailingCommas } from '../src/http/lenient-json.js';

function refused(text: string): PartnerCenterError {
  try {
    parseLenientJson(text);
  } catch (error) {
    expect(error).toBeInstanceOf(PartnerCenterError);
    return error as PartnerCenterError;
  }
  throw new Error(`Accepted: ${text}`);
}

describe('parseLenientJson', () => {
  it('parses plain JSON as JSON.parse does', () => {
    const text = '{"a":[1,2.5,-3e2,true,null,"ü 日本 🎉"],"b":{"c":""}}';
    expect(parseLenientJson(text)).toEqual(JSON.parse(text));
    expect(parseLenientJson('"just a string"')).toBe('just a string');
    expect(parseLenientJson('[]')).toEqual([]);
  });

  it('ignores a leading byte-order mark', () => {
    expect(parseLenientJson('\uFEFF{"status":"cancelled"}')).toEqual({ status: 'cancelled' });
    expect(parseLenientJson('\uFEFF{"status":"cancelled",}')).toEqual({ status: 'cancelled' });
  });

  it('accepts trailing commas before } and ], at any depth and across whitespace', () => {
    expect(parseLenientJson('{"a":1,}')).toEqual({ a: 1 });
    expect(parseLenientJson('[1,2,]')).toEqual([1, 2]);
    expect(parseLenientJson('{"a":[1,{"b":2,},],"c":{"d":[],},}')).toEqual({ a: [1, { b: 2 }], c: { d: [] } });
    expect(
      parseLenientJson('{\n    "id": "UKXASSO1dezh3HdxClHxSp5UEFXGbAnt1",\n    "status": "cancelled",\n}'),
    ).toEqual({
      id: 'UKXASSO1dezh3HdxClHxSp5UEFXGbAnt1',
      status: 'cancelled',
    });
    expect(parseLenientJson('{"a":1 ,\r\n\t }')).toEqual({ a: 1 });
  });

  it('leaves commas inside strings alone', () => {
    expect(parseLenientJson('{"a":"x,}","b":"[1,]","c":", ]",}')).toEqual({ a: 'x,}', b: '[1,]', c: ', ]' });
  });

  it('handles escaped quotes and backslashes inside strings', () => {
    expect(parseLenientJson('{"a":"say \\"hi,\\" }",}')).toEqual({ a: 'say "hi," }' });
    expect(parseLenientJson('{"path":"C:\\\\",}')).toEqual({ path: 'C:\\' });
    expect(parseLenientJson('{"a":"\\\\\\",}",}')).toEqual({ a: '\\",}' });
    expect(parseLenientJson('{"u":"\\u002c}",}')).toEqual({ u: ',}' });
  });

  it('reads an empty or blank body as no body', () => {
    expect(parseLenientJson('')).toBeUndefined();
    expect(parseLenientJson('  \n ')).toBeUndefined();
    expect(parseLenientJson('\uFEFF')).toBeUndefined();
  });

  it('refuses anything else malformed with 400 800002 naming the body', () => {
    for (const text of ['{', '{"a":1,,}', '[,]', '{,}', "{'a':1}", '{"a":1}}', 'nope', '{"a" 1}', '{"a":01}']) {
      const error = refused(text);
      expect(error.statusCode).toBe(400);
      expect(error.body.code).toBe(800002);
      expect(error.body.data[0]).toBe('body');
      expect(error.body.data[1]).toMatch(/not valid JSON/);
    }
  });
});

describe('stripTrailingCommas', () => {
  it('removes only the commas that stand before a closing bracket outside strings', () => {
    expect(stripTrailingCommas('{"a":1, "b":[1, 2,] ,}')).toBe('{"a":1, "b":[1, 2] }');
    expect(stripTrailingCommas('{"a":"1,}"}')).toBe('{"a":"1,}"}');
    expect(stripTrailingCommas('["\\",]",]')).toBe('["\\",]"]');
  });

  it('leaves text without trailing commas as it is', () => {
    const text = '{"a": [1, 2], "b": "c, d"}';
    expect(stripTrailingCommas(text)).toBe(text);
  });
});
