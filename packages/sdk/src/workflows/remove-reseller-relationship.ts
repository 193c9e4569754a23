/** @module Ending a reseller relationship after checking (and optionally clearing) what blocks it. */
import { randomUUID } from 'node:crypto';
import { entitlementTypeOf, type Customer, type Entitlement, type Subscription } from '@partnerbox/contract/types';
import type { PartnerCenterClient } from '../partner-center-client.js';
import { isPartnerCenterError } from '../partner-center-error.js';
import { statusIs } from '../internal/status.js';
import { throwIfAborted } from '../internal/abort.js';
import { collectOrderIds } from './collect-order-ids.js';
import { RelationshipRemovalBlockedError } from './relationship-removal-blocked-error.js';
import { isCustomerGone, isOrderGone, isRelationshipAlreadyRemoved } from './workflow-errors.js';

/** Progress of one relationship removal. */
export type RemoveRelationshipProgressEvent =
  | { type: 'plan'; customerId: string; plan: RelationshipRemovalPlan }
  | { type: 'subscription-suspended'; customerId: string; subscriptionId: string }
  | { type: 'relationship-removed'; customerId: string; alreadyRemoved: boolean };

export interface RemoveResellerRelationshipOptions {
  abortSignal?: AbortSignal | undefined;
  /** Only run the prechecks and return the plan. */
  dryRun?: boolean | undefined;
  /** Suspend active subscriptions first instead of refusing. */
  suspendActiveSubscriptions?: boolean | undefined;
  onProgress?: ((event: RemoveRelationshipProgressEvent) => void) | undefined;
  /** `MS-CorrelationId` for every call of this run (default: the client's, or a new GUID). */
  correlationId?: string | undefined;
}

/** The prechecks' findings and what the removal will do. */
export interface RelationshipRemovalPlan {
  customerId: string;
  /** The relationship is already gone: nothing to do. */
  alreadyRemoved: boolean;
  /** Reserved-instance orders not cancelled. They always block: suspension does not clear them. */
  blockingOrderIds: string[];
  /**
   * Subscriptions with status `active`, or `pending` (still provisioning: they turn active on
   * their own, so removing the relationship now would leave an active subscription behind).
   */
  activeSubscriptionIds: string[];
  /** The subscriptions that will be suspended first (with `suspendActiveSubscriptions`). */
  subscriptionsToSuspend: string[];
  /** True when the removal cannot go ahead with the options given. */
  blocked: boolean;
}

export interface RemoveResellerRelationshipResult {
  customerId: string;
  dryRun: boolean;
  plan: RelationshipRemovalPlan;
  suspendedSubscriptionIds: string[];
  /** The customer as the PATCH returned it (`relationshipToPartner: "none"`); absent in a dry run or when already removed. */
  customer: Customer | undefined;
  alreadyRemoved: boolean;
  correlationId: string;
}

/** What every step of one removal shares. */
interface RemovalRun {
  /** The client, scoped to the run's correlation id. */
  client: PartnerCenterClient;
  customerId: string;
  correlationId: string;
  call: { abortSignal?: AbortSignal };
  abortSignal: AbortSignal | undefined;
  dryRun: boolean;
  suspend: boolean;
  emit(event: RemoveRelationshipProgressEvent): void;
}

type Outcome = Pick<RemoveResellerRelationshipResult, 'suspendedSubscriptionIds' | 'customer' | 'alreadyRemoved'>;

/**
 * Removes the reseller relationship with a customer (App+User token required). Prechecks
 * first: reserved-instance entitlements whose orders are not cancelled (blocking; in
 * production they are cancelled through Azure support, in an integration sandbox by
 * cancelling the order) and subscriptions with status `active` or `pending`. `dryRun` returns that plan.
 * With `suspendActiveSubscriptions` the active subscriptions are suspended and the
 * relationship removed (after checking, with the read-only App+User-only
 * `GET /customers/relationshiprequests`, that the token may remove it at all: an App-only
 * token is refused before anything is suspended); otherwise a blocked removal throws
 * {@link RelationshipRemovalBlockedError} naming what blocks it, having changed nothing.
 * A relationship that is already gone counts as done (`alreadyRemoved: true`).
 *
 * In an integration sandbox account, removing the relationship also deletes the customer.
 *
 * @example
 * ```ts
 * const { plan } = await removeResellerRelationship(client, customerId, { dryRun: true });
 * if (!plan.blocked) await removeResellerRelationship(client, customerId);
 * ```
 */
export async function removeResellerRelationship(
  client: PartnerCenterClient,
  customerId: string,
  options: RemoveResellerRelationshipOptions = {},
): Promise<RemoveResellerRelationshipResult> {
  const run = startRun(client, customerId, options);
  const found = await planRemoval(run);
  if (found === 'removed') return alreadyRemoved(run);
  const { plan, active } = found;
  run.emit({ type: 'plan', customerId, plan });
  if (run.dryRun)
    return finish(run, plan, { suspendedSubscriptionIds: [], customer: undefined, alreadyRemoved: false });
  // Refuse before changing anything: suspending subscriptions and then failing on a reserved
  // instance would leave the customer worse off than before.
  if (plan.blocked) throw new RelationshipRemovalBlockedError(plan, run.suspend);
  // Partner Center refuses an App-only token only at the final PATCH (403 900150), which would
  // leave the subscriptions suspended for nothing. GET /customers/relationshiprequests is
  // App+User-only as well and changes nothing: ask it before the first suspension.
  if (active.length > 0) await assertDelegatedToken(run.client, run.call);
  const suspendedSubscriptionIds = await suspendSubscriptions(run, active);
  return removeRelationship(run, plan, suspendedSubscriptionIds);
}

