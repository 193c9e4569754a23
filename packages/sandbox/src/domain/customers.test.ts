/**
 * Customers as spec sections 1, 5, 6 and 9 describe them: creation (domain and culture
 * normalization, the 75-customer quota), deleting from the integration sandbox, removing the
 * reseller relationship, and removing delegated admin (DAP) only.
 */
import { describe, expect, it } from 'vitest';
import { sampleCustomerRequest, type CreateCustomerRequest } from '@partnerbox/contract';
import {
  activeSubscriptionIds,
  assertVisible,
  buildCustomer,
  checkDeletable,
  normalizeCulture,
  normalizeDomain,
  removeDelegatedAccess,
  removeRelationship,
} from './customers.js';
import type { PartnerKind, PartnerRecord } from './records.js';
import {
  aggregateOf,
  CANCELLATION_MS,
  customerRecord,
  PROVISIONING_MS,
  purchase,
  expectOutcome,
  refusal,
  T0,
  type Purchase,
} from './test-records.js';

describe('domain names on create (docs/compatibility.md, "Domain on create")', () => {
  it.each([
    { rule: 'a bare name gets .onmicrosoft.com', raw: 'contoso', domain: 'contoso.onmicrosoft.com' },
    { rule: 'a full onmicrosoft.com name is kept', raw: 'contoso.onmicrosoft.com', domain: 'contoso.onmicrosoft.com' },
    { rule: "the docs' test domains are kept", raw: 'xyz.ccsctp.net', domain: 'xyz.ccsctp.net' },
    { rule: 'stored lower case', raw: 'Contoso.OnMicrosoft.COM', domain: 'contoso.onmicrosoft.com' },
    { rule: 'surrounding spaces are trimmed', raw: '  fabrikam  ', domain: 'fabrikam.onmicrosoft.com' },
    { rule: 'hyphens inside a label are allowed', raw: 'wide-world-01', domain: 'wide-world-01.onmicrosoft.com' },
    { rule: 'a 63-character label is allowed', raw: 'a'.repeat(63), domain: `${'a'.repeat(63)}.onmicrosoft.com` },
  ])('$rule: $raw → $domain', ({ raw, domain }) => {
    expect(normalizeDomain(raw)).toBe(domain);
  });

  it.each([
    { rule: 'an empty name', raw: '' },
    { rule: 'a label starting with a hyphen', raw: '-contoso' },
    { rule: 'a label ending with a hyphen', raw: 'contoso-.onmicrosoft.com' },
    { rule: 'an empty label', raw: 'contoso..onmicrosoft.com' },
    { rule: 'a trailing dot', raw: 'contoso.' },
    { rule: 'an underscore', raw: 'con_toso' },
    { rule: 'a space inside', raw: 'con toso' },
    { rule: 'a non-ASCII letter', raw: 'contosö' },
    { rule: 'a label over 63 characters', raw: 'a'.repeat(64) },
    { rule: 'a name over 253 characters', raw: Array.from({ length: 4 }, () => 'a'.repeat(63)).join('.') },
  ])('refuses $rule with 3000 naming companyProfile.domain', ({ raw }) => {
    expect(refusal(() => normalizeDomain(raw))).toMatchObject({
      status: 400,
      code: 3000,
      data: ['companyProfile.domain', 'It must be a valid domain name, e.g. contoso.onmicrosoft.com.'],
    });
  });
});

