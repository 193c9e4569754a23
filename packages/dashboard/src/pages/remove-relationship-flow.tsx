/**
 * @module Removing the reseller relationship, prechecks first as a plan (what Microsoft's
 * docs list: reserved instances must be cancelled, active subscriptions suspended), then the
 * suspensions the person agreed to, then the PATCH. A reserved instance not cancelled is a
 * refusal with its reason: suspending would not clear it, so nothing is changed.
 */
import { entitlementTypeOf, type Customer, type Entitlement, type Subscription } from '@partnerbox/contract/types';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { useConfirm } from '../components/confirm-dialog.js';
import { ErrorNotice } from '../components/error-notice.js';
import { useDashboard } from '../context.js';
import { statusIs } from '../lib/format.js';
import { navigate } from '../lib/hash-route.js';
import type { PartnerCenter } from '../partner-center.js';

interface Plan {
  reservedInstanceOrderIds: string[];
  active: Subscription[];
}

function orderIdsOf(list: readonly Entitlement[], into = new Set<string>()): Set<string> {
  for (const e of list) {
    if (entitlementTypeOf(String(e.entitlementType)) === 'reservedinstance' && e.referenceOrder?.id)
      into.add(e.referenceOrder.id);
    orderIdsOf(e.includedEntitlements ?? [], into);
  }
  return into;
}

async function planRemoval(pc: PartnerCenter, customerId: string): Promise<Plan> {
  const [entitlements, subscriptions] = await Promise.all([
    pc.listEntitlements(customerId, 'reservedInstance'),
    pc.listSubscriptions(customerId),
  ]);
  const open: string[] = [];
  for (const id of orderIdsOf(entitlements)) {
    const order = await pc.getOrder(customerId, id).catch(() => undefined);
    if (order && !statusIs(order.status, 'cancelled')) open.push(id);
  }
  const active = subscriptions.filter((s) => statusIs(s.status, 'active') || statusIs(s.status, 'pending'));
  return { reservedInstanceOrderIds: open, active };
}

type Step =
  | { kind: 'planning' }
  | { kind: 'plan'; plan: Plan }
  | { kind: 'working'; plan: Plan; suspended: number }
  | { kind: 'failed'; error: unknown; plan?: Plan };

export function RemoveRelationshipFlow({
  customer,
  onClose,
  onChanged,
}: {
  customer: Customer;
  onClose(): void;
  onChanged(): void;
}) {
  const { partnerCenter, notify } = useDashboard();
  const [step, setStep] = useState<Step>({ kind: 'planning' });
  const [suspendFirst, setSuspendFirst] = useState(false);
  const [dialog, confirm] = useConfirm();
  const name = customer.companyProfile.companyName ?? customer.companyProfile.domain;

  useEffect(() => {
    planRemoval(partnerCenter, customer.id).then(
      (plan) => setStep({ kind: 'plan', plan }),
      (error: unknown) => setStep({ kind: 'failed', error }),
    );
  }, [partnerCenter, customer.id]);

  const remove = async (plan: Plan) => {
    const suspend = plan.active.length > 0;
    const ok = await confirm({
      title: `Remove the reseller relationship with ${name}?`,
      body: (
        <p>
          {suspend ? `${plan.active.length} active subscription(s) of ${name} will be suspended, then ` : ''}
          <strong>{name}</strong> will no longer be your customer: it leaves your customer list and you lose access to
          its account.
        </p>
      ),
      confirmLabel: `Remove the relationship with ${name}`,
    });
    if (!ok) return;
    try {
      setStep({ kind: 'working', plan, suspended: 0 });
      // Partner Center refuses an App-only token only at the final PATCH (403 900150); this
      // App+User-only read changes nothing and refuses it before any subscription is suspended.
      if (suspend) await assertDelegated(partnerCenter);
      for (const [index, subscription] of plan.active.entries()) {
        await partnerCenter.setSubscriptionStatus(customer.id, subscription, 'suspended');
        setStep({ kind: 'working', plan, suspended: index + 1 });
      }
      if (suspend) onChanged();
      await partnerCenter.removeRelationship(customer.id);
      notify({ kind: 'success', next: true, text: `The reseller relationship with ${name} was removed.` });
      navigate({ page: 'customers' });
    } catch (error) {
      setStep({ kind: 'failed', error, plan });
    }
  };

  return (
    <section class="card flow" aria-labelledby="remove-title" aria-live="polite">
      {dialog}
      <h2 id="remove-title">Remove the reseller relationship with {name}</h2>
      {step.kind === 'planning' ? <p role="status">Checking what blocks the removal…</p> : null}
      {step.kind === 'plan' || step.kind === 'working' ? (
        <PlanView
          plan={step.plan}
          name={name}
          suspendFirst={suspendFirst}
          setSuspendFirst={setSuspendFirst}
          working={step.kind === 'working' ? step.suspended : undefined}
          onRemove={() => void remove(step.plan)}
          onClose={onClose}
        />
      ) : null}
      {step.kind === 'failed' ? (
        <>
          <ErrorNotice error={step.error} title="The relationship was not removed" />
          <div class="actions">
            <button type="button" class="secondary" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      ) : null}
    </section>
  );
}

