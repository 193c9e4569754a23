import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  journalBody,
  journalBodyBytes,
  MAX_JOURNAL_BODY_CHARS,
  MAX_JOURNAL_DEPTH,
  REDACTED,
  redactValue,
  TOO_DEEP,
} from './redact.js';

describe('redactValue', () => {
  it.each([
    [
      'a client secret in a token form',
      { client_secret: 's3cr3t', grant_type: 'client_credentials' },
      { client_secret: REDACTED, grant_type: 'client_credentials' },
    ],
    ['a password', { username: 'admin@x', password: 'p' }, { username: 'admin@x', password: REDACTED }],
    [
      'tokens in a token response',
      { access_token: 'a', refresh_token: 'r', id_token: 'i', expires_in: 3600 },
      { access_token: REDACTED, refresh_token: REDACTED, id_token: REDACTED, expires_in: 3600 },
    ],
    [
      'camelCase and nested',
      { userCredentials: { userName: 'u', password: 'p' } },
      { userCredentials: { userName: 'u', password: REDACTED } },
    ],
    ['in arrays', [{ clientSecret: 'x' }], [{ clientSecret: REDACTED }]],
    [
      'assertions, codes and verifiers',
      { client_assertion: 'jwt', code: 'c', code_verifier: 'v', device_code: 'd' },
      { client_assertion: REDACTED, code: REDACTED, code_verifier: REDACTED, device_code: REDACTED },
    ],
    [
      'continuation tokens as well (they replay a listing)',
      { continuationToken: 'abc' },
      { continuationToken: REDACTED },
    ],
    [
      'nothing else',
      { companyName: 'Contoso', status: 'cancelled', lineItems: [{ quantity: 1 }] },
      { companyName: 'Contoso', status: 'cancelled', lineItems: [{ quantity: 1 }] },
    ],
    ['absent values left absent', { refresh_token: null }, { refresh_token: null }],
  ])('%s', (_name, input, expected) => {
    expect(redactValue(input)).toEqual(expected);
  });
});

describe('journalBody', () => {
  it.each([
    ['undefined for no body', undefined, undefined],
    ['undefined for an empty string', '', undefined],
    [
      'JSON text parsed, redacted, serialised',
      '{"access_token":"a","token_type":"Bearer"}',
      `{"access_token":"${REDACTED}","token_type":"Bearer"}`,
    ],
    ['a parsed form', { client_id: 'c', client_secret: 's' }, `{"client_id":"c","client_secret":"${REDACTED}"}`],
    ['text that is not JSON kept', 'not json', 'not json'],
    // Kept as sent (its space too): no field of it can be a secret.
    ['an answer with a postal code kept as its text', '{"postalCode": "98052"}', '{"postalCode": "98052"}'],
    ['a field named code found with its quotes', '{"Code": "c"}', `{"Code":"${REDACTED}"}`],
    ['and a device code', '{"device_code": "d"}', `{"device_code":"${REDACTED}"}`],
    [
      'an answer naming no secret field kept as it was sent, words like "code" in it or not',
      '{ "postalCode": "98052", "note": "a token of thanks" }',
      '{ "postalCode": "98052", "note": "a token of thanks" }',
    ],
    [
      'a secret field whose name is written with an escape',
      '{"pass\\u0077ord":"p","x":1}',
      `{"password":"${REDACTED}","x":1}`,
    ],
    [
      'a secret field name quoted inside a string value is not a field',
      '{"note":"say \\"password\\": x", "n": 1}',
      '{"note":"say \\"password\\": x", "n": 1}',
    ],
  ])('%s', (_name, input, expected) => {
    expect(journalBody(input)).toBe(expected);
  });

  it('replaces what is nested too deeply instead of following it (bad input must not overflow the stack)', () => {
    let deep: unknown = { password: 'p' };
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const text = journalBody(deep) ?? '';
    expect(text).toBe(`${'['.repeat(MAX_JOURNAL_DEPTH)}"${TOO_DEEP}"${']'.repeat(MAX_JOURNAL_DEPTH)}`);
  });

  it('stores nothing of a secret field past the cut, and keeps the text before it as sent', () => {
    const filler = 'x'.repeat(MAX_JOURNAL_BODY_CHARS);
    const body = journalBody(`{"items": "${filler}", "access_token": "eyJ.secret"}`) ?? '';
    expect(body.startsWith(`{"items": "${filler.slice(0, 100)}`)).toBe(true);
    expect(body).not.toContain('eyJ.secret');
    expect(body.endsWith('…[cut]')).toBe(true);
  });

  it('redacts a secret field before the cut of a long body', () => {
    const body = journalBody(`{"access_token": "eyJ.secret", "items": "${'x'.repeat(MAX_JOURNAL_BODY_CHARS)}"}`) ?? '';
    expect(body.startsWith(`{"access_token":"${REDACTED}","items":"xxx`)).toBe(true);
    expect(body).not.toContain('eyJ.secret');
  });

  it('cuts long bodies and says so', () => {
    const body = journalBody('x'.repeat(MAX_JOURNAL_BODY_CHARS + 10));
    expect(body).toHaveLength(MAX_JOURNAL_BODY_CHARS + '…[cut]'.length);
    expect(body?.endsWith('…[cut]')).toBe(true);
  });
});

describe('journalBodyBytes', () => {
  // Texts near the cut, with secrets before it, after it or none, and characters of every width.
  const pieces = fc.oneof(
    fc.constantFrom('{"items":"', '"access_token":"eyJ.s",', '"postalCode":"9",', '"Password":"p"', '}', ','),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.integer({ min: 0, max: 600 }).map((n) => 'x'.repeat(n)),
  );
  const texts = fc
    .tuple(fc.integer({ min: MAX_JOURNAL_BODY_CHARS - 400, max: MAX_JOURNAL_BODY_CHARS + 400 }), fc.array(pieces))
    .map(([length, parts]) => `{"a":"${'y'.repeat(Math.max(0, length - 200))}",${parts.join('')}`);

  // (A character cut in half at the limit becomes U+FFFD either way, as SQLite would store it.)
  it('is the UTF-8 of journalBody, for any text', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(journalBodyBytes(text).equals(Buffer.from(journalBody(text) ?? ''))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a short text whole', () => {
    expect(journalBodyBytes('{"n":"é"}').toString()).toBe('{"n":"é"}');
  });
});