describe('cultures on create (the docs send EN-US and show en-US)', () => {
  it.each([
    { rule: 'language lower case, region upper case', raw: 'EN-US', culture: 'en-US' },
    { rule: 'already canonical', raw: 'fr-FR', culture: 'fr-FR' },
    { rule: 'an underscore separator becomes a hyphen', raw: 'en_gb', culture: 'en-GB' },
    { rule: 'a language alone', raw: 'DE', culture: 'de' },
    { rule: 'a three-letter language', raw: 'FIL-ph', culture: 'fil-PH' },
    { rule: 'a title-case script subtag stays so', raw: 'zh-Hans-cn', culture: 'zh-Hans-CN' },
    { rule: 'surrounding spaces are trimmed', raw: ' en-us ', culture: 'en-US' },
  ])('$rule: $raw → $culture', ({ raw, culture }) => {
    expect(normalizeCulture(raw)).toBe(culture);
  });

  it.each([
    { rule: 'an empty culture', raw: '' },
    { rule: 'a one-letter language', raw: 'e-US' },
    { rule: 'a numeric language', raw: '12-US' },
    { rule: 'an empty subtag', raw: 'en--US' },
    { rule: 'a trailing separator', raw: 'en-' },
    { rule: 'a space inside', raw: 'en US' },
    { rule: 'a subtag over 8 characters', raw: 'en-abcdefghi' },
  ])('refuses $rule with 3000 naming billingProfile.culture', ({ raw }) => {
    expect(refusal(() => normalizeCulture(raw))).toMatchObject({
      status: 400,
      code: 3000,
      data: ['billingProfile.culture', 'It must be a culture name such as en-US.'],
    });
  });
});

function partner(kind: PartnerKind): PartnerRecord {
  return { id: `partner-${kind}`, kind, name: kind, domain: `${kind}.onmicrosoft.com`, mpnId: '1', createdAt: T0 };
}

/** The shared sample body, sent as the docs do (`EN-US`, a lower-case country), without a company name. */
function createRequest(overrides: { email?: string; companyEmail?: string; companyName?: string } = {}) {
  const names = {
    domain: 'contoso',
    companyName: 'Contoso Billing',
    email: overrides.email ?? 'admin@contoso.example',
  };
  const { billingProfile } = sampleCustomerRequest(names);
  const request: CreateCustomerRequest = {
    companyProfile: { domain: names.domain },
    billingProfile: {
      ...billingProfile,
      culture: 'EN-US',
      language: 'EN',
      defaultAddress: { ...billingProfile.defaultAddress, country: 'us' },
    },
  };
  if (overrides.companyEmail !== undefined) request.companyProfile.email = overrides.companyEmail;
  if (overrides.companyName !== undefined) request.companyProfile.companyName = overrides.companyName;
  return request;
}

describe('creating a customer', () => {
  const build = (
    kind: PartnerKind,
    customerCount: number,
    options: { domainTaken?: boolean; request?: CreateCustomerRequest } = {},
  ) =>
    buildCustomer(
      options.request ?? createRequest(),
      'contoso.onmicrosoft.com',
      { partner: partner(kind), customerCount, nextSeq: customerCount + 1, domainTaken: options.domainTaken ?? false },
      T0,
    );

  it.each<{ rule: string; kind: PartnerKind; count: number; domainTaken?: boolean; refused?: object }>([
    { rule: 'the 75th customer of a sandbox account is allowed', kind: 'sandbox', count: 74 },
    {
      rule: 'the 76th customer of a sandbox account: 800018',
      kind: 'sandbox',
      count: 75,
      refused: { status: 400, code: 800018, data: ['An integration sandbox account may have at most 75 customers.'] },
    },
    { rule: 'production accounts have no customer quota', kind: 'production', count: 500 },
    {
      rule: 'a domain already taken: 409 600013',
      kind: 'sandbox',
      count: 0,
      domainTaken: true,
      refused: { status: 409, code: 600013, data: ['contoso.onmicrosoft.com'] },
    },
    {
      rule: 'a full sandbox is reported before a taken domain',
      kind: 'sandbox',
      count: 75,
      domainTaken: true,
      refused: { code: 800018 },
    },
  ])('$rule', ({ kind, count, domainTaken, refused }) => {
    expectOutcome(() => build(kind, count, { domainTaken: domainTaken ?? false }), refused);
  });

  it.each([
    {
      rule: 'a billing email that is not an address',
      request: createRequest({ email: 'admin' }),
      field: 'billingProfile.email',
    },
    {
      rule: 'a company email that is not an address',
      request: createRequest({ companyEmail: 'a@b' }),
      field: 'companyProfile.email',
    },
  ])('refuses $rule: 3000 naming the field', ({ request, field }) => {
    expect(refusal(() => build('sandbox', 0, { request }))).toMatchObject({
      status: 400,
      code: 3000,
      data: [field, 'It must be an email address.'],
    });
  });

  it('starts as a reseller with DAP, normalized billing data, and the billing address as the company address', () => {
    const { customer, password } = build('sandbox', 3);
    expect(customer).toMatchObject({
      partnerId: 'partner-sandbox',
      seq: 4,
      domain: 'contoso.onmicrosoft.com',
      companyName: 'Contoso Billing',
      relationship: 'reseller',
      allowDelegatedAccess: true,
      createdAt: T0,
      billing: { culture: 'en-US', language: 'en', defaultAddress: { country: 'US' }, version: 1 },
    });
    expect(customer.company.address).toEqual(customer.billing.defaultAddress);
    expect(customer.removedAt).toBeUndefined();
    expect(password).toHaveLength(14);
  });

  it('takes the company name from the company profile when it has one', () => {
    const request = createRequest({ companyName: 'Contoso Ltd' });
    expect(build('sandbox', 0, { request }).customer.companyName).toBe('Contoso Ltd');
  });
});

