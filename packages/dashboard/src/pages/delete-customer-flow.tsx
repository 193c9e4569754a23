/**
 * @module Deleting a customer from an integration sandbox, as Microsoft's docs describe it: the
 * DELETE is refused while reserved-instance or software orders are not cancelled, naming them;
 * the page shows those orders, offers to cancel them, waits (with progress) until each reads
 * `cancelled`, then deletes. A production account's refusal (900127) is shown as it comes.
 */
import type { Customer, Order } from '@partnerbox/contract/types';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { useConfirm } from '../components/confirm-dialog.js';
import { ErrorNotice } from '../components/error-notice.js';
import { useDashboard } from '../context.js';
import { StatusBadge, statusIs } from '../lib/format.js';
import { navigate } from '../lib/hash-route.js';
import { azurePlanOrderIds } from './azure-plan-orders.js';
import { ClockControl } from './clock-control.js';

type Step =
  | { kind: 'idle' }
  | { kind: 'deleting' }
  | { kind: 'blocked'; error: ApiError; orders: (Order | { id: string; missing: true })[]; azurePlans: Set<string> }
  | { kind: 'cancelling'; orderIds: string[]; cancelled: string[] }
  | { kind: 'failed'; error: unknown };

const POLL_MS = 1000;

/** Partner Center's 400 3000 lists the blocking orders in `data` (and in the description). */
function blockingOrderIds(error: unknown): string[] | undefined {
  if (!(error instanceof ApiError) || error.status !== 400 || Number(error.code) !== 3000) return undefined;
  return error.data.length > 0 ? error.data : undefined;
}

export function DeleteCustomerFlow({
  customer,
  onClose,
  onChanged,
}: {
  customer: Customer;
  onClose(): void;
  onChanged(): void;
}) {
  const { partnerCenter, notify } = useDashboard();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [dialog, confirm] = useConfirm();
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );
  const name = customer.companyProfile.companyName ?? customer.companyProfile.domain;

  const attemptDelete = async () => {
    setStep({ kind: 'deleting' });
    try {
      await partnerCenter.deleteCustomer(customer.id);
      notify({ kind: 'success', next: true, text: `${name} was deleted from the integration sandbox.` });
      navigate({ page: 'customers' });
    } catch (error) {
      const ids = blockingOrderIds(error);
      if (!ids || !(error instanceof ApiError)) return setStep({ kind: 'failed', error });
      const orders = await Promise.all(
        ids.map((id) => partnerCenter.getOrder(customer.id, id).catch(() => ({ id, missing: true as const }))),
      );
      setStep({ kind: 'blocked', error, orders, azurePlans: azurePlanOrderIds(error.description) });
    }
  };

  const start = async () => {
    const ok = await confirm({
      title: `Delete ${name}?`,
      body: (
        <p>
          <strong>{name}</strong> (<code>{customer.companyProfile.domain}</code>) will be deleted from the integration
          sandbox with its orders and subscriptions. This cannot be undone.
        </p>
      ),
      confirmLabel: `Delete ${name}`,
    });
    if (ok) await attemptDelete();
  };

  const suspendAzurePlans = async (orderIds: Set<string>) => {
    const subscriptions = await partnerCenter.listSubscriptions(customer.id);
    for (const s of subscriptions)
      if (orderIds.has(s.orderId) && !statusIs(s.status, 'suspended'))
        await partnerCenter.setSubscriptionStatus(customer.id, s, 'suspended');
  };

  const waitForCancellations = async (orderIds: string[]) => {
    for (;;) {
      if (!alive.current) return false;
      const orders = await Promise.all(orderIds.map((id) => partnerCenter.getOrder(customer.id, id)));
      const cancelled = orders.filter((o) => statusIs(o.status, 'cancelled')).map((o) => o.id);
      setStep({ kind: 'cancelling', orderIds, cancelled });
      if (cancelled.length === orderIds.length) return true;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };

  const cancelAndDelete = async (blockingIds: string[], azurePlans: Set<string>) => {
    const orderIds = blockingIds.filter((id) => !azurePlans.has(id));
    const ok = await confirm({
      title: `Cancel ${orderIds.length} order${orderIds.length === 1 ? '' : 's'} of ${name}${
        azurePlans.size > 0 ? ' and suspend its Azure plan' : ''
      }, then delete it?`,
      body: (
        <p>
          The orders blocking the deletion of <strong>{name}</strong> will be cancelled; once each reads cancelled,{' '}
          {name} is deleted.
        </p>
      ),
      confirmLabel: `Cancel the orders and delete ${name}`,
    });
    if (!ok) return;
    try {
      setStep({ kind: 'cancelling', orderIds, cancelled: [] });
      if (azurePlans.size > 0) await suspendAzurePlans(azurePlans);
      for (const id of orderIds) await partnerCenter.cancelOrder(customer.id, id);
      onChanged();
      if (await waitForCancellations(orderIds)) await attemptDelete();
    } catch (error) {
      setStep({ kind: 'failed', error });
    }
  };

  return (
    <section class="card flow" aria-labelledby="delete-title" aria-live="polite">
      {dialog}
      <h2 id="delete-title">Delete {name}</h2>
      {step.kind === 'idle' ? (
        <>
          <p>
            Integration sandbox accounts only. Partner Center refuses while reserved-instance or software orders are not
            cancelled; the orders it names can be cancelled here.
          </p>
          <div class="actions">
            <button type="button" class="danger" onClick={() => void start()}>
              Delete {name}…
            </button>
            <button type="button" class="secondary" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      ) : null}
      {step.kind === 'deleting' ? <p role="status">Deleting…</p> : null}
      {step.kind === 'blocked' ? (
        <>
          <ErrorNotice error={step.error} title="Partner Center refused the deletion" />
          <h3>Orders blocking the deletion</h3>
          <ul class="blocking-orders">
            {step.orders.map((o) => (
              <li key={o.id}>
                <code>{o.id}</code> {step.azurePlans.has(o.id) ? '(Azure plan: suspended, not cancelled) ' : null}
                {'missing' in o ? (
                  '(could not be read)'
                ) : (
                  <>
                    <StatusBadge status={o.status} /> {o.lineItems.map((l) => l.friendlyName ?? l.offerId).join(', ')}
                  </>
                )}
              </li>
            ))}
          </ul>
          <div class="actions">
            <button
              type="button"
              class="danger"
              onClick={() =>
                void cancelAndDelete(
                  step.orders.map((o) => o.id),
                  step.azurePlans,
                )
              }
            >
              {step.azurePlans.size > 0 ? 'Cancel or suspend these, then delete' : 'Cancel these orders and delete'}{' '}
              {name}…
            </button>
            <button type="button" class="secondary" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      ) : null}
      {step.kind === 'cancelling' ? (
        <>
          <p role="status" id="cancel-progress-label">
            Waiting for the cancellations: {step.cancelled.length} of {step.orderIds.length} orders cancelled.
          </p>
          <progress max={step.orderIds.length} value={step.cancelled.length} aria-labelledby="cancel-progress-label" />
          <p class="muted">
            A cancellation completes after the sandbox's cancellation delay (10 s of sandbox time by default): moving
            the sandbox clock forward completes it at once.
          </p>
          <ClockControl compact />
        </>
      ) : null}
      {step.kind === 'failed' ? (
        <>
          <ErrorNotice error={step.error} title="The customer was not deleted" />
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
