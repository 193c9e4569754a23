/** @module Emptying and deleting an integration-sandbox customer, the way Microsoft's recipe meant to. */
import { randomUUID } from 'node:crypto';
import type { PartnerCenterClient } from '../partner-center-client.js';
import { isPartnerCenterError } from '../partner-center-error.js';
import { PartnerCenterErrorCode, type Order } from '@partnerbox/contract/types';
import { statusIs } from '../internal/status.js';
import { throwIfAborted } from '../internal/abort.js';
import { collectOrderIds } from './collect-order-ids.js';
import { OffboardingDeadlineError } from './offboarding-deadline-error.js';
import { isCustomerGone, isOrderGone } from './workflow-errors.js';
import { systemClock, type WorkflowClock } from './workflow-clock.js';
import { CancellationPoller, PollDeadlineReached } from './cancellation-poller.js';
import { createLimiter, type Limiter, type Priority } from '../internal/limiter.js';

export const DEFAULT_OFFBOARDING_DEADLINE_IN_MS = 10 * 60_000;
export const DEFAULT_POLL_INTERVAL_IN_MS = 2_000;
export const DEFAULT_MAX_POLL_INTERVAL_IN_MS = 30_000;
/** DELETE answers 3000 naming orders the entitlements did not show (e.g. still provisioning): retry this often. */
const MAX_DELETE_ATTEMPTS = 3;

/** Progress of one offboarding, in the order it happens. */
export type OffboardProgressEvent =
  | {
      type: 'orders-found';
      customerId: string;
      /** Distinct orders behind the entitlements. */
      orderIds: string[];
      /** Those not yet cancelled, to be cancelled. */
      ordersToCancel: string[];
      alreadyCancelledOrderIds: string[];
    }
  | { type: 'order-cancel-requested'; customerId: string; orderId: string }
  | { type: 'order-cancelled'; customerId: string; orderId: string }
  | { type: 'poll'; customerId: string; attempt: number; pending: string[] }
  | { type: 'delete-blocked'; customerId: string; orderIds: string[] }
  /** DELETE named an Azure plan's order: its subscription was suspended, the documented way to clear it. */
  | { type: 'azure-plan-suspended'; customerId: string; orderId: string; subscriptionId: string }
  | { type: 'deleted'; customerId: string; alreadyDeleted: boolean };

export interface OffboardSandboxCustomerOptions {
  abortSignal?: AbortSignal | undefined;
  /** Only read and report the plan: no cancellation, no deletion. */
  dryRun?: boolean | undefined;
  /** Give up waiting for cancellations at this time. Wins over `deadlineInMs`. */
  deadline?: Date | undefined;
  /** Give up waiting for cancellations this long after the start (default 10 minutes). */
  deadlineInMs?: number | undefined;
  /**
   * First and shortest wait between polls of pending cancellations (default 2 s); each later
   * wait is a quarter of the time the cancellations have taken so far (poll-schedule.ts).
   */
  pollIntervalInMs?: number | undefined;
  /** Longest wait between polls (default 30 s). */
  maxPollIntervalInMs?: number | undefined;
  onProgress?: ((event: OffboardProgressEvent) => void) | undefined;
  /** `MS-CorrelationId` for every call of this run (default: the client's, or a new GUID). */
  correlationId?: string | undefined;
  /** Time source and waits; tests pass a simulated clock. */
  clock?: WorkflowClock | undefined;
  /**
   * Shared by the customers of one bulk run ({@link createOffboardingScheduler}): their calls
   * share its request slots and their pending orders its poller. One of its own otherwise.
   */
  scheduler?: OffboardingScheduler | undefined;
}

/** What the offboardings of one run share: request slots and one poller of pending cancellations. */
export interface OffboardingScheduler {
  /** Runs one Partner Center call when a slot is free. */
  limit: Limiter;
  poller: CancellationPoller;
}

export interface OffboardingSchedulerOptions {
  /** Calls in flight at once across the run (default 8); 429s are waited out by the client's retry policy. */
  concurrency?: number | undefined;
  pollIntervalInMs?: number | undefined;
  maxPollIntervalInMs?: number | undefined;
  clock?: WorkflowClock | undefined;
}

