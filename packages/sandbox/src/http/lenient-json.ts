/**
 * @module JSON as Partner Center clients send it: a leading BOM, and the trailing commas of
 * several doc examples, are accepted; anything else malformed is 800002.
 */
import { errors } from '../errors.js';

/**
 * Removes commas that stand before `}` or `]`, outside strings. A comma right after `[`, `{`
 * or another comma is not a trailing one: it stays, and the text stays invalid.
 */
export function stripTrailingCommas(text: string): string {
  let out = '';
  let inString = false;
  // The last character outside strings that is not whitespace.
  let previous = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (inString) {
      out += ch;
      if (ch === '\\') {
        out += text[i + 1] ?? '';
        i++;
      } else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      previous = ch;
      out += ch;
      continue;
    }
    if (ch === ',' && previous !== '[' && previous !== '{' && previous !== ',') {
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j] as string)) j++;
      if (text[j] === '}' || text[j] === ']') continue;
    }
    if (!/\s/.test(ch)) previous = ch;
    out += ch;
  }
  return out;
}

export function parseLenientJson(raw: string): unknown {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (first) {
    try {
      return JSON.parse(stripTrailingCommas(text));
    } catch {
      throw errors.invalidInput('body', `The body is not valid JSON: ${(first as Error).message}`);
    }
  }
}
