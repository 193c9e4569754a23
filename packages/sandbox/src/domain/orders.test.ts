/**
 * Orders as spec sections 6 and 9 describe them: statuses derived from the sandbox clock, the
 * sandbox quotas on new orders, and cancellation.
 */
import { describe, expect, it } from 'vitest';
import type { CreateOrderRequest, PatchOrderRequest } from '@partnerbox/contract';
import { DAY_MS } from './limits.js';
import { cancelOrder, createOrder, lineItemState, orderStatus } from './orders.js';
import type { PartnerKind } from './records.js';
import {
  aggregateOf,
  CANCELLATION_MS,
  cancelledAt,
  CUSTOMER_ID,
  lineItem,
  OFFERS,
  orderRecord,
  PROVISIONING_MS,
  purchase,
  expectOutcome,
  refusal,
  T0,
  type OfferName,
  type Purchase,
} from './test-records.js';

const CANCEL_AT = T0 + 60_000;

describe('line item and order status, as the sandbox clock passes', () => {
  const item = lineItem(OFFERS.reservedInstance);
  const cancelling = lineItem(OFFERS.reservedInstance, cancelledAt(CANCEL_AT));
  const cancelledWhileProvisioning = lineItem(OFFERS.reservedInstance, cancelledAt(T0 + 1_000));
  it.each([
    { rule: 'provisioning until the provisioning delay passes', item, now: T0, state: 'provisioning' },
    { rule: 'still provisioning a millisecond before', item, now: T0 + PROVISIONING_MS - 1, state: 'provisioning' },
    { rule: 'active once the provisioning delay has passed', item, now: T0 + PROVISIONING_MS, state: 'active' },
    {
      rule: 'cancelling from the moment the cancellation is asked',
      item: cancelling,
      now: CANCEL_AT,
      state: 'cancelling',
    },
    {
      rule: 'still cancelling a millisecond before the cancellation delay passes',
      item: cancelling,
      now: CANCEL_AT + CANCELLATION_MS - 1,
      state: 'cancelling',
    },
    {
      rule: 'cancelled once the cancellation delay has passed',
      item: cancelling,
      now: CANCEL_AT + CANCELLATION_MS,
      state: 'cancelled',
    },
    {
      rule: 'a cancellation asked while provisioning reads cancelling, not provisioning',
      item: cancelledWhileProvisioning,
      now: T0 + 2_000,
      state: 'cancelling',
    },
  ])('a line item is $state: $rule', ({ item, now, state }) => {
    expect(lineItemState(orderRecord([item]), item, now)).toBe(state);
  });

  const first = lineItem(OFFERS.perpetualSoftware, { lineItemNumber: 0 });
  const second = lineItem(OFFERS.softwareSubscription, { lineItemNumber: 1 });
  const firstCancelling = { ...first, ...cancelledAt(CANCEL_AT) };
  const secondCancelling = { ...second, ...cancelledAt(CANCEL_AT) };
  const done = CANCEL_AT + CANCELLATION_MS;
  it.each([
    { rule: 'a new order is pending while it provisions', items: [first, second], now: T0, status: 'pending' },
    { rule: 'then completed', items: [first, second], now: T0 + PROVISIONING_MS, status: 'completed' },
    {
      rule: 'pending again while a cancellation is in progress',
      items: [firstCancelling],
      now: CANCEL_AT,
      status: 'pending',
    },
    { rule: 'cancelled once the cancellation completes', items: [firstCancelling], now: done, status: 'cancelled' },
    {
      rule: 'completed while other line items stand after one line item is cancelled',
      items: [firstCancelling, second],
      now: done,
      status: 'completed',
    },
    {
      rule: 'pending while one line item is being cancelled and the other stands',
      items: [firstCancelling, second],
      now: CANCEL_AT,
      status: 'pending',
    },
    {
      rule: 'cancelled once every line item is',
      items: [firstCancelling, secondCancelling],
      now: done,
      status: 'cancelled',
    },
  ])('an order is $status: $rule', ({ items, now, status }) => {
    expect(orderStatus(orderRecord(items), now)).toBe(status);
  });
});