export const DEFAULT_OFFBOARDING_CONCURRENCY = 8;

/**
 * Request slots and a poller for the offboardings of one run, so that a bulk run requests every
 * cancellation first and then waits for all of them together.
 *
 * @example
 * ```ts
 * const scheduler = createOffboardingScheduler({ concurrency: 8 });
 * await Promise.all(ids.map((id) => offboardSandboxCustomer(client, id, { scheduler })));
 * ```
 */
export function createOffboardingScheduler(options: OffboardingSchedulerOptions = {}): OffboardingScheduler {
  const pollIntervalInMs = options.pollIntervalInMs ?? DEFAULT_POLL_INTERVAL_IN_MS;
  return {
    limit: createLimiter(options.concurrency ?? DEFAULT_OFFBOARDING_CONCURRENCY),
    poller: new CancellationPoller({
      clock: options.clock ?? systemClock,
      pollIntervalInMs,
      maxPollIntervalInMs: Math.max(pollIntervalInMs, options.maxPollIntervalInMs ?? DEFAULT_MAX_POLL_INTERVAL_IN_MS),
    }),
  };
}

/** What an offboarding will do (dry run) or did. */
export interface OffboardingPlan {
  customerId: string;
  /** Distinct orders behind the customer's entitlements. */
  orderIds: string[];
  /** Orders that are not cancelled yet and get `PATCH status: cancelled`. */
  ordersToCancel: string[];
  /** Orders already cancelled (by an earlier, interrupted run, say): skipped. */
  alreadyCancelledOrderIds: string[];
  /** Whether `DELETE /v1/customers/{id}` follows (false when the customer is already gone). */
  deleteCustomer: boolean;
}

export interface OffboardSandboxCustomerResult {
  customerId: string;
  dryRun: boolean;
  plan: OffboardingPlan;
  /** Orders this run saw reach `cancelled`. */
  cancelledOrderIds: string[];
  /** Azure plan subscriptions this run suspended because DELETE named their orders. */
  suspendedAzurePlanSubscriptionIds: string[];
  /** True when this run deleted the customer. */
  deleted: boolean;
  /** True when the customer was already gone (an earlier run finished the job). */
  alreadyDeleted: boolean;
  correlationId: string;
  elapsedInMs: number;
}

type OrderState = 'cancelled' | 'gone' | 'open';

/** What every step of one offboarding shares. */
interface OffboardingRun {
  /** The client, scoped to the run's correlation id. */
  client: PartnerCenterClient;
  customerId: string;
  options: OffboardSandboxCustomerOptions;
  clock: WorkflowClock;
  startedAt: number;
  deadlineAt: number;
  correlationId: string;
  call: { abortSignal?: AbortSignal };
  /** Every Partner Center call of the run goes through here. */
  limit: Limiter;
  poller: CancellationPoller;
  /** Orders this run saw reach `cancelled`, in that order. */
  cancelledOrderIds: string[];
  suspendedAzurePlanSubscriptionIds: string[];
  emit(event: OffboardProgressEvent): void;
}

type Outcome = Pick<OffboardSandboxCustomerResult, 'dryRun' | 'deleted' | 'alreadyDeleted'>;

/**
 * Deletes a customer from an integration sandbox account, cancelling what blocks it first:
 * lists the entitlements (bundled ones included), reads each distinct order, PATCHes every
 * order not yet cancelled exactly once, polls the pending ones with bounded exponential
 * back-off until all read `cancelled` (case-insensitively) or the deadline passes, then
 * deletes the customer.
 *
 * Safe to run again after an interruption: cancelled orders are skipped, and a customer that
 * is already gone (code 20002) counts as done (`alreadyDeleted: true`). If DELETE still names
 * blocking orders (orders the entitlements did not show yet), those are cancelled and the
 * delete retried. If it names an Azure plan's order (the integration sandbox refuses to delete
 * a customer holding an active Azure plan: Partner-Center-PowerShell issue 215), the plan's
 * subscription is suspended instead, the workaround given there, and the delete retried. On deadline it throws {@link OffboardingDeadlineError} naming the orders
 * still pending, and deletes nothing.
 *
 * @example
 * ```ts
 * const result = await offboardSandboxCustomer(client, customerId, {
 *   deadlineInMs: 5 * 60_000,
 *   onProgress: (event) => console.log(event.type),
 * });
 * console.log(result.deleted, result.cancelledOrderIds);
 * ```
 */
