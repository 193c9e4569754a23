/** @module Emptying and deleting an integration-sandbox customer, the way Microsoft's recipe meant to. */
import { randomUUID } from 'node:crypto';
import type { PartnerCenterClient } from '../partner-center-client.js';
import { isPartnerCenterError } from '../partner-center-error.js';
import { PartnerCenterErrorCode } from '@partnerbox/contract';
import { statusIs } from '../internal/status.js';
import { throwIfAborted } from '../internal/abort.js';
import { collectOrderIds } from './collect-order-ids.js';
import { OffboardingDeadlineError } from './offboarding-deadline-error.js';
import { isCustomerGone, isOrderGone } from './workflow-errors.js';
import { systemClock, type WorkflowClock } from './workflow-clock.js';

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
  | { type: 'deleted'; customerId: string; alreadyDeleted: boolean };

export interface OffboardSandboxCustomerOptions {
  abortSignal?: AbortSignal | undefined;
  /** Only read and report the plan: no cancellation, no deletion. */
  dryRun?: boolean | undefined;
  /** Give up waiting for cancellations at this time. Wins over `deadlineInMs`. */
  deadline?: Date | undefined;
  /** Give up waiting for cancellations this long after the start (default 10 minutes). */
  deadlineInMs?: number | undefined;
  /** First wait between polls of pending cancellations (default 2 s); doubles each round. */
  pollIntervalInMs?: number | undefined;
  /** Longest wait between polls (default 30 s). */
  maxPollIntervalInMs?: number | undefined;
  onProgress?: ((event: OffboardProgressEvent) => void) | undefined;
  /** `MS-CorrelationId` for every call of this run (default: the client's, or a new GUID). */
  correlationId?: string | undefined;
  /** Time source and waits; tests pass a simulated clock. */
  clock?: WorkflowClock | undefined;
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
  /** True when this run deleted the customer. */
  deleted: boolean;
  /** True when the customer was already gone (an earlier run finished the job). */
  alreadyDeleted: boolean;
  correlationId: string;
  elapsedInMs: number;
}

