/**
 * What blocks deleting a customer from the integration sandbox (spec 1.1 and
 * docs/compatibility.md, "Which orders block DELETE"): reserved-instance and software orders
 * not yet cancelled, and an Azure plan not suspended (Partner-Center-PowerShell issue 215).
 */
import { describe, expect, it } from 'vitest';
import { deleteBlockers, type DeleteBlockers } from './delete-blockers.js';
import {
  aggregateOf,
  CANCELLATION_MS,
  cancelledAt,
  lineItem,
  OFFERS,
  orderRecord,
  PROVISIONING_MS,
  purchase,
  subscriptionRecord,
  T0,
  type Purchase,
} from './test-records.js';

const CANCEL_AT = T0 + 60_000;
const AFTER_CANCEL = CANCEL_AT + CANCELLATION_MS;

const none: DeleteBlockers = {
  orderIds: [],
  reservedInstanceOrderIds: [],
  softwareOrderIds: [],
  azurePlanOrderIds: [],
};

/** An order holding a reserved instance (line 0) and an Azure plan (line 1). */
function riAndAzurePlan(): Purchase {
  const order = orderRecord(
    [lineItem(OFFERS.reservedInstance, { lineItemNumber: 0 }), lineItem(OFFERS.azurePlan, { lineItemNumber: 1 })],
    { id: 'order-both' },
  );
  const plan = order.lineItems[1];
  if (!plan) throw new Error('no plan line');
  return { order, subscriptions: [subscriptionRecord(order, plan)] };
}

describe('orders that block deleting a customer', () => {
  it.each<{ rule: string; purchases: Purchase[]; now: number; blockers: Partial<DeleteBlockers> }>([
    { rule: 'a customer without orders has none', purchases: [], now: T0, blockers: {} },
    {
      rule: 'a reserved-instance order blocks',
      purchases: [purchase('reservedInstance')],
      now: AFTER_CANCEL,
      blockers: { orderIds: ['order-reservedInstance'], reservedInstanceOrderIds: ['order-reservedInstance'] },
    },
    {
      rule: 'perpetual-software and software-subscription orders block as software',
      purchases: [purchase('perpetualSoftware'), purchase('softwareSubscription')],
      now: AFTER_CANCEL,
      blockers: {
        orderIds: ['order-perpetualSoftware', 'order-softwareSubscription'],
        softwareOrderIds: ['order-perpetualSoftware', 'order-softwareSubscription'],
      },
    },
    {
      rule: 'an order still provisioning blocks',
      purchases: [purchase('reservedInstance')],
      now: T0,
      blockers: { orderIds: ['order-reservedInstance'], reservedInstanceOrderIds: ['order-reservedInstance'] },
    },
    {
      rule: 'a cancellation in progress does not count as cancelled',
      purchases: [purchase('reservedInstance', { cancelRequestedAt: CANCEL_AT })],
      now: AFTER_CANCEL - 1,
      blockers: { orderIds: ['order-reservedInstance'], reservedInstanceOrderIds: ['order-reservedInstance'] },
    },
    {
      rule: 'a completed cancellation unblocks',
      purchases: [purchase('reservedInstance', { cancelRequestedAt: CANCEL_AT })],
      now: AFTER_CANCEL,
      blockers: {},
    },
    {
      rule: 'an active Azure plan blocks, named by its order (issue 215)',
      purchases: [purchase('azurePlan')],
      now: AFTER_CANCEL,
      blockers: { orderIds: ['order-azurePlan'], azurePlanOrderIds: ['order-azurePlan'] },
    },
    {
      rule: 'an Azure plan still provisioning blocks (it becomes active by itself)',
      purchases: [purchase('azurePlan')],
      now: T0 + PROVISIONING_MS - 1,
      blockers: { orderIds: ['order-azurePlan'], azurePlanOrderIds: ['order-azurePlan'] },
    },
    {
      rule: 'a suspended Azure plan does not block (the workaround in issue 215)',
      purchases: [purchase('azurePlan', { subscription: 'suspended' })],
      now: AFTER_CANCEL,
      blockers: {},
    },
    {
      rule: 'a cancelled (deleted) Azure plan does not block',
      purchases: [purchase('azurePlan', { subscription: 'deleted' })],
      now: AFTER_CANCEL,
      blockers: {},
    },
    {
      rule: 'licence, new-commerce and legacy Azure (MS-AZR-…) orders do not block (their subscriptions are purged)',
      purchases: [purchase('licence'), purchase('newCommerce'), purchase('legacyAzure')],
      now: AFTER_CANCEL,
      blockers: {},
    },
    {
      rule: 'only the orders not yet cancelled are named, in creation order',
      purchases: [
        purchase('azurePlan', { id: 'order-a' }),
        purchase('perpetualSoftware', { id: 'order-b', cancelRequestedAt: CANCEL_AT }),
        purchase('reservedInstance', { id: 'order-c' }),
        purchase('softwareSubscription', { id: 'order-d', cancelRequestedAt: CANCEL_AT }),
      ],
      now: AFTER_CANCEL,
      blockers: {
        orderIds: ['order-a', 'order-c'],
        reservedInstanceOrderIds: ['order-c'],
        azurePlanOrderIds: ['order-a'],
      },
    },
    {
      rule: 'an order with one line item cancelled still blocks while another stands',
      purchases: [
        {
          order: orderRecord(
            [
              lineItem(OFFERS.perpetualSoftware, { lineItemNumber: 0, ...cancelledAt(CANCEL_AT) }),
              lineItem(OFFERS.softwareSubscription, { lineItemNumber: 1 }),
            ],
            { id: 'order-mixed' },
          ),
          subscriptions: [],
        },
      ],
      now: AFTER_CANCEL,
      blockers: { orderIds: ['order-mixed'], softwareOrderIds: ['order-mixed'] },
    },
    {
      rule: 'one order holding a reserved instance and an Azure plan is listed once, under both kinds',
      purchases: [riAndAzurePlan()],
      now: AFTER_CANCEL,
      blockers: {
        orderIds: ['order-both'],
        reservedInstanceOrderIds: ['order-both'],
        azurePlanOrderIds: ['order-both'],
      },
    },
  ])('$rule', ({ purchases, now, blockers }) => {
    expect(deleteBlockers(aggregateOf(purchases), now)).toEqual({ ...none, ...blockers });
  });

  it.each([
    {
      rule: 'without software (production relationship removal): reserved instances only',
      scope: { software: false, azurePlan: false },
      blockers: { orderIds: ['order-reservedInstance'], reservedInstanceOrderIds: ['order-reservedInstance'] },
    },
    {
      rule: 'without the Azure plan (sandbox relationship removal, where the subscription rule covers it)',
      scope: { software: true, azurePlan: false },
      blockers: {
        orderIds: ['order-reservedInstance', 'order-perpetualSoftware'],
        reservedInstanceOrderIds: ['order-reservedInstance'],
        softwareOrderIds: ['order-perpetualSoftware'],
      },
    },
  ])('narrowed $rule', ({ scope, blockers }) => {
    const aggregate = aggregateOf([purchase('reservedInstance'), purchase('perpetualSoftware'), purchase('azurePlan')]);
    expect(deleteBlockers(aggregate, T0, scope)).toEqual({ ...none, ...blockers });
  });
});