export async function offboardSandboxCustomer(
  client: PartnerCenterClient,
  customerId: string,
  options: OffboardSandboxCustomerOptions = {},
): Promise<OffboardSandboxCustomerResult> {
  const run = startRun(client, customerId, options);
  const plan = await planOffboarding(run);
  if (plan === 'gone') {
    if (!options.dryRun) run.emit({ type: 'deleted', customerId, alreadyDeleted: true });
    return finish(run, emptyPlan(customerId), {
      dryRun: options.dryRun ?? false,
      deleted: false,
      alreadyDeleted: true,
    });
  }
  if (options.dryRun) return finish(run, plan, { dryRun: true, deleted: false, alreadyDeleted: false });
  await cancelAndWait(run, plan.ordersToCancel);
  return finish(run, plan, await deleteCustomer(run, plan));
}

function startRun(
  client: PartnerCenterClient,
  customerId: string,
  options: OffboardSandboxCustomerOptions,
): OffboardingRun {
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now();
  const correlationId = options.correlationId ?? client.correlationId ?? randomUUID();
  return {
    client: client.correlationId === correlationId ? client : client.withCorrelationId(correlationId),
    customerId,
    options,
    clock,
    startedAt,
    deadlineAt: options.deadline?.getTime() ?? startedAt + (options.deadlineInMs ?? DEFAULT_OFFBOARDING_DEADLINE_IN_MS),
    correlationId,
    call: options.abortSignal ? { abortSignal: options.abortSignal } : {},
    ...(options.scheduler ??
      createOffboardingScheduler({
        concurrency: 1,
        clock,
        pollIntervalInMs: options.pollIntervalInMs,
        maxPollIntervalInMs: options.maxPollIntervalInMs,
      })),
    cancelledOrderIds: [],
    suspendedAzurePlanSubscriptionIds: [],
    emit: (event) => options.onProgress?.(event),
  };
}

function finish(run: OffboardingRun, plan: OffboardingPlan, outcome: Outcome): OffboardSandboxCustomerResult {
  return {
    customerId: run.customerId,
    plan,
    cancelledOrderIds: run.cancelledOrderIds,
    suspendedAzurePlanSubscriptionIds: run.suspendedAzurePlanSubscriptionIds,
    correlationId: run.correlationId,
    elapsedInMs: run.clock.now() - run.startedAt,
    ...outcome,
  };
}

/** Step 1, what blocks the deletion: the orders behind the entitlements, and which are open. */
async function planOffboarding(run: OffboardingRun): Promise<OffboardingPlan | 'gone'> {
  const { customerId } = run;
  let orderIds: string[];
  try {
    orderIds = collectOrderIds((await run.limit(() => run.client.entitlements.list(customerId, run.call))).items);
  } catch (error) {
    if (isCustomerGone(error)) return 'gone';
    throw error;
  }
  const ordersToCancel: string[] = [];
  const alreadyCancelledOrderIds: string[] = [];
  const states = await readOrderStates(run, orderIds);
  orderIds.forEach((orderId, i) => {
    if (states[i] === 'open') ordersToCancel.push(orderId);
    else alreadyCancelledOrderIds.push(orderId);
  });
  run.emit({ type: 'orders-found', customerId, orderIds, ordersToCancel, alreadyCancelledOrderIds });
  return { customerId, orderIds, ordersToCancel, alreadyCancelledOrderIds, deleteCustomer: true };
}

/**
 * A poll's reads are `low` priority: they wait behind the run's plans, cancellations and
 * deletions for a slot, which move the run on where a poll only looks (a cancellation queued
 * behind polls starts its delay later, and a deletion queued behind them ends a customer later).
 */
async function readOrder(run: OffboardingRun, orderId: string, priority?: Priority): Promise<Order | 'gone'> {
  try {
    return await run.limit(() => run.client.orders.get(run.customerId, orderId, run.call), { priority });
  } catch (error) {
    if (isOrderGone(error)) return 'gone';
    throw error;
  }
}

