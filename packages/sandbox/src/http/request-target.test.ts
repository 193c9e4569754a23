import { describe, expect, it } from 'vitest';
import { originForm } from './request-target.js';

describe('request targets in absolute form are routed by their path (RFC 9112 3.2.2)', () => {
  it.each([
    {
      rule: "the docs' DELETE request line",
      target: 'https://api.partnercenter.microsoft.com/v1/customers/eebd1b55-5360-4438-a11d-5c06918c3014',
      path: '/v1/customers/eebd1b55-5360-4438-a11d-5c06918c3014',
    },
    {
      rule: 'the query is kept',
      target: 'https://api.partnercenter.microsoft.com/v1/customers?size=40',
      path: '/v1/customers?size=40',
    },
    { rule: 'a port and http', target: 'http://127.0.0.1:4000/V1/Customers/', path: '/V1/Customers/' },
    { rule: 'an authority alone is the root', target: 'https://example.com', path: '/' },
    { rule: 'a query right after the authority', target: 'https://example.com?x=1', path: '/?x=1' },
    { rule: 'origin form is untouched', target: '/v1/customers?size=1', path: '/v1/customers?size=1' },
    { rule: 'an asterisk is left alone', target: '*', path: '*' },
    { rule: 'no scheme is left alone', target: 'v1/customers', path: 'v1/customers' },
  ])('$rule', ({ target, path }) => {
    expect(originForm(target)).toBe(path);
  });
});
