import { describe, expect, it } from 'vitest';
import { generatedAggregate } from '../control/generate.js';
import { CustomerRecordSchema, OrderRecordSchema, SubscriptionRecordSchema } from '../store/record-schemas.js';
import { isExactValue, validateValue } from './validation.js';

const made = generatedAggregate(
  {
    id: '11111111-2222-3333-4444-555555555555',
    kind: 'production',
    name: 'P',
    domain: 'p.x',
    mpnId: '1',
    createdAt: 0,
  },
  7,
  { ordersPerCustomer: 1, now: Date.UTC(2030, 0, 1) },
);
// As an import reads them: parsed from the JSON this server writes.
const customer = JSON.parse(JSON.stringify(made.customer)) as Record<string, unknown>;
const order = JSON.parse(JSON.stringify(made.orders[0])) as Record<string, unknown>;
const subscription = JSON.parse(JSON.stringify(made.subscriptions[0])) as Record<string, unknown>;
const withContext = {
  ...order,
  lineItems: [{ ...(order['lineItems'] as object[])[0], provisioningContext: { a: 'b' } }],
};

describe('isExactValue: the import fast path', () => {
  it.each([
    ['a customer as written', CustomerRecordSchema, customer],
    ['an order as written', OrderRecordSchema, order],
    ['an order with a provisioning context', OrderRecordSchema, withContext],
    ['a subscription as written', SubscriptionRecordSchema, subscription],
  ])('takes %s, which validateValue returns unchanged', (_what, schema, value) => {
    expect(isExactValue(schema, value)).toBe(true);
    expect(validateValue(schema, value, 'x')).toEqual(value);
  });

  // Each of these validateValue changes (or refuses): the fast path must leave them to it.
  it.each([
    ['an unknown property', CustomerRecordSchema, { ...customer, extra: 1 }],
    ['a property in another case', CustomerRecordSchema, { ...customer, ID: customer['id'], id: undefined }],
    ['a null', CustomerRecordSchema, { ...customer, removedAt: null }],
    ['an enum in another case', CustomerRecordSchema, { ...customer, relationship: 'Reseller' }],
    [
      'a nested unknown property',
      CustomerRecordSchema,
      { ...customer, billing: { ...(customer['billing'] as object), x: 1 } },
    ],
    ['a __proto__ key', CustomerRecordSchema, JSON.parse(`{"__proto__": 1, ${JSON.stringify(customer).slice(1)}`)],
    [
      'a forbidden key in a record of strings',
      OrderRecordSchema,
      {
        ...order,
        lineItems: [{ ...(order['lineItems'] as object[])[0], provisioningContext: JSON.parse('{"__proto__":"x"}') }],
      },
    ],
    ['a missing field', SubscriptionRecordSchema, { ...subscription, status: undefined }],
    ['a string for a number', SubscriptionRecordSchema, { ...subscription, quantity: '1' }],
    ['an array item null', SubscriptionRecordSchema, { ...subscription, suspensionReasons: [null] }],
  ])('leaves %s to validateValue', (_what, schema, value) => {
    const cleaned = JSON.parse(JSON.stringify(value)) as unknown;
    expect(isExactValue(schema, cleaned)).toBe(false);
  });
});