function orderState(order: Order | 'gone'): OrderState {
  if (order === 'gone') return 'gone';
  return statusIs(order.status, 'cancelled') ? 'cancelled' : 'open';
}

async function readOrderState(run: OffboardingRun, orderId: string, priority?: Priority): Promise<OrderState> {
  return orderState(await readOrder(run, orderId, priority));
}

/**
 * The states of several orders of the customer: one list of its orders rather than a read of
 * each (half the calls for a reserved instance and a software order, which a bulk run's server
 * and throttling feel), and a read of each order the list does not show (a list may lag behind
 * a new order; a read tells `gone` from not yet listed). One order is read alone.
 */
async function readOrderStates(run: OffboardingRun, orderIds: string[], priority?: Priority): Promise<OrderState[]> {
  if (orderIds.length < 2) return Promise.all(orderIds.map((orderId) => readOrderState(run, orderId, priority)));
  const listed = await run.limit(() => run.client.orders.list(run.customerId, run.call), { priority });
  const byId = new Map(listed.items.map((order) => [order.id.toLowerCase(), order]));
  return Promise.all(
    orderIds.map(async (orderId) => {
      const order = byId.get(orderId.toLowerCase());
      return order ? orderState(order) : readOrderState(run, orderId, priority);
    }),
  );
}

function markCancelled(run: OffboardingRun, orderId: string): void {
  if (!run.cancelledOrderIds.includes(orderId)) run.cancelledOrderIds.push(orderId);
  run.emit({ type: 'order-cancelled', customerId: run.customerId, orderId });
}

/** Step 2: PATCHes each order once, then polls until all are cancelled or the deadline passes. */
async function cancelAndWait(run: OffboardingRun, orderIds: string[]): Promise<void> {
  await waitForCancellations(run, await requestCancellations(run, orderIds));
}

/** The orders whose cancellation is still pending. All PATCHes are queued at once. */
async function requestCancellations(run: OffboardingRun, orderIds: string[]): Promise<Set<string>> {
  const { customerId } = run;
  const pending = new Set<string>();
  const requestOne = async (orderId: string): Promise<void> => {
    throwIfAborted(run.options.abortSignal);
    run.emit({ type: 'order-cancel-requested', customerId, orderId });
    try {
      const order = await run.limit(() => run.client.orders.cancel(customerId, orderId, run.call));
      if (statusIs(order.status, 'cancelled')) markCancelled(run, orderId);
      else pending.add(orderId);
    } catch (error) {
      // A PATCH that failed may still have landed (a lost response, or a concurrent run):
      // look before giving up.
      if (!isPartnerCenterError(error)) throw error;
      if ((await readOrderState(run, orderId)) === 'open') throw error;
      markCancelled(run, orderId);
    }
  };
  const outcomes = await Promise.allSettled(orderIds.map(requestOne));
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  return pending;
}

/** Waits on the run's poller (shared in a bulk run) until every pending order reads cancelled. */
async function waitForCancellations(run: OffboardingRun, pending: Set<string>): Promise<void> {
  try {
    await run.poller.wait({
      customerId: run.customerId,
      orderIds: pending,
      areCleared: async (orderIds) => (await readOrderStates(run, orderIds, 'low')).map((state) => state !== 'open'),
      deadlineAt: run.deadlineAt,
      abortSignal: run.options.abortSignal,
      onCleared: (orderId) => markCancelled(run, orderId),
      onPoll: (attempt, stillPending) =>
        run.emit({ type: 'poll', customerId: run.customerId, attempt, pending: stillPending }),
    });
  } catch (error) {
    if (!(error instanceof PollDeadlineReached)) throw error;
    throw new OffboardingDeadlineError(
      run.customerId,
      error.pendingOrderIds,
      [...run.cancelledOrderIds],
      new Date(run.deadlineAt),
    );
  }
}