const NOW = T0 + DAY_MS;

function request(...lines: [OfferName, number][]): CreateOrderRequest {
  return {
    lineItems: lines.map(([name, quantity], lineItemNumber) => ({
      lineItemNumber,
      offerId: OFFERS[name].offerId,
      quantity,
    })),
  };
}

/** `count` purchases of `name`, with distinct order ids. */
function held(name: OfferName, count: number, options: Parameters<typeof purchase>[1] = {}): Purchase[] {
  return Array.from({ length: count }, (_, i) => purchase(name, { id: `order-${name}-${i}`, ...options }));
}

function create(purchases: Purchase[], input: CreateOrderRequest, partnerKind: PartnerKind = 'sandbox') {
  return createOrder(aggregateOf(purchases), input, { partnerKind, now: NOW, provisioningDelayMs: PROVISIONING_MS });
}

describe('sandbox quotas on new orders (spec 6)', () => {
  it.each<{ rule: string; purchases: Purchase[]; input: CreateOrderRequest; refused?: object }>([
    { rule: '25 seats on a licence subscription are allowed', purchases: [], input: request(['licence', 25]) },
    {
      rule: 'more than 25 seats on a licence subscription: 800067',
      purchases: [],
      input: request(['licence', 26]),
      refused: { status: 403, code: 800067, data: [OFFERS.licence.offerId, 'At most 25 licences per subscription.'] },
    },
    {
      rule: 'more than 25 seats on a new-commerce subscription: 800067',
      purchases: [],
      input: request(['newCommerce', 26]),
      refused: { status: 403, code: 800067 },
    },
    {
      rule: 'an offer whose minimum exceeds 25 seats cannot be bought at all: 800067',
      purchases: [],
      input: request(['licenceWith30SeatMinimum', 30]),
      refused: { status: 403, code: 800067 },
    },
    {
      rule: 'fewer seats than a minimum above 25 is still the seat quota (800067), not bad input',
      purchases: [],
      input: request(['licenceWith30SeatMinimum', 1]),
      refused: { status: 403, code: 800067 },
    },
    {
      rule: 'Azure subscriptions are usage-based and have no seat limit',
      purchases: [],
      input: request(['azurePlan', 100]),
    },
    {
      rule: 'a fifth subscription is allowed',
      purchases: held('licence', 4),
      input: request(['newCommerce', 1]),
    },
    {
      rule: 'a sixth subscription per customer: 800066',
      purchases: held('licence', 5),
      input: request(['newCommerce', 1]),
      refused: { status: 403, code: 800066, data: ['At most 5 subscriptions per customer.'] },
    },
    {
      rule: 'an order of two subscriptions that would make six: 800066',
      purchases: held('licence', 4),
      input: request(['licence', 1], ['newCommerce', 1]),
      refused: { status: 403, code: 800066 },
    },
    {
      rule: 'pending subscriptions (still provisioning) hold their quota place',
      purchases: held('licence', 5, { createdAt: NOW }),
      input: request(['licence', 1]),
      refused: { status: 403, code: 800066 },
    },
    {
      rule: 'suspended subscriptions give their quota place back',
      purchases: [...held('licence', 4), purchase('licence', { id: 'order-suspended', subscription: 'suspended' })],
      input: request(['licence', 1]),
    },
    {
      rule: 'deleted subscriptions give their quota place back',
      purchases: [...held('licence', 4), purchase('newCommerce', { subscription: 'deleted' })],
      input: request(['licence', 1]),
    },
    {
      rule: 'reserved instances and software make no subscription, so a full customer may still buy them',
      purchases: held('licence', 5),
      input: request(['reservedInstance', 1], ['perpetualSoftware', 1]),
    },
    { rule: 'two reserved VM instances are allowed', purchases: [], input: request(['reservedInstance', 2]) },
    {
      rule: 'a third reserved VM instance per customer: 800066 naming reserved instances',
      purchases: [purchase('reservedInstance', { quantity: 2 })],
      input: request(['reservedInstance', 1]),
      refused: { status: 403, code: 800066, data: ['At most 2 Azure reserved VM instances.'] },
    },
    {
      rule: 'reserved instances count by quantity across line items',
      purchases: [],
      input: request(['reservedInstance', 1], ['reservedInstance', 2]),
      refused: { status: 403, code: 800066 },
    },
    {
      rule: 'a reserved instance being cancelled still holds its place',
      purchases: [purchase('reservedInstance', { quantity: 2, cancelRequestedAt: NOW - 1 })],
      input: request(['reservedInstance', 1]),
      refused: { status: 403, code: 800066 },
    },
    {
      rule: 'a cancelled reserved instance gives its place back',
      purchases: [purchase('reservedInstance', { quantity: 2, cancelRequestedAt: NOW - CANCELLATION_MS })],
      input: request(['reservedInstance', 2]),
    },
  ])('$rule', ({ purchases, input, refused }) => {
    expectOutcome(() => create(purchases, input), refused);
  });

  it.each<{ rule: string; input: CreateOrderRequest; refused?: object }>([
    { rule: 'seat limits do not apply to production partners', input: request(['licence', 1000]) },
    { rule: 'the subscription quota does not apply to production partners', input: request(['licence', 1]) },
    {
      rule: 'the reserved-instance quota does not apply to production partners',
      input: request(['reservedInstance', 5]),
    },
    { rule: 'an offer minimum above 25 can be bought in production', input: request(['licenceWith30SeatMinimum', 30]) },
    {
      rule: 'fewer seats than the offer minimum: 3000 in production too',
      input: request(['licenceWith30SeatMinimum', 29]),
      refused: { status: 400, code: 3000 },
    },
  ])('production: $rule', ({ input, refused }) => {
    expectOutcome(() => create(held('licence', 5), input, 'production'), refused);
  });
});