describe('hidden customers look unknown (spec 9: 20002)', () => {
  it.each([
    { rule: 'an unknown customer', customer: undefined, refused: true },
    {
      rule: 'a customer whose relationship a production partner removed',
      customer: customerRecord({ removedAt: T0 }),
      refused: true,
    },
    { rule: 'a customer with a relationship', customer: customerRecord(), refused: false },
  ])('$rule', ({ customer, refused }) => {
    expectOutcome(() => assertVisible(customer), refused ? { status: 404, code: 20002 } : undefined);
  });
});

const CANCEL_AT = T0 + 60_000;
const AFTER_CANCEL = CANCEL_AT + CANCELLATION_MS;
const NOW = AFTER_CANCEL;

describe('deleting a customer from the integration sandbox (spec 1.1)', () => {
  it.each<{ rule: string; kind: PartnerKind; purchases: Purchase[]; now?: number; refused?: object }>([
    { rule: 'a sandbox customer without purchases can be deleted', kind: 'sandbox', purchases: [] },
    {
      rule: 'a production account cannot delete: 900127',
      kind: 'production',
      purchases: [],
      refused: { status: 400, code: 900127 },
    },
    {
      rule: 'a production account gets 900127 even with blocking orders',
      kind: 'production',
      purchases: [purchase('reservedInstance')],
      refused: { code: 900127 },
    },
    {
      rule: 'a reserved-instance order not cancelled: 3000 naming it',
      kind: 'sandbox',
      purchases: [purchase('reservedInstance')],
      refused: {
        status: 400,
        code: 3000,
        // The real service's text (spec 10 reports it without the space after the period).
        description:
          'Customer relationship cannot be removed due to active Azure reserved instances. Please cancel the following orders: order-reservedInstance',
        data: ['order-reservedInstance'],
      },
    },
    {
      rule: 'software orders not cancelled: 3000 naming each, as software',
      kind: 'sandbox',
      purchases: [purchase('perpetualSoftware'), purchase('softwareSubscription')],
      refused: {
        code: 3000,
        description:
          'Customer relationship cannot be removed due to active software purchases. Please cancel the following orders: order-perpetualSoftware, order-softwareSubscription',
        data: ['order-perpetualSoftware', 'order-softwareSubscription'],
      },
    },
    {
      rule: 'a cancellation still in progress does not count: 3000',
      kind: 'sandbox',
      purchases: [purchase('reservedInstance', { cancelRequestedAt: CANCEL_AT })],
      now: AFTER_CANCEL - 1,
      refused: { code: 3000, data: ['order-reservedInstance'] },
    },
    {
      rule: 'once every RI and software order is cancelled it can be deleted',
      kind: 'sandbox',
      purchases: [
        purchase('reservedInstance', { cancelRequestedAt: CANCEL_AT }),
        purchase('perpetualSoftware', { cancelRequestedAt: CANCEL_AT }),
      ],
    },
    {
      rule: 'active licence, new-commerce and legacy Azure subscriptions do not block (they are purged)',
      kind: 'sandbox',
      purchases: [purchase('licence'), purchase('newCommerce'), purchase('legacyAzure')],
    },
    // Partner-Center-PowerShell issue 215: the real integration sandbox refused DELETE for a
    // customer holding only an Azure plan, naming the plan's order; suspending the plan cleared it.
    {
      rule: 'an active Azure plan blocks: 3000 naming its order and saying to suspend the plan',
      kind: 'sandbox',
      purchases: [purchase('azurePlan')],
      refused: {
        status: 400,
        code: 3000,
        description:
          'Customer relationship cannot be removed due to an active Azure plan. Please suspend the Azure plan of the following orders: order-azurePlan',
        data: ['order-azurePlan'],
      },
    },
    {
      rule: 'a suspended Azure plan no longer blocks',
      kind: 'sandbox',
      purchases: [purchase('azurePlan', { subscription: 'suspended' })],
    },
    {
      rule: 'a cancelled Azure plan no longer blocks',
      kind: 'sandbox',
      purchases: [purchase('azurePlan', { subscription: 'deleted' })],
    },
    {
      rule: 'everything that blocks is named, each with what to do',
      kind: 'sandbox',
      purchases: [purchase('azurePlan'), purchase('reservedInstance'), purchase('perpetualSoftware')],
      refused: {
        code: 3000,
        description:
          'Customer relationship cannot be removed due to active Azure reserved instances, active software purchases and an active Azure plan. Please cancel the following orders: order-reservedInstance, order-perpetualSoftware; then suspend the Azure plan of the following orders: order-azurePlan',
        data: ['order-azurePlan', 'order-reservedInstance', 'order-perpetualSoftware'],
      },
    },
  ])('$rule', ({ kind, purchases, now, refused }) => {
    expectOutcome(() => checkDeletable(aggregateOf(purchases), kind, now ?? NOW), refused);
  });
});

