import { describe, expect, it } from 'vitest';
import {
  acceptance,
  acceptingCustomerId,
  invitedCustomer,
  invitingPartner,
  newCustomerNames,
  readInvitation,
  type Invitation,
} from './invitations.js';
import type { CreateCustomerContext, CustomerRecord, PartnerRecord } from './records.js';
import { customerRecord, expectOutcome } from './test-records.js';

const URL_OF = (query: string) =>
  `https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&${query}#/BillingAccounts/partner-invitation`;

const PARTNER = '4a6d4e1c-0000-4000-8000-0000000000aa';
const partner: PartnerRecord = {
  id: PARTNER,
  kind: 'production',
  name: 'Fabrikam',
  domain: 'fabrikam.onmicrosoft.com',
  mpnId: '1',
  createdAt: 0,
};

const refused = (status: number, code: number, field: string) => ({
  status,
  code,
  data: expect.arrayContaining([field]),
});

describe('readInvitation', () => {
  it.each<[string, { url?: string; partnerTenantId?: string }, Invitation]>([
    [
      'the URL the API gave',
      { url: URL_OF(`partnerId=${PARTNER}&msppId=0&DAP=true`) },
      { partnerId: PARTNER, allowDelegatedAccess: true },
    ],
    [
      'a URL without DAP',
      { url: URL_OF(`partnerId=${PARTNER}&DAP=false`) },
      { partnerId: PARTNER, allowDelegatedAccess: false },
    ],
    [
      'DAP in any case',
      { url: URL_OF(`partnerId=${PARTNER}&DAP=FALSE`) },
      { partnerId: PARTNER, allowDelegatedAccess: false },
    ],
    [
      'a URL that does not say',
      { url: URL_OF(`partnerId=${PARTNER}`) },
      { partnerId: PARTNER, allowDelegatedAccess: true },
    ],
    [
      'the partner id alone',
      { partnerTenantId: PARTNER.toUpperCase() },
      { partnerId: PARTNER, allowDelegatedAccess: true },
    ],
    [
      'a partner id given with a URL',
      { partnerTenantId: PARTNER, url: URL_OF('partnerId=someone-else&DAP=false') },
      { partnerId: PARTNER, allowDelegatedAccess: false },
    ],
  ])('reads %s', (_what, input, invitation) => {
    expect(readInvitation(input)).toEqual(invitation);
  });

  it.each<[string, { url?: string; partnerTenantId?: string }, ReturnType<typeof refused>]>([
    ['a URL that is not one', { url: 'not a url' }, refused(400, 3000, 'url')],
    ['no partner at all', {}, refused(400, 800002, 'partnerTenantId')],
    ['a URL naming no partner', { url: URL_OF('DAP=true') }, refused(400, 800002, 'partnerTenantId')],
  ])('refuses %s', (_what, input, error) => {
    expectOutcome(() => readInvitation(input), error);
  });
});

describe('who accepts', () => {
  const known = customerRecord();
  const hidden = customerRecord({ relationship: 'none', allowDelegatedAccess: false, removedAt: 5 });

  it.each<[string, CustomerRecord | undefined, 'restore' | 'create']>([
    ['a customer new to the partner', undefined, 'create'],
    ['a customer whose relationship a production removal hid', hidden, 'restore'],
  ])('%s: %s', (_what, existing, outcome) => {
    expect(acceptance(existing)).toBe(outcome);
  });

  it('refuses a customer that still has the relationship', () => {
    expectOutcome(() => acceptance(known), refused(400, 3000, 'customerTenantId'));
  });

  it.each<[string | undefined, string | undefined]>([
    [undefined, undefined],
    ['6F2B6F0E-0000-4000-8000-000000000001', '6f2b6f0e-0000-4000-8000-000000000001'],
  ])('takes the customer tenant id %s as %s', (raw, id) => {
    expect(acceptingCustomerId(raw)).toBe(id);
  });

  it('refuses a customer tenant id that is not a GUID with 900118', () => {
    expectOutcome(() => acceptingCustomerId('contoso'), { status: 400, code: 900118 });
  });

  it('refuses an unknown partner', () => {
    expectOutcome(() => invitingPartner(undefined), refused(400, 3000, 'partnerTenantId'));
    expect(invitingPartner(partner)).toBe(partner);
  });
});

describe('the customer an invitation makes', () => {
  const ctx: CreateCustomerContext = { partner, customerCount: 3, nextSeq: 4, domainTaken: false };

  it.each<[{ domain?: string; companyName?: string }, string]>([
    [{ domain: 'Wingtip', companyName: 'Wingtip' }, 'wingtip.onmicrosoft.com'],
    [{ domain: 'wingtip.onmicrosoft.com', companyName: 'Wingtip' }, 'wingtip.onmicrosoft.com'],
  ])('needs a domain and a company name: %o', (input, domain) => {
    expect(newCustomerNames(input)).toEqual({ domain, companyName: 'Wingtip' });
  });

  it.each([{}, { domain: 'wingtip' }, { companyName: 'Wingtip' }, { domain: '', companyName: 'Wingtip' }])(
    'refuses %o with 800002',
    (input) => {
      expectOutcome(() => newCustomerNames(input), refused(400, 800002, 'domain'));
    },
  );

  it.each<[string | undefined, boolean]>([
    ['6f2b6f0e-0000-4000-8000-000000000001', true],
    [undefined, false],
  ])('keeps the tenant id %s, with DAP %s as asked', (customerId, dap) => {
    const names = { domain: 'wingtip.onmicrosoft.com', companyName: 'Wingtip' };
    const customer = invitedCustomer(names, customerId, { partnerId: PARTNER, allowDelegatedAccess: dap }, ctx, 1000);
    if (customerId) expect(customer.id).toBe(customerId);
    else expect(customer.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(customer).toMatchObject({
      partnerId: PARTNER,
      seq: 4,
      domain: names.domain,
      companyName: 'Wingtip',
      relationship: 'reseller',
      allowDelegatedAccess: dap,
      billing: { email: 'admin@wingtip.onmicrosoft.com', culture: 'en-US' },
      createdAt: 1000,
    });
  });

  it('is refused when the domain is taken, as a create is', () => {
    const names = { domain: 'wingtip.onmicrosoft.com', companyName: 'Wingtip' };
    const invitation = { partnerId: PARTNER, allowDelegatedAccess: true };
    expectOutcome(() => invitedCustomer(names, undefined, invitation, { ...ctx, domainTaken: true }, 0), {
      status: 409,
      code: 600013,
    });
  });
});
