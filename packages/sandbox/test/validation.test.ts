/**
 * The request normaliser and validator (http/validation.ts): as lenient as Partner Center on
 * names, enum case and nulls, and exact in what it refuses (800002 naming the field, 900126
 * naming the value).
 */
import { describe, expect, it } from 'vitest';
import Type from 'typebox';
import {
  CreateCustomerRequestSchema,
  CreateOrderRequestSchema,
  PatchOrderRequestSchema,
  UpdateCustomerRequestSchema,
  UpdateSubscriptionRequestSchema,
} from '@partnerbox/contract';
import type { TSchema } from 'typebox';
import { PartnerCenterError } from '../src/errors.js';
import { compileValidator, validateValue } from '../src/http/validation.js';

/** The normalised value, or a failure naming what went wrong. */
function accept(schema: TSchema, data: unknown, part = 'body'): unknown {
  const result = compileValidator(schema, part)(data);
  if ('error' in result) throw new Error(`Refused: ${JSON.stringify(result.error.body)}`);
  return result.value;
}

/** The error, which must be one. */
function refuse(schema: TSchema, data: unknown, part = 'body'): PartnerCenterError {
  const result = compileValidator(schema, part)(data);
  if (!('error' in result)) throw new Error(`Accepted: ${JSON.stringify(result.value)}`);
  expect(result.error).toBeInstanceOf(PartnerCenterError);
  return result.error;
}

function expectInvalidInput(error: PartnerCenterError, field: string) {
  expect(error.statusCode).toBe(400);
  expect(error.body.code).toBe(800002);
  expect(error.body.data[0]).toBe(field);
  expect(error.body.source).toBe('PartnerFD');
}

const customer = () => ({
  companyProfile: { domain: 'contoso.onmicrosoft.com' },
  billingProfile: {
    email: 'a@contoso.com',
    culture: 'en-US',
    language: 'en',
    companyName: 'Contoso',
    defaultAddress: { country: 'US', city: 'Redmond', addressLine1: 'One Microsoft Way' },
  },
});