describe('subscriptions that block removing the relationship', () => {
  it.each<{ rule: string; purchases: Purchase[]; now: number; ids: string[] }>([
    {
      rule: 'an active subscription blocks',
      purchases: [purchase('licence')],
      now: NOW,
      ids: ['subscription-order-licence-0'],
    },
    {
      rule: 'a pending one (still provisioning) blocks: it turns active on its own',
      purchases: [purchase('licence')],
      now: T0 + PROVISIONING_MS - 1,
      ids: ['subscription-order-licence-0'],
    },
    {
      rule: 'a suspended one does not',
      purchases: [purchase('licence', { subscription: 'suspended' })],
      now: NOW,
      ids: [],
    },
    {
      rule: 'a suspended one does not, even while provisioning',
      purchases: [purchase('licence', { subscription: 'suspended' })],
      now: T0,
      ids: [],
    },
    {
      rule: 'a deleted one does not',
      purchases: [purchase('newCommerce', { subscription: 'deleted' })],
      now: NOW,
      ids: [],
    },
    {
      rule: 'one whose order line is cancelled does not',
      purchases: [purchase('licence', { cancelRequestedAt: CANCEL_AT })],
      now: AFTER_CANCEL,
      ids: [],
    },
  ])('$rule', ({ purchases, now, ids }) => {
    expect(activeSubscriptionIds(aggregateOf(purchases), now)).toEqual(ids);
  });
});

