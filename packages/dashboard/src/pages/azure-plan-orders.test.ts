import { describe, expect, it } from 'vitest';
import { azurePlanOrderIds } from './azure-plan-orders.js';

describe('the Azure plan orders a delete refusal names', () => {
  it.each([
    [
      'Customer relationship cannot be removed due to active Azure reserved instances. Please cancel the following orders: a, b',
      [],
    ],
    [
      'Customer relationship cannot be removed due to active software purchases and an active Azure plan. Please cancel the following orders: a; then suspend the Azure plan of the following orders: p1, p2',
      ['p1', 'p2'],
    ],
    [
      'Customer relationship cannot be removed due to an active Azure plan. Please suspend the Azure plan of the following orders: p1',
      ['p1'],
    ],
  ])('%s', (description, expected) => {
    expect([...azurePlanOrderIds(description)]).toEqual(expected);
  });
});
