/** @module What suspend and reactivate share: each subscription moved to the target status once, and the report. */
import { isPartnerCenterError, type PartnerCenterClient, type Subscription } from '@partnerbox/sdk';
import type { ExitCodeValue } from '../../exit-codes.js';
import { bulkExitCode } from '../../internal/bulk-exit-code.js';
import { describeError, type Output } from '../../output.js';

type Target = 'suspended' | 'active';

type SubscriptionOutcome =
  | { subscriptionId: string; ok: true; status: string; changed: boolean }
  | { subscriptionId: string; ok: false; error: Error };

export async function setSubscriptionStatus(
  client: PartnerCenterClient,
  output: Output,
  customerId: string,
  ids: string[],
  target: Target,
  dryRun: boolean,
): Promise<ExitCodeValue> {
  const outcomes: SubscriptionOutcome[] = [];
  for (const subscriptionId of [...new Set(ids)]) {
    outcomes.push(await moveSubscription(client, customerId, subscriptionId, target, dryRun));
  }
  output.result(
    {
      customerId,
      dryRun,
      results: outcomes.map((o) =>
        o.ok ? o : { subscriptionId: o.subscriptionId, ok: false, error: describeError(o.error) },
      ),
    },
    () => outcomes.map((o) => outcomeLine(o, target)).join('\n'),
  );
  for (const o of outcomes) if (!o.ok) output.itemFailed(o.subscriptionId, o.error);
  return bulkExitCode(outcomes);
}

/** Moves one subscription unless it is there already (or this is a dry run); a refusal is an outcome, not a throw. */
async function moveSubscription(
  client: PartnerCenterClient,
  customerId: string,
  subscriptionId: string,
  target: Target,
  dryRun: boolean,
): Promise<SubscriptionOutcome> {
  try {
    const current = await client.subscriptions.get(customerId, subscriptionId);
    if (statusOf(current) === target || dryRun) {
      return { subscriptionId, ok: true, status: current.status ?? '', changed: false };
    }
    const updated =
      target === 'suspended'
        ? await client.subscriptions.suspend(customerId, current)
        : await client.subscriptions.reactivate(customerId, current);
    return { subscriptionId, ok: true, status: updated.status ?? '', changed: true };
  } catch (error) {
    if (!isPartnerCenterError(error)) throw error;
    return { subscriptionId, ok: false, error };
  }
}

function outcomeLine(o: SubscriptionOutcome, target: Target): string {
  if (!o.ok) return `${o.subscriptionId}: ${o.error.message}`;
  if (o.changed) return `${o.subscriptionId}: ${target}`;
  if (o.status.toLowerCase() === target) return `${o.subscriptionId}: already ${target}`;
  return `${o.subscriptionId}: would ${target === 'suspended' ? 'suspend' : 'reactivate'} (now ${o.status})`;
}

function statusOf(subscription: Subscription): string {
  return (subscription.status ?? '').toLowerCase();
}