function startRun(
  client: PartnerCenterClient,
  customerId: string,
  options: RemoveResellerRelationshipOptions,
): RemovalRun {
  const correlationId = options.correlationId ?? client.correlationId ?? randomUUID();
  return {
    client: client.correlationId === correlationId ? client : client.withCorrelationId(correlationId),
    customerId,
    correlationId,
    call: options.abortSignal ? { abortSignal: options.abortSignal } : {},
    abortSignal: options.abortSignal,
    dryRun: options.dryRun ?? false,
    suspend: options.suspendActiveSubscriptions ?? false,
    emit: (event) => options.onProgress?.(event),
  };
}

function finish(run: RemovalRun, plan: RelationshipRemovalPlan, outcome: Outcome): RemoveResellerRelationshipResult {
  return { customerId: run.customerId, dryRun: run.dryRun, plan, correlationId: run.correlationId, ...outcome };
}

function alreadyRemoved(run: RemovalRun): RemoveResellerRelationshipResult {
  const { customerId } = run;
  const plan: RelationshipRemovalPlan = {
    customerId,
    alreadyRemoved: true,
    blockingOrderIds: [],
    activeSubscriptionIds: [],
    subscriptionsToSuspend: [],
    blocked: false,
  };
  run.emit({ type: 'plan', customerId, plan });
  if (!run.dryRun) run.emit({ type: 'relationship-removed', customerId, alreadyRemoved: true });
  return finish(run, plan, { suspendedSubscriptionIds: [], customer: undefined, alreadyRemoved: true });
}

/** The prechecks: what blocks the removal, and the subscriptions to suspend first. */
async function planRemoval(
  run: RemovalRun,
): Promise<{ plan: RelationshipRemovalPlan; active: Subscription[] } | 'removed'> {
  const { customerId, call } = run;
  let entitlements: Entitlement[];
  let subscriptions: Subscription[];
  try {
    const customer = await run.client.customers.get(customerId, call);
    if (statusIs(customer.relationshipToPartner, 'none')) return 'removed';
    entitlements = (await run.client.entitlements.list(customerId, { ...call, entitlementType: 'reservedInstance' }))
      .items;
    subscriptions = (await run.client.subscriptions.list(customerId, call)).items;
  } catch (error) {
    if (isCustomerGone(error)) return 'removed';
    throw error;
  }
  const blockingOrderIds = await openReservedInstanceOrders(run, entitlements);
  const active = subscriptions.filter(
    (subscription) => statusIs(subscription.status, 'active') || statusIs(subscription.status, 'pending'),
  );
  const activeSubscriptionIds = active.map((subscription) => subscription.id);
  const plan: RelationshipRemovalPlan = {
    customerId,
    alreadyRemoved: false,
    blockingOrderIds,
    activeSubscriptionIds,
    subscriptionsToSuspend: run.suspend ? activeSubscriptionIds : [],
    blocked: blockingOrderIds.length > 0 || (activeSubscriptionIds.length > 0 && !run.suspend),
  };
  return { plan, active };
}

/** The reserved-instance orders that are not cancelled: they always block. */
async function openReservedInstanceOrders(run: RemovalRun, entitlements: Entitlement[]): Promise<string[]> {
  // The type filter is also applied here: a server that ignores ?entitlementType= must not
  // make software orders look like blocking reserved instances.
  const reservedInstanceOrderIds = collectOrderIds(
    entitlements,
    (entitlement) => entitlementTypeOf(String(entitlement.entitlementType)) === 'reservedinstance',
  );
  const open: string[] = [];
  for (const orderId of reservedInstanceOrderIds) {
    try {
      const order = await run.client.orders.get(run.customerId, orderId, run.call);
      if (!statusIs(order.status, 'cancelled')) open.push(orderId);
    } catch (error) {
      if (!isOrderGone(error)) throw error;
    }
  }
  return open;
}

async function suspendSubscriptions(run: RemovalRun, subscriptions: Subscription[]): Promise<string[]> {
  const suspended: string[] = [];
  for (const subscription of subscriptions) {
    throwIfAborted(run.abortSignal);
    await run.client.subscriptions.suspend(run.customerId, subscription, run.call);
    suspended.push(subscription.id);
    run.emit({ type: 'subscription-suspended', customerId: run.customerId, subscriptionId: subscription.id });
  }
  return suspended;
}

async function removeRelationship(
  run: RemovalRun,
  plan: RelationshipRemovalPlan,
  suspendedSubscriptionIds: string[],
): Promise<RemoveResellerRelationshipResult> {
  const { customerId } = run;
  try {
    const customer = await run.client.customers.removeResellerRelationship(customerId, run.call);
    run.emit({ type: 'relationship-removed', customerId, alreadyRemoved: false });
    return finish(run, plan, { suspendedSubscriptionIds, customer, alreadyRemoved: false });
  } catch (error) {
    // A concurrent run, or a lost response to our own PATCH, already removed it.
    if (!isRelationshipAlreadyRemoved(error) && !isCustomerGone(error)) throw error;
    run.emit({ type: 'relationship-removed', customerId, alreadyRemoved: true });
    return finish(run, plan, { suspendedSubscriptionIds, customer: undefined, alreadyRemoved: true });
  }
}

/** Rethrows a 401/403 of the App+User-only invitation route; any other answer says nothing about the token. */
async function assertDelegatedToken(
  client: PartnerCenterClient,
  call: { abortSignal?: AbortSignal | undefined },
): Promise<void> {
  try {
    await client.customers.requestResellerRelationship(call);
  } catch (error) {
    if (isPartnerCenterError(error) && (error.statusCode === 401 || error.statusCode === 403)) throw error;
  }
}
