import { describe, expect, it } from 'vitest';
import { allowedRedirectUri } from './redirect-uris.js';

const ORIGIN = 'https://sandbox.example.test:8443';

describe('allowedRedirectUri', () => {
  it.each([
    { uri: 'http://localhost:3000/callback', allowed: true },
    { uri: 'http://127.0.0.1:53121/', allowed: true },
    { uri: 'http://[::1]:8080/cb?x=1', allowed: true },
    { uri: 'http://localhost/redirect', allowed: true },
    { uri: 'https://localhost:4443/redirect', allowed: true },
    { uri: 'https://sandbox.example.test:8443/', allowed: true },
    { uri: 'https://SANDBOX.example.test:8443/dashboard/', allowed: true },
    { uri: 'https://sandbox.example.test/', allowed: false },
    { uri: 'http://sandbox.example.test:8443/', allowed: false },
    { uri: 'https://evil.example/callback', allowed: false },
    { uri: 'http://localhost.evil.example/callback', allowed: false },
    { uri: 'http://localhost:3000/callback#frag', allowed: false },
    { uri: 'http://user:pw@localhost:3000/', allowed: false },
    { uri: 'myapp://callback', allowed: false },
    { uri: 'javascript:alert(1)', allowed: false },
    { uri: 'not a uri', allowed: false },
    { uri: '', allowed: false },
  ])('$uri: $allowed', ({ uri, allowed }) => {
    expect(allowedRedirectUri(uri, ORIGIN) !== undefined).toBe(allowed);
  });
});