describe('building a new order', () => {
  it.each<{ rule: string; input: CreateOrderRequest; refused: object }>([
    {
      rule: 'an unknown offer: 600039',
      input: { lineItems: [{ lineItemNumber: 0, offerId: 'NOPE:0001:NOPE', quantity: 1 }] },
      refused: { status: 400, code: 600039, data: ['NOPE:0001:NOPE'] },
    },
    {
      rule: 'line item numbers repeated: 3000',
      input: {
        lineItems: [
          { lineItemNumber: 1, offerId: OFFERS.licence.offerId, quantity: 1 },
          { lineItemNumber: 1, offerId: OFFERS.licence.offerId, quantity: 1 },
        ],
      },
      refused: { status: 400, code: 3000, data: ['lineItems[1].lineItemNumber', 'Line item numbers must be unique.'] },
    },
    {
      rule: 'a referenceCustomerId other than the customer in the path: 3000',
      input: { ...request(['licence', 1]), referenceCustomerId: '00000000-0000-0000-0000-000000000000' },
      refused: {
        status: 400,
        code: 3000,
        data: ['referenceCustomerId', 'It does not match the customer in the path.'],
      },
    },
  ])('refuses $rule', ({ input, refused }) => {
    expect(refusal(() => create([], input))).toMatchObject(refused);
  });

  it('accepts the customer id as referenceCustomerId in any case', () => {
    const input = { ...request(['licence', 1]), referenceCustomerId: CUSTOMER_ID.toUpperCase() };
    expect(refusal(() => create([], input))).toBeUndefined();
  });

  it('is pending until the provisioning delay, with one subscription per licence, new-commerce or Azure line', () => {
    const { order, subscriptions } = create(
      [],
      request(['licence', 3], ['reservedInstance', 1], ['newCommerce', 2], ['azurePlan', 1], ['perpetualSoftware', 1]),
    );
    expect(order).toMatchObject({ customerId: CUSTOMER_ID, createdAt: NOW, provisionedAt: NOW + PROVISIONING_MS });
    expect(order.id).toMatch(/^[A-Za-z0-9_-]{32}1$/);
    expect(order.alternateId).toMatch(/^[0-9a-f]{12}$/);
    expect(orderStatus(order, NOW)).toBe('pending');
    expect(orderStatus(order, NOW + PROVISIONING_MS)).toBe('completed');
    expect(subscriptions.map((s) => [s.lineItemNumber, s.quantity, s.billingType])).toEqual([
      [0, 3, 'license'],
      [2, 2, 'license'],
      [3, 1, 'usage'],
    ]);
    expect(order.lineItems.map((li) => li.subscriptionId)).toEqual([
      subscriptions[0]?.id,
      undefined,
      subscriptions[1]?.id,
      subscriptions[2]?.id,
      undefined,
    ]);
    expect(order.lineItems.map((li) => li.resourceId !== undefined)).toEqual([false, true, false, false, true]);
  });

  it('gives usage-based Azure subscriptions no commitment end (the docs show 9999-12-10)', () => {
    const { subscriptions } = create([], request(['azurePlan', 1], ['newCommerce', 1]));
    expect(subscriptions.map((s) => s.commitmentEndAt)).toEqual([Date.UTC(9999, 11, 10), NOW + 30 * DAY_MS]);
  });
});

