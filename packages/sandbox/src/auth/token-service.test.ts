import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultIdentities } from '../control/identities.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { TokenService } from './token-service.js';

let store: Store;
let tokens: TokenService;

async function appToken(): Promise<string> {
  const [entry] = await store.listPartners();
  if (!entry?.apps[0]) throw new Error('no seeded partner with an app');
  return (await tokens.mintAccessToken({ partner: entry.partner, app: entry.apps[0] })).token;
}

beforeEach(async () => {
  store = await openStore({ kind: 'memory' });
  await store.seedIdentitiesIfEmpty(defaultIdentities());
  tokens = new TokenService(store);
  await tokens.init();
});
afterEach(() => store.close());

describe('TokenService principal cache', () => {
  it('finds a verified token again, sent as a new string each time (as a header is)', async () => {
    const token = await appToken();
    expect(tokens.cachedPrincipal(token)).toBeUndefined();
    const principal = await tokens.authenticate(token);
    // A copy with the same text, not the same string: the last-token memo compares contents.
    const copy = `${token.slice(0, 10)}${token.slice(10)}`;
    expect(tokens.cachedPrincipal(copy)).toBe(principal);
    expect(tokens.cachedPrincipal(copy)).toBe(principal);
  });

  it('keeps each of several tokens used in turn', async () => {
    const first = await appToken();
    const second = await appToken();
    expect(second).not.toBe(first);
    const a = await tokens.authenticate(first);
    const b = await tokens.authenticate(second);
    for (let round = 0; round < 3; round++) {
      expect(tokens.cachedPrincipal(first)).toBe(a);
      expect(tokens.cachedPrincipal(second)).toBe(b);
    }
  });

  it('forgets the token it found last when the cache is cleared', async () => {
    const token = await appToken();
    await tokens.authenticate(token);
    expect(tokens.cachedPrincipal(token)).toBeDefined();
    tokens.clearCache();
    expect(tokens.cachedPrincipal(token)).toBeUndefined();
  });

  it('forgets it too when the identities version changes (an import elsewhere)', async () => {
    const token = await appToken();
    tokens.observeIdentitiesVersion('v1');
    await tokens.authenticate(token);
    expect(tokens.cachedPrincipal(token)).toBeDefined();
    tokens.observeIdentitiesVersion('v1');
    expect(tokens.cachedPrincipal(token)).toBeDefined();
    tokens.observeIdentitiesVersion('v2');
    expect(tokens.cachedPrincipal(token)).toBeUndefined();
  });

  it('refuses a forged token the length of the cached one, differing in its signature', async () => {
    const token = await appToken();
    await tokens.authenticate(token);
    // Inside the signature: its last character holds padding bits a decoder ignores.
    const at = token.length - 20;
    const forged = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
    expect(tokens.cachedPrincipal(forged)).toBeUndefined();
    await expect(tokens.authenticate(forged)).rejects.toMatchObject({ statusCode: 401 });
  });
});
