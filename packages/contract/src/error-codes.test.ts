import { describe, expect, it } from 'vitest';
import { ERROR_CODES, PartnerCenterErrorCode, type ErrorCodeEntry } from './error-codes.js';

describe('PartnerCenterErrorCode', () => {
  it('keeps every public name and number', () => {
    expect(PartnerCenterErrorCode).toEqual({
      BadIdFormat: 2000,
      InvalidProperty: 3000,
      NoRelationship: 20002,
      OrderNotFound: 20000,
      SubscriptionNotFound: 20003,
      SubscriptionDeleted: 2011,
      EtagInvalid: 2055,
      TokenMissing: 800001,
      InvalidInput: 800002,
      SandboxLimitMet: 800018,
      NonSandboxCancel: 800019,
      OrderCannotBeCancelled: 800061,
      UseSubscriptionPatch: 800063,
      SubscriptionQuotaExceeded: 800066,
      SeatQuotaExceeded: 800067,
      SubscriptionSuspended: 800091,
      CancellationWindowPassed: 900117,
      InvalidCustomerId: 900118,
      UnableToParseEnum: 900126,
      NotSupportedInEnvironment: 900127,
      RoleNotAllowed: 900150,
      DomainInUse: 600013,
    });
  });

  it('names each code on one table entry at most', () => {
    const named = Object.values(ERROR_CODES).filter((e: ErrorCodeEntry) => e.clientName !== undefined);
    const codes = named.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
