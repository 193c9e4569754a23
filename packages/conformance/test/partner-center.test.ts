import { describe, expect, it } from 'vitest';
import { ALL_SUITES, defineConformance, targetFromEnvironment } from '@partnerbox/conformance';

// Opt-in: with PARTNERBOX_CONFORMANCE_TENANT_ID, _CLIENT_ID and _CLIENT_SECRET set, the whole
// suite runs against a real Partner Center integration sandbox (never set in CI). Tests that
// need the sandbox's control plane are not declared for it.
const live = targetFromEnvironment();
if (live) defineConformance(live.name, async () => live, { control: false, production: false }, ALL_SUITES);

describe('the real Partner Center target', () => {
  it('is off unless its credentials are all set', () => {
    expect(targetFromEnvironment({})).toBeUndefined();
    expect(
      targetFromEnvironment({ PARTNERBOX_CONFORMANCE_TENANT_ID: 't', PARTNERBOX_CONFORMANCE_CLIENT_ID: 'c' }),
    ).toBeUndefined();
  });

  it('defaults to the global cloud and takes App+User credentials when given', () => {
    const target = targetFromEnvironment({
      PARTNERBOX_CONFORMANCE_TENANT_ID: 'tenant',
      PARTNERBOX_CONFORMANCE_CLIENT_ID: 'client',
      PARTNERBOX_CONFORMANCE_CLIENT_SECRET: 'secret',
      PARTNERBOX_CONFORMANCE_USERNAME: 'agent@contoso.onmicrosoft.com',
      PARTNERBOX_CONFORMANCE_PASSWORD: 'pw',
    });
    expect(target?.baseUrls).toEqual(['https://api.partnercenter.microsoft.com']);
    expect(target?.authority).toBe('https://login.microsoftonline.com');
    expect(target?.control).toBeUndefined();
    expect(target?.sandboxPartner).toEqual({
      tenantId: 'tenant',
      clientId: 'client',
      clientSecret: 'secret',
      userName: 'agent@contoso.onmicrosoft.com',
      password: 'pw',
    });
  });
});