function cancel(
  purchases: Purchase[],
  orderId: string,
  options: { partnerKind?: PartnerKind; now?: number; input?: Partial<PatchOrderRequest> } = {},
) {
  const input: PatchOrderRequest = { status: 'cancelled', ...options.input };
  return cancelOrder(aggregateOf(purchases), orderId, input, {
    partnerKind: options.partnerKind ?? 'sandbox',
    now: options.now ?? NOW,
    cancellationDelayMs: CANCELLATION_MS,
  });
}

describe('cancelling an order with PATCH status cancelled (spec 6)', () => {
  it.each<{ rule: string; name: OfferName; partnerKind: PartnerKind; now?: number; refused?: object }>([
    { rule: 'sandbox: a reserved-instance order can be cancelled', name: 'reservedInstance', partnerKind: 'sandbox' },
    { rule: 'sandbox: a perpetual-software order can be cancelled', name: 'perpetualSoftware', partnerKind: 'sandbox' },
    {
      rule: 'sandbox: a software-subscription order can be cancelled',
      name: 'softwareSubscription',
      partnerKind: 'sandbox',
    },
    {
      rule: 'sandbox: a new-commerce order is cancelled through PATCH subscription: 800063',
      name: 'newCommerce',
      partnerKind: 'sandbox',
      refused: { status: 400, code: 800063, data: ['order-newCommerce'] },
    },
    {
      rule: 'sandbox: an Azure plan order is cancelled through PATCH subscription: 800063',
      name: 'azurePlan',
      partnerKind: 'sandbox',
      refused: { status: 400, code: 800063 },
    },
    {
      rule: 'sandbox: a licence order is suspended through PATCH subscription: 800063',
      name: 'licence',
      partnerKind: 'sandbox',
      refused: { status: 400, code: 800063 },
    },
    {
      rule: 'production: a reserved-instance order cannot be cancelled: 800019',
      name: 'reservedInstance',
      partnerKind: 'production',
      refused: { status: 403, code: 800019, data: ['order-reservedInstance'] },
    },
    {
      rule: 'production: perpetual software can be cancelled',
      name: 'perpetualSoftware',
      partnerKind: 'production',
    },
    {
      rule: 'production: a software subscription can be cancelled',
      name: 'softwareSubscription',
      partnerKind: 'production',
    },
    {
      rule: 'production: a new-commerce order cannot be cancelled: 800019',
      name: 'newCommerce',
      partnerKind: 'production',
      refused: { status: 403, code: 800019 },
    },
    {
      rule: 'sandbox: on the 60th day after the purchase it still can',
      name: 'reservedInstance',
      partnerKind: 'sandbox',
      now: T0 + 60 * DAY_MS,
    },
    {
      rule: 'sandbox: past the 60-day window: 900117',
      name: 'reservedInstance',
      partnerKind: 'sandbox',
      now: T0 + 60 * DAY_MS + 1,
      refused: { status: 400, code: 900117, data: ['order-reservedInstance'] },
    },
    {
      rule: 'production: past the 60-day window: 900117 too',
      name: 'perpetualSoftware',
      partnerKind: 'production',
      now: T0 + 61 * DAY_MS,
      refused: { status: 400, code: 900117 },
    },
  ])('$rule', ({ name, partnerKind, now, refused }) => {
    const purchases = [purchase(name)];
    expectOutcome(() => cancel(purchases, `order-${name}`, { partnerKind, now: now ?? NOW }), refused);
  });

  it('names the window in the 900117 description', () => {
    const outcome = refusal(() =>
      cancel([purchase('reservedInstance')], 'order-reservedInstance', { now: T0 + 90 * DAY_MS }),
    );
    expect(outcome?.description).toBe(
      'You have passed your 60-day cancellation window. We are unable to cancel your purchase',
    );
  });

  it('starts the cancellation now; the order reads pending until the cancellation delay passes, then cancelled', () => {
    const cancelled = cancel([purchase('reservedInstance')], 'order-reservedInstance');
    expect(cancelled?.version).toBe(2);
    expect(cancelled?.lineItems[0]).toMatchObject({ cancelRequestedAt: NOW, cancelCompletesAt: NOW + CANCELLATION_MS });
    if (!cancelled) throw new Error('expected a cancelled order');
    expect(orderStatus(cancelled, NOW + CANCELLATION_MS - 1)).toBe('pending');
    expect(orderStatus(cancelled, NOW + CANCELLATION_MS)).toBe('cancelled');
  });

  it.each([
    { rule: 'asking again while the cancellation is in progress changes nothing', now: NOW + 1 },
    { rule: 'asking again once it is done changes nothing', now: NOW + CANCELLATION_MS },
    { rule: 'asking again past the 60-day window changes nothing (no 900117)', now: T0 + 90 * DAY_MS },
  ])('$rule', ({ now }) => {
    const purchases = [purchase('reservedInstance', { cancelRequestedAt: NOW })];
    expect(cancel(purchases, 'order-reservedInstance', { now })).toBeUndefined();
  });

  describe('line-item cancellation (the cancel-software-purchases example)', () => {
    const order = orderRecord(
      [
        lineItem(OFFERS.perpetualSoftware, { lineItemNumber: 0 }),
        lineItem(OFFERS.softwareSubscription, { lineItemNumber: 1 }),
      ],
      { id: 'order-software' },
    );
    const purchases = [{ order, subscriptions: [] }];

    it('cancels only the line items named; the others stand, so the order reads completed once it is done', () => {
      const cancelled = cancel(purchases, 'order-software', { input: { lineItems: [{ lineItemNumber: 1 }] } });
      if (!cancelled) throw new Error('expected a cancelled order');
      expect(cancelled.lineItems.map((li) => li.cancelRequestedAt)).toEqual([undefined, NOW]);
      expect(orderStatus(cancelled, NOW + CANCELLATION_MS)).toBe('completed');
      const rest = cancel([{ order: cancelled, subscriptions: [] }], 'order-software', {
        now: NOW + CANCELLATION_MS,
        input: { lineItems: [{ lineItemNumber: 0 }] },
      });
      if (!rest) throw new Error('expected the rest cancelled');
      expect(orderStatus(rest, NOW + 2 * CANCELLATION_MS)).toBe('cancelled');
    });

    it.each<{ rule: string; input: Partial<PatchOrderRequest>; orderId?: string; refused: object }>([
      {
        rule: 'a line item the order does not have: 3000',
        input: { lineItems: [{ lineItemNumber: 7 }] },
        refused: { status: 400, code: 3000, data: ['lineItems[0].lineItemNumber', 'No such line item.'] },
      },
      {
        rule: 'an id in the body other than the order in the path: 3000',
        input: { id: 'order-other' },
        refused: { status: 400, code: 3000, data: ['id', 'It does not match the order in the path.'] },
      },
      {
        rule: 'a status other than cancelled: 3000',
        input: { status: 'completed' },
        refused: { status: 400, code: 3000, data: ['status', 'Only "cancelled" can be set on an order.'] },
      },
      { rule: 'an unknown order: 20000', orderId: 'order-unknown', input: {}, refused: { status: 404, code: 20000 } },
    ])('refuses $rule', ({ input, orderId, refused }) => {
      expect(refusal(() => cancel(purchases, orderId ?? 'order-software', { input }))).toMatchObject(refused);
    });
  });
});
