import { describe, expect, it } from 'vitest';
import {
  CUSTOMER_FILTER_FIELDS,
  CUSTOMER_FILTER_OPERATORS,
  ENTITLEMENT_TYPE_FILTERS,
  customerFilterFieldOnWire,
  entitlementTypeOf,
  findEnumValue,
} from './enum-values.js';
import { EntitlementTypeFilterSchema } from './enums.js';

describe('findEnumValue', () => {
  it.each([
    [CUSTOMER_FILTER_FIELDS, 'companyName', 'companyName'],
    [CUSTOMER_FILTER_FIELDS, 'COMPANYNAME', 'companyName'],
    [CUSTOMER_FILTER_FIELDS, 'Domain', 'domain'],
    [CUSTOMER_FILTER_FIELDS, 'tenantId', undefined],
    [CUSTOMER_FILTER_FIELDS, ' domain', undefined],
    [CUSTOMER_FILTER_OPERATORS, 'STARTS_WITH', 'starts_with'],
    [CUSTOMER_FILTER_OPERATORS, 'startswith', undefined],
  ] as const)('in %j finds %j as %j', (values, raw, expected) => {
    expect(findEnumValue(values, raw)).toBe(expected);
  });
});

describe('entitlementTypeOf', () => {
  it.each([
    ['software', 'software'],
    ['SOFTWARE', 'software'],
    ['reservedInstance', 'reservedinstance'],
    ['reservedinstance', 'reservedinstance'],
    ['virtualMachineReservedInstance', 'reservedinstance'],
    ['VIRTUALMACHINERESERVEDINSTANCE', 'reservedinstance'],
    ['azure', undefined],
    ['', undefined],
  ])('reads %j as %j', (value, expected) => {
    expect(entitlementTypeOf(value)).toBe(expected);
  });

  it('names a type for every value the query schema accepts', () => {
    const accepted = EntitlementTypeFilterSchema.enum as readonly string[];
    expect(accepted).toEqual([...ENTITLEMENT_TYPE_FILTERS, 'virtualMachineReservedInstance']);
    for (const value of accepted) expect(entitlementTypeOf(value)).toBeDefined();
  });
});

describe('customerFilterFieldOnWire', () => {
  it.each([
    ['companyName', 'CompanyName'],
    ['domain', 'Domain'],
  ] as const)('spells %s as %s', (field, wire) => {
    expect(customerFilterFieldOnWire(field)).toBe(wire);
  });
});