type OrderState = 'cancelled' | 'gone' | 'open';

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
 * delete retried. On deadline it throws {@link OffboardingDeadlineError} naming the orders
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
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  const deadlineAt =
    options.deadline?.getTime() ?? started + (options.deadlineInMs ?? DEFAULT_OFFBOARDING_DEADLINE_IN_MS);
  const correlationId = options.correlationId ?? client.correlationId ?? randomUUID();
  const scoped = client.correlationId === correlationId ? client : client.withCorrelationId(correlationId);
  const call = options.abortSignal ? { abortSignal: options.abortSignal } : {};
  const emit = (event: OffboardProgressEvent): void => options.onProgress?.(event);
  const cancelledOrderIds: string[] = [];

  const finish = (
    plan: OffboardingPlan,
    outcome: { dryRun: boolean; deleted: boolean; alreadyDeleted: boolean },
  ): OffboardSandboxCustomerResult => ({
    customerId,
    plan,
    cancelledOrderIds,
    correlationId,
    elapsedInMs: clock.now() - started,
    ...outcome,
  });

  const readOrderState = async (orderId: string): Promise<OrderState> => {
    try {
      const order = await scoped.orders.get(customerId, orderId, call);
      return statusIs(order.status, 'cancelled') ? 'cancelled' : 'open';
    } catch (error) {
      if (isOrderGone(error)) return 'gone';
      throw error;
    }
  };

  const markCancelled = (orderId: string): void => {
    if (!cancelledOrderIds.includes(orderId)) cancelledOrderIds.push(orderId);
    emit({ type: 'order-cancelled', customerId, orderId });
  };

  /** PATCHes each order once, then polls until all are cancelled or the deadline passes. */
  const cancelAndWait = async (orderIds: string[]): Promise<void> => {
    const pending = new Set<string>();
    for (const orderId of orderIds) {
      throwIfAborted(options.abortSignal);
      emit({ type: 'order-cancel-requested', customerId, orderId });
      try {
        const order = await scoped.orders.cancel(customerId, orderId, call);
        if (statusIs(order.status, 'cancelled')) markCancelled(orderId);
        else pending.add(orderId);
      } catch (error) {
        // A PATCH that failed may still have landed (a lost response, or a concurrent run):
        // look before giving up.
        if (!isPartnerCenterError(error)) throw error;
        const state = await readOrderState(orderId);
        if (state === 'open') throw error;
        markCancelled(orderId);
      }
    }

    let intervalInMs = options.pollIntervalInMs ?? DEFAULT_POLL_INTERVAL_IN_MS;
    const maxIntervalInMs = Math.max(intervalInMs, options.maxPollIntervalInMs ?? DEFAULT_MAX_POLL_INTERVAL_IN_MS);
    for (let attempt = 1; pending.size > 0; attempt++) {
      const remainingInMs = deadlineAt - clock.now();
      if (remainingInMs <= 0) {
        throw new OffboardingDeadlineError(customerId, [...pending], [...cancelledOrderIds], new Date(deadlineAt));
      }
      // The last wait is shortened so that one final poll happens right at the deadline.
      await clock.sleep(Math.min(intervalInMs, remainingInMs), options.abortSignal);
      for (const orderId of [...pending]) {
        if ((await readOrderState(orderId)) !== 'open') {
          pending.delete(orderId);
          markCancelled(orderId);
        }
      }
      emit({ type: 'poll', customerId, attempt, pending: [...pending] });
      intervalInMs = Math.min(intervalInMs * 2, maxIntervalInMs);
    }
  };

  // 1. What blocks the deletion: the orders behind the entitlements.
  let orderIds: string[];
  try {
    orderIds = collectOrderIds((await scoped.entitlements.list(customerId, call)).items);
  } catch (error) {
    if (!isCustomerGone(error)) throw error;
    const plan = emptyPlan(customerId);
    if (!options.dryRun) emit({ type: 'deleted', customerId, alreadyDeleted: true });
    return finish(plan, { dryRun: options.dryRun ?? false, deleted: false, alreadyDeleted: true });
  }

  const ordersToCancel: string[] = [];
  const alreadyCancelledOrderIds: string[] = [];
  for (const orderId of orderIds) {
    const state = await readOrderState(orderId);
    if (state === 'open') ordersToCancel.push(orderId);
    else alreadyCancelledOrderIds.push(orderId);
  }
  const plan: OffboardingPlan = {
    customerId,
    orderIds,
    ordersToCancel,
    alreadyCancelledOrderIds,
    deleteCustomer: true,
  };
  emit({ type: 'orders-found', customerId, orderIds, ordersToCancel, alreadyCancelledOrderIds });
  if (options.dryRun) return finish(plan, { dryRun: true, deleted: false, alreadyDeleted: false });

  // 2. Cancel and wait.
  await cancelAndWait(ordersToCancel);

  // 3. Delete; if the service names orders we did not see, cancel those too and try again.
  for (let attempt = 1; ; attempt++) {
    try {
      await scoped.customers.deleteFromSandbox(customerId, call);
      emit({ type: 'deleted', customerId, alreadyDeleted: false });
      return finish(plan, { dryRun: false, deleted: true, alreadyDeleted: false });
    } catch (error) {
      if (isCustomerGone(error)) {
        emit({ type: 'deleted', customerId, alreadyDeleted: true });
        return finish(plan, { dryRun: false, deleted: false, alreadyDeleted: true });
      }
      const blocking = blockingOrdersOf(error);
      if (blocking.length === 0 || attempt >= MAX_DELETE_ATTEMPTS) throw error;
      emit({ type: 'delete-blocked', customerId, orderIds: blocking });
      const stillOpen: string[] = [];
      for (const orderId of blocking) {
        if ((await readOrderState(orderId)) === 'open') stillOpen.push(orderId);
      }
      for (const orderId of stillOpen) if (!plan.ordersToCancel.includes(orderId)) plan.ordersToCancel.push(orderId);
      if (stillOpen.length > 0) {
        await cancelAndWait(stillOpen);
      } else {
        // The orders read cancelled but DELETE has not caught up yet: give it one poll interval.
        const remainingInMs = deadlineAt - clock.now();
        if (remainingInMs <= 0) throw error;
        await clock.sleep(
          Math.min(options.pollIntervalInMs ?? DEFAULT_POLL_INTERVAL_IN_MS, remainingInMs),
          options.abortSignal,
        );
      }
    }
  }
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
