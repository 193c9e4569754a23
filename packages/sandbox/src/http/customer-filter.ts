/**
 * @module The customer list's `filter` parameter: URL-encoded JSON naming a field, a value and
 * the `starts_with` operator, each matched case-insensitively as Partner Center does.
 */
import {
  CUSTOMER_FILTER_FIELDS,
  CUSTOMER_FILTER_OPERATORS,
  CustomerFilterSchema,
  findEnumValue,
  type CustomerFilter,
} from '@partnerbox/contract';
import { errors } from '../errors.js';
import type { CustomerPrefixFilter } from '../store/store.js';
import { validateValue } from './validation.js';

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw errors.invalidInput('filter', 'The filter must be URL-encoded JSON.');
  }
}

/** `{"Field":"CompanyName","Value":"Con","Operator":"starts_with"}` → a prefix filter. */
export function parseCustomerFilter(raw: string): CustomerPrefixFilter {
  const filter = validateValue<CustomerFilter>(CustomerFilterSchema, parseJson(raw), 'filter');
  const field = findEnumValue(CUSTOMER_FILTER_FIELDS, filter.field.trim());
  if (!field) throw errors.unableToParseEnum(filter.field, 'filter.Field');
  if (!findEnumValue(CUSTOMER_FILTER_OPERATORS, filter.operator.trim()))
    throw errors.unableToParseEnum(filter.operator, 'filter.Operator');
  return { field, prefix: filter.value };
}

/** Whether a value read back from a continuation token is a filter this server could have made. */
export function isCustomerPrefixFilter(value: unknown): value is CustomerPrefixFilter {
  if (typeof value !== 'object' || value === null || !('field' in value) || !('prefix' in value)) return false;
  const { field, prefix } = value;
  return CUSTOMER_FILTER_FIELDS.some((f) => f === field) && typeof prefix === 'string' && !prefix.includes('\u0000');
}