/** Step 3: delete; if the service names orders the plan did not see, cancel those too and try again. */
async function deleteCustomer(run: OffboardingRun, plan: OffboardingPlan): Promise<Outcome> {
  const { customerId } = run;
  for (let attempt = 1; ; attempt++) {
    try {
      await run.limit(() => run.client.customers.deleteFromSandbox(customerId, run.call));
      run.emit({ type: 'deleted', customerId, alreadyDeleted: false });
      return { dryRun: false, deleted: true, alreadyDeleted: false };
    } catch (error) {
      if (isCustomerGone(error)) {
        run.emit({ type: 'deleted', customerId, alreadyDeleted: true });
        return { dryRun: false, deleted: false, alreadyDeleted: true };
      }
      const blocking = blockingOrdersOf(error);
      if (blocking.length === 0 || attempt >= MAX_DELETE_ATTEMPTS) throw error;
      run.emit({ type: 'delete-blocked', customerId, orderIds: blocking });
      await clearBlockingOrders(run, plan, blocking, error);
    }
  }
}

/** Cancels the orders a refused DELETE named, or gives DELETE time to catch up with ones already cancelled. */
async function clearBlockingOrders(
  run: OffboardingRun,
  plan: OffboardingPlan,
  blocking: string[],
  refusal: unknown,
): Promise<void> {
  const stillOpen: string[] = [];
  let suspended = false;
  for (const orderId of blocking) {
    const order = await readOrder(run, orderId);
    if (orderState(order) !== 'open' || order === 'gone') continue;
    // An Azure plan's order cannot be cancelled (800063): the plan is suspended instead.
    const planSubscriptionIds = azurePlanSubscriptionIds(order);
    if (planSubscriptionIds.length === 0) stillOpen.push(orderId);
    for (const subscriptionId of planSubscriptionIds)
      suspended = (await suspendAzurePlan(run, orderId, subscriptionId)) || suspended;
  }
  for (const orderId of stillOpen) if (!plan.ordersToCancel.includes(orderId)) plan.ordersToCancel.push(orderId);
  if (stillOpen.length > 0) return cancelAndWait(run, stillOpen);
  if (suspended) return;
  // The orders read cancelled but DELETE has not caught up yet: give it one poll interval.
  const remainingInMs = run.deadlineAt - run.clock.now();
  if (remainingInMs <= 0) throw refusal;
  await run.clock.sleep(
    Math.min(run.options.pollIntervalInMs ?? DEFAULT_POLL_INTERVAL_IN_MS, remainingInMs),
    run.options.abortSignal,
  );
}

/** The Azure plan's product id in Partner Center's catalog (offer `DZH318Z0BPS6:0001:…`). */
const AZURE_PLAN_PRODUCT_ID = 'DZH318Z0BPS6';

function azurePlanSubscriptionIds(order: Order): string[] {
  return order.lineItems
    .filter((item) => item.offerId.toUpperCase().startsWith(`${AZURE_PLAN_PRODUCT_ID}:`))
    .flatMap((item) => (item.subscriptionId ? [item.subscriptionId] : []));
}

/** Suspends one Azure plan subscription unless it is suspended or cancelled already; true when it changed. */
async function suspendAzurePlan(run: OffboardingRun, orderId: string, subscriptionId: string): Promise<boolean> {
  throwIfAborted(run.options.abortSignal);
  const subscription = await run.limit(() => run.client.subscriptions.get(run.customerId, subscriptionId, run.call));
  if (statusIs(subscription.status, 'suspended') || statusIs(subscription.status, 'deleted')) return false;
  await run.limit(() => run.client.subscriptions.suspend(run.customerId, subscription, run.call));
  if (!run.suspendedAzurePlanSubscriptionIds.includes(subscriptionId))
    run.suspendedAzurePlanSubscriptionIds.push(subscriptionId);
  run.emit({ type: 'azure-plan-suspended', customerId: run.customerId, orderId, subscriptionId });
  return true;
}

function emptyPlan(customerId: string): OffboardingPlan {
  return { customerId, orderIds: [], ordersToCancel: [], alreadyCancelledOrderIds: [], deleteCustomer: false };
}

/** DELETE's 400/3000 lists the blocking order ids in `data`. */
function blockingOrdersOf(error: unknown): string[] {
  if (!isPartnerCenterError(error) || error.statusCode !== 400) return [];
  if (error.code !== PartnerCenterErrorCode.InvalidProperty) return [];
  return error.data.filter((item) => /^[\w-]{6,64}$/.test(item));
}