describe('compileValidator: property names', () => {
  it('matches property names case-insensitively and returns the canonical camelCase', () => {
    const value = accept(CreateCustomerRequestSchema, {
      CompanyProfile: { DOMAIN: 'contoso.onmicrosoft.com' },
      billingprofile: {
        Email: 'a@contoso.com',
        CULTURE: 'EN-US',
        Language: 'en',
        companyName: 'Contoso',
        DefaultAddress: { Country: 'US', City: 'Redmond', AddressLine1: 'One Microsoft Way' },
      },
    });
    expect(value).toEqual({
      companyProfile: { domain: 'contoso.onmicrosoft.com' },
      billingProfile: {
        email: 'a@contoso.com',
        culture: 'EN-US',
        language: 'en',
        companyName: 'Contoso',
        defaultAddress: { country: 'US', city: 'Redmond', addressLine1: 'One Microsoft Way' },
      },
    });
  });

  it('drops unknown properties at every level', () => {
    const value = accept(PatchOrderRequestSchema, {
      Status: 'cancelled',
      referenceCustomerId: 'x',
      Extra: { deep: true },
      lineItems: [{ lineItemNumber: 0, offerId: 'A:B:C', links: {}, junk: 1 }],
    });
    expect(value).toEqual({ status: 'cancelled', lineItems: [{ lineItemNumber: 0, offerId: 'A:B:C' }] });
  });

  it('keeps the keys of open records (provisioningContext) as sent', () => {
    const value = accept(CreateOrderRequestSchema, {
      LineItems: [
        {
          LineItemNumber: 0,
          OfferId: 'DZH318Z0BQ4B:0047:DZH318Z0DSM8',
          Quantity: 1,
          ProvisioningContext: { subscriptionId: 'abc', Scope: 'shared', duration: null },
        },
      ],
    }) as { lineItems: { provisioningContext: Record<string, string> }[] };
    expect(value.lineItems[0]?.provisioningContext).toEqual({ subscriptionId: 'abc', Scope: 'shared' });
  });

  it('ignores __proto__, constructor and prototype keys: they neither pollute nor stand in for fields', () => {
    const parsed = JSON.parse(
      '{"__proto__":{"status":"cancelled","polluted":true},"constructor":{"prototype":{"polluted":true}},"id":"o1"}',
    ) as unknown;
    expectInvalidInput(refuse(PatchOrderRequestSchema, parsed), 'status');
    const value = accept(
      PatchOrderRequestSchema,
      JSON.parse('{"status":"cancelled","__proto__":{"id":"smuggled"}}') as unknown,
    ) as Record<string, unknown>;
    expect(value).toEqual({ status: 'cancelled' });
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(value, '__proto__')).toBe(false);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('compileValidator: enums', () => {
  it('folds enum values case-insensitively (and trims them) to the canonical value', () => {
    expect(accept(PatchOrderRequestSchema, { status: 'CANCELLED' })).toEqual({ status: 'cancelled' });
    expect(accept(UpdateSubscriptionRequestSchema, { Status: ' Suspended ' })).toEqual({ status: 'suspended' });
    expect(accept(UpdateCustomerRequestSchema, { RelationshipToPartner: 'Microsoft_Support' })).toEqual({
      relationshipToPartner: 'microsoft_support',
    });
    expect(
      accept(CreateOrderRequestSchema, {
        billingCycle: 'ONE_TIME',
        lineItems: [{ lineItemNumber: 0, offerId: 'x', quantity: 1 }],
      }),
    ).toMatchObject({ billingCycle: 'one_time' });
  });

  it('refuses an unknown enum value with 400 900126 naming the field and the value', () => {
    const error = refuse(PatchOrderRequestSchema, { status: 'frozen' });
    expect(error.statusCode).toBe(400);
    expect(error.body).toEqual({
      code: 900126,
      description: 'Unable to parse enum: frozen',
      data: ['status', 'frozen'],
      source: 'PartnerFD',
    });
    const nested = refuse(CreateOrderRequestSchema, {
      billingCycle: 'weekly',
      lineItems: [{ lineItemNumber: 0, offerId: 'x', quantity: 1 }],
    });
    expect(nested.body.code).toBe(900126);
    expect(nested.body.data).toEqual(['billingCycle', 'weekly']);
  });

  it('refuses an enum that is not a string as invalid input, not as an enum', () => {
    expectInvalidInput(refuse(PatchOrderRequestSchema, { status: 3 }), 'status');
  });
});

describe('compileValidator: nulls', () => {
  it('reads null as absent: optional fields vanish, required ones are missing', () => {
    expect(accept(PatchOrderRequestSchema, { id: null, status: 'cancelled', lineItems: null })).toEqual({
      status: 'cancelled',
    });
    expectInvalidInput(refuse(PatchOrderRequestSchema, { id: 'o1', status: null }), 'status');
    const body = customer();
    expectInvalidInput(
      refuse(CreateCustomerRequestSchema, { ...body, billingProfile: { ...body.billingProfile, email: null } }),
      'billingProfile.email',
    );
  });

  it('keeps a null inside an array as an error at its index', () => {
    expectInvalidInput(refuse(CreateOrderRequestSchema, { lineItems: [null] }), 'lineItems[0]');
  });

  it('a null body is no body', () => {
    const error = refuse(PatchOrderRequestSchema, null);
    expectInvalidInput(error, 'body');
    expect(error.body.data[1]).toBe('A JSON object body is required.');
  });
});

describe('compileValidator: error field paths', () => {
  it('names nested fields with dots and array indexes', () => {
    expectInvalidInput(
      refuse(CreateOrderRequestSchema, { lineItems: [{ lineItemNumber: 0, offerId: 'x', quantity: 'abc' }] }),
      'lineItems[0].quantity',
    );
    expectInvalidInput(
      refuse(CreateOrderRequestSchema, {
        lineItems: [
          { lineItemNumber: 0, offerId: 'x', quantity: 1 },
          { lineItemNumber: 1, quantity: 1 },
        ],
      }),
      'lineItems[1].offerId',
    );
    const body = customer();
    const { country: _country, ...address } = body.billingProfile.defaultAddress;
    expectInvalidInput(
      refuse(CreateCustomerRequestSchema, {
        ...body,
        billingProfile: { ...body.billingProfile, defaultAddress: address },
      }),
      'billingProfile.defaultAddress.country',
    );
    expectInvalidInput(refuse(CreateCustomerRequestSchema, { ...body, billingProfile: 'x' }), 'billingProfile');
    expectInvalidInput(refuse(CreateOrderRequestSchema, { lineItems: 'x' }), 'lineItems');
    expectInvalidInput(refuse(CreateOrderRequestSchema, { lineItems: [] }), 'lineItems');
  });

  it('says the body must be a JSON object when it is an array, a string or a number', () => {
    for (const body of [[], 'text', 42, true]) {
      const error = refuse(PatchOrderRequestSchema, body);
      expectInvalidInput(error, 'body');
      expect(error.body.data[1]).toBe('A JSON object body is required.');
    }
  });

  it('refuses NUL characters in strings, naming the field, except in path parameters', () => {
    expectInvalidInput(refuse(UpdateSubscriptionRequestSchema, { friendlyName: 'a\u0000b' }), 'friendlyName');
    const query = Type.Object({ order_id: Type.Optional(Type.String()) });
    expectInvalidInput(refuse(query, { order_id: '\u0000' }, 'querystring'), 'order_id');
    const params = Type.Object({ orderId: Type.String() });
    expect(accept(params, { orderId: 'a\u0000' }, 'params')).toEqual({ orderId: 'a\u0000' });
  });
});

describe('compileValidator: query strings', () => {
  const ListQuery = Type.Object({
    size: Type.Optional(Type.Integer({ minimum: 0 })),
    showExpiry: Type.Optional(Type.Boolean()),
    filter: Type.Optional(Type.String()),
    entitlementType: Type.Optional(Type.Enum(['software', 'reservedInstance'])),
  });

  it('coerces numbers and booleans, matches names and enum values case-insensitively', () => {
    expect(
      accept(
        ListQuery,
        { Size: '40', SHOWEXPIRY: 'TRUE', filter: '{}', entitlementtype: 'RESERVEDINSTANCE' },
        'querystring',
      ),
    ).toEqual({ size: 40, showExpiry: true, filter: '{}', entitlementType: 'reservedInstance' });
    expect(accept(ListQuery, { showExpiry: 'false' }, 'querystring')).toEqual({ showExpiry: false });
  });

  it('takes the last of a repeated parameter', () => {
    expect(accept(ListQuery, { size: ['1', '25'] }, 'querystring')).toEqual({ size: 25 });
  });

  it('refuses what does not coerce, naming the parameter', () => {
    for (const size of ['abc', '-1', '1.5', '1e3', ''])
      expectInvalidInput(refuse(ListQuery, { size }, 'querystring'), 'size');
    expectInvalidInput(refuse(ListQuery, { showExpiry: 'maybe' }, 'querystring'), 'showExpiry');
    expect(refuse(ListQuery, { entitlementType: 'hardware' }, 'querystring').body.code).toBe(900126);
  });

  it('an absent query string is an empty object', () => {
    expect(accept(ListQuery, undefined, 'querystring')).toEqual({});
  });

  it('never coerces bodies: a number sent as a string is a wrong type there', () => {
    expectInvalidInput(
      refuse(CreateOrderRequestSchema, { lineItems: [{ lineItemNumber: 0, offerId: 'x', quantity: '5' }] }),
      'lineItems[0].quantity',
    );
    expectInvalidInput(refuse(UpdateCustomerRequestSchema, { allowDelegatedAccess: 'false' }), 'allowDelegatedAccess');
  });
});

describe('validateValue', () => {
  it('returns the normalised value, or throws the Partner Center error', () => {
    const Filter = Type.Object({ field: Type.String(), value: Type.String(), operator: Type.String() });
    expect(validateValue(Filter, { Field: 'Domain', VALUE: 'con', operator: 'starts_with' }, 'filter')).toEqual({
      field: 'Domain',
      value: 'con',
      operator: 'starts_with',
    });
    let thrown: unknown;
    try {
      validateValue(Filter, { field: 'Domain' }, 'filter');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PartnerCenterError);
    expectInvalidInput(thrown as PartnerCenterError, 'value');
  });
});
