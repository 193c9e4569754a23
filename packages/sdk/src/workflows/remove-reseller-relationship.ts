/** @module Ending a reseller relationship after checking (and optionally clearing) what blocks it. */
import { randomUUID } from 'node:crypto';
import { entitlementTypeOf, type Customer, type Entitlement, type Subscription } from '@partnerbox/contract';
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
  const correlationId = options.correlationId ?? client.correlationId ?? randomUUID();
  const scoped = client.correlationId === correlationId ? client : client.withCorrelationId(correlationId);
  const call = options.abortSignal ? { abortSignal: options.abortSignal } : {};
  const emit = (event: RemoveRelationshipProgressEvent): void => options.onProgress?.(event);
  const dryRun = options.dryRun ?? false;
  const suspend = options.suspendActiveSubscriptions ?? false;

  const result = (
    plan: RelationshipRemovalPlan,
    rest: Pick<RemoveResellerRelationshipResult, 'suspendedSubscriptionIds' | 'customer' | 'alreadyRemoved'>,
  ): RemoveResellerRelationshipResult => ({ customerId, dryRun, plan, correlationId, ...rest });

  const alreadyRemoved = (): RemoveResellerRelationshipResult => {
    const plan: RelationshipRemovalPlan = {
      customerId,
      alreadyRemoved: true,
      blockingOrderIds: [],
      activeSubscriptionIds: [],
      subscriptionsToSuspend: [],
      blocked: false,
    };
    emit({ type: 'plan', customerId, plan });
    if (!dryRun) emit({ type: 'relationship-removed', customerId, alreadyRemoved: true });
    return result(plan, { suspendedSubscriptionIds: [], customer: undefined, alreadyRemoved: true });
  };

  // Prechecks.
  let entitlements: Entitlement[];
  let subscriptions: Subscription[];
  try {
    const customer = await scoped.customers.get(customerId, call);
    if (statusIs(customer.relationshipToPartner, 'none')) return alreadyRemoved();
    entitlements = (await scoped.entitlements.list(customerId, { ...call, entitlementType: 'reservedInstance' })).items;
    subscriptions = (await scoped.subscriptions.list(customerId, call)).items;
  } catch (error) {
    if (isCustomerGone(error)) return alreadyRemoved();
    throw error;
  }

  // The type filter is also applied here: a server that ignores ?entitlementType= must not
  // make software orders look like blocking reserved instances.
  const reservedInstanceOrderIds = collectOrderIds(
    entitlements,
    (entitlement) => entitlementTypeOf(String(entitlement.entitlementType)) === 'reservedinstance',
  );
  const blockingOrderIds: string[] = [];
  for (const orderId of reservedInstanceOrderIds) {
    try {
      const order = await scoped.orders.get(customerId, orderId, call);
      if (!statusIs(order.status, 'cancelled')) blockingOrderIds.push(orderId);
    } catch (error) {
      if (!isOrderGone(error)) throw error;
    }
  }
  const active = subscriptions.filter(
    (subscription) => statusIs(subscription.status, 'active') || statusIs(subscription.status, 'pending'),
  );
  const activeSubscriptionIds = active.map((subscription) => subscription.id);
  const plan: RelationshipRemovalPlan = {
    customerId,
    alreadyRemoved: false,
    blockingOrderIds,
    activeSubscriptionIds,
    subscriptionsToSuspend: suspend ? activeSubscriptionIds : [],
    blocked: blockingOrderIds.length > 0 || (activeSubscriptionIds.length > 0 && !suspend),
  };
  emit({ type: 'plan', customerId, plan });
  if (dryRun) return result(plan, { suspendedSubscriptionIds: [], customer: undefined, alreadyRemoved: false });
  // Refuse before changing anything: suspending subscriptions and then failing on a reserved
  // instance would leave the customer worse off than before.
  if (plan.blocked) throw new RelationshipRemovalBlockedError(plan, suspend);
  // Partner Center refuses an App-only token only at the final PATCH (403 900150), which would
  // leave the subscriptions suspended for nothing. GET /customers/relationshiprequests is
  // App+User-only as well and changes nothing: ask it before the first suspension.
  if (active.length > 0) await assertDelegatedToken(scoped, call);

  const suspendedSubscriptionIds: string[] = [];
  for (const subscription of active) {
    throwIfAborted(options.abortSignal);
    await scoped.subscriptions.suspend(customerId, subscription, call);
    suspendedSubscriptionIds.push(subscription.id);
    emit({ type: 'subscription-suspended', customerId, subscriptionId: subscription.id });
  }

  try {
    const customer = await scoped.customers.removeResellerRelationship(customerId, call);
    emit({ type: 'relationship-removed', customerId, alreadyRemoved: false });
    return result(plan, { suspendedSubscriptionIds, customer, alreadyRemoved: false });
  } catch (error) {
    // A concurrent run, or a lost response to our own PATCH, already removed it.
    if (!isRelationshipAlreadyRemoved(error) && !isCustomerGone(error)) throw error;
    emit({ type: 'relationship-removed', customerId, alreadyRemoved: true });
    return result(plan, { suspendedSubscriptionIds, customer: undefined, alreadyRemoved: true });
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