async function assertDelegated(pc: PartnerCenter): Promise<void> {
  try {
    await pc.requestRelationship();
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) throw error;
  }
}

function PlanView(props: {
  plan: Plan;
  name: string;
  suspendFirst: boolean;
  setSuspendFirst(value: boolean): void;
  working: number | undefined;
  onRemove(): void;
  onClose(): void;
}) {
  const { plan, name, suspendFirst, working } = props;
  const blockedByRi = plan.reservedInstanceOrderIds.length > 0;
  const needsSuspension = plan.active.length > 0;
  const canGo = !blockedByRi && (!needsSuspension || suspendFirst) && working === undefined;
  return (
    <>
      <h3>Plan</h3>
      <ol class="plan">
        <li class={blockedByRi ? 'blocked' : 'ok'}>
          <strong>Azure reserved instances:</strong>{' '}
          {blockedByRi ? (
            <>
              {plan.reservedInstanceOrderIds.length} not cancelled (orders{' '}
              {plan.reservedInstanceOrderIds.map((id, i) => (
                <>
                  {i > 0 ? ', ' : ''}
                  <code>{id}</code>
                </>
              ))}
              ).
            </>
          ) : (
            'none active.'
          )}
        </li>
        <li class={needsSuspension && !suspendFirst ? 'blocked' : 'ok'}>
          <strong>Active subscriptions:</strong>{' '}
          {needsSuspension ? (
            <>
              {plan.active.length}:{' '}
              {plan.active.map((s, i) => (
                <>
                  {i > 0 ? ', ' : ''}
                  {s.friendlyName ?? s.offerName ?? s.id} (<code>{s.id}</code>)
                </>
              ))}
              .
            </>
          ) : (
            'none.'
          )}
        </li>
        <li>Remove the relationship (PATCH relationshipToPartner: none).</li>
      </ol>
      {blockedByRi ? (
        <div class="notice error" role="alert">
          <p class="notice-title">The relationship cannot be removed</p>
          <p>
            Partner Center refuses while an Azure reserved instance is active, and suspending subscriptions does not
            clear it. Cancel the reserved-instance orders first (in production, through Azure support; in an integration
            sandbox, from the Orders tab).
          </p>
        </div>
      ) : null}
      {!blockedByRi && needsSuspension ? (
        <label class="check">
          <input
            type="checkbox"
            checked={suspendFirst}
            disabled={working !== undefined}
            onChange={(e) => props.setSuspendFirst(e.currentTarget.checked)}
          />
          Suspend the {plan.active.length} active subscription{plan.active.length === 1 ? '' : 's'} first
        </label>
      ) : null}
      {working !== undefined ? (
        <p role="status">
          Suspended {working} of {plan.active.length}…
        </p>
      ) : null}
      <div class="actions">
        <button type="button" class="danger" disabled={!canGo} onClick={props.onRemove}>
          Remove the relationship with {name}…
        </button>
        <button type="button" class="secondary" onClick={props.onClose}>
          Close
        </button>
      </div>
    </>
  );
}