describe('removing the reseller relationship (spec 1.2)', () => {
  const remove = (kind: PartnerKind, purchases: Purchase[], customer = customerRecord()) =>
    removeRelationship(aggregateOf(purchases, customer), kind, NOW);

  it.each<{ rule: string; kind: PartnerKind; purchases: Purchase[]; refused?: object }>([
    { rule: 'sandbox: nothing blocks a customer without purchases', kind: 'sandbox', purchases: [] },
    {
      rule: 'sandbox: a reserved-instance order not cancelled: 3000 naming it',
      kind: 'sandbox',
      purchases: [purchase('reservedInstance')],
      refused: { status: 400, code: 3000, data: ['order-reservedInstance'] },
    },
    {
      rule: "sandbox: removal deletes the customer, so DELETE's software rule applies too: 3000",
      kind: 'sandbox',
      purchases: [purchase('softwareSubscription')],
      refused: { code: 3000, data: ['order-softwareSubscription'] },
    },
    {
      rule: 'production: a reserved-instance order not cancelled: 3000 naming it',
      kind: 'production',
      purchases: [purchase('reservedInstance'), purchase('perpetualSoftware')],
      refused: { code: 3000, data: ['order-reservedInstance'] },
    },
    {
      rule: 'production: software orders do not block',
      kind: 'production',
      purchases: [purchase('perpetualSoftware'), purchase('softwareSubscription')],
    },
    {
      rule: 'a cancelled reserved-instance order does not block',
      kind: 'production',
      purchases: [purchase('reservedInstance', { cancelRequestedAt: CANCEL_AT })],
    },
    {
      rule: 'active subscriptions: 3000 naming each',
      kind: 'production',
      purchases: [purchase('licence'), purchase('azurePlan'), purchase('newCommerce', { subscription: 'suspended' })],
      refused: {
        status: 400,
        code: 3000,
        description:
          'Customer relationship cannot be removed while subscriptions are active. Please suspend the following subscriptions: subscription-order-licence-0, subscription-order-azureplan-0',
        data: ['subscription-order-licence-0', 'subscription-order-azureplan-0'],
      },
    },
    {
      rule: 'reserved-instance orders are reported before active subscriptions',
      kind: 'sandbox',
      purchases: [purchase('licence'), purchase('reservedInstance')],
      refused: { code: 3000, data: ['order-reservedInstance'] },
    },
    {
      rule: 'suspended and deleted subscriptions do not block',
      kind: 'sandbox',
      purchases: [
        purchase('licence', { subscription: 'suspended' }),
        purchase('newCommerce', { subscription: 'deleted' }),
      ],
    },
  ])('$rule', ({ kind, purchases, refused }) => {
    expectOutcome(() => remove(kind, purchases), refused);
  });

  it.each<{ rule: string; kind: PartnerKind; result: 'delete' | 'hide' }>([
    { rule: 'in an integration sandbox it deletes the customer (quota regained)', kind: 'sandbox', result: 'delete' },
    { rule: 'in production it hides the customer', kind: 'production', result: 'hide' },
  ])('$rule: relationship none, DAP removed, removed now', ({ kind, result }) => {
    const removal = remove(kind, [purchase('licence', { subscription: 'suspended' })]);
    expect(removal.kind).toBe(result);
    expect(removal.customer).toMatchObject({ relationship: 'none', allowDelegatedAccess: false, removedAt: NOW });
  });

  it.each([
    {
      rule: 'a relationship already removed (hidden)',
      customer: customerRecord({ relationship: 'none', removedAt: T0 }),
    },
    { rule: 'a customer whose relationship is none', customer: customerRecord({ relationship: 'none' }) },
  ])('refuses $rule: 3000 "does not exist"', ({ customer }) => {
    expect(refusal(() => remove('production', [purchase('reservedInstance')], customer))).toMatchObject({
      status: 400,
      code: 3000,
      description: 'The relationship between the partner and customer does not exist',
    });
  });
});

describe('removing delegated admin (DAP) only', () => {
  it.each([
    {
      rule: 'turns allowDelegatedAccess off and keeps the relationship, even with active subscriptions',
      customer: customerRecord(),
      result: { relationship: 'reseller', allowDelegatedAccess: false },
    },
    {
      rule: 'changes nothing (undefined) when DAP is already off',
      customer: customerRecord({ allowDelegatedAccess: false }),
      result: undefined,
    },
  ])('$rule', ({ customer, result }) => {
    const outcome = removeDelegatedAccess(aggregateOf([purchase('licence')], customer));
    if (result) expect(outcome).toMatchObject(result);
    else expect(outcome).toBeUndefined();
  });

  it('refuses a customer whose relationship was removed: 20002', () => {
    const customer = customerRecord({ relationship: 'none', allowDelegatedAccess: false, removedAt: T0 });
    expect(refusal(() => removeDelegatedAccess(aggregateOf([], customer)))).toMatchObject({ status: 404, code: 20002 });
  });
});
