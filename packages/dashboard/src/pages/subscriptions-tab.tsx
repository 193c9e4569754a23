/** @module A customer's subscriptions; suspend or reactivate one (PATCH with its etag). */
import type { Customer, Subscription } from '@partnerbox/contract/types';
import { useState } from 'preact/hooks';
import { useConfirm } from '../components/confirm-dialog.js';
import { ErrorNotice } from '../components/error-notice.js';
import { useDashboard } from '../context.js';
import { StatusBadge, statusIs } from '../lib/format.js';
import { useAsync } from '../lib/use-async.js';
import { TableWrap } from '../components/table-wrap.js';

export function SubscriptionsTab({ customer }: { customer: Customer }) {
  const { partnerCenter } = useDashboard();
  const subscriptions = useAsync(() => partnerCenter.listSubscriptions(customer.id), [partnerCenter, customer.id]);
  const [dialog, confirm] = useConfirm();
  const [actionError, setActionError] = useState<unknown>();
  const [busy, setBusy] = useState<string>();
  const name = customer.companyProfile.companyName ?? customer.companyProfile.domain;

  const change = async (subscription: Subscription, status: 'suspended' | 'active') => {
    const label = subscription.friendlyName ?? subscription.offerName ?? subscription.id;
    if (status === 'suspended') {
      const ok = await confirm({
        title: `Suspend a subscription of ${name}?`,
        body: (
          <p>
            <strong>{label}</strong> of <strong>{name}</strong> will be suspended: its users lose access until it is
            reactivated.
          </p>
        ),
        confirmLabel: `Suspend ${label}`,
      });
      if (!ok) return;
    }
    setBusy(subscription.id);
    setActionError(undefined);
    try {
      await partnerCenter.setSubscriptionStatus(customer.id, subscription, status);
      await subscriptions.reload();
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <>
      {dialog}
      <div class="toolbar">
        <button type="button" class="secondary small" onClick={() => void subscriptions.reload()}>
          Refresh subscriptions
        </button>
      </div>
      <ErrorNotice error={actionError} title="The subscription was not changed" />
      <ErrorNotice error={subscriptions.error} title="The subscriptions could not be listed" />
      {subscriptions.value?.length === 0 ? <p>No subscriptions.</p> : null}
      {subscriptions.value && subscriptions.value.length > 0 ? (
        <TableWrap label={`Subscriptions of ${name}`}>
          <table class="stack">
            <caption class="visually-hidden">Subscriptions of {name}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Offer</th>
                <th scope="col">Quantity</th>
                <th scope="col">Status</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {subscriptions.value.map((s) => {
                const label = s.friendlyName ?? s.offerName ?? s.id;
                return (
                  <tr key={s.id}>
                    <td data-label="Name">
                      {label}
                      <br />
                      <code class="muted">{s.id}</code>
                    </td>
                    <td data-label="Offer">
                      <code>{s.offerId}</code>
                    </td>
                    <td data-label="Quantity">{s.quantity}</td>
                    <td data-label="Status">
                      <StatusBadge status={s.status} />
                    </td>
                    <td data-label="Action">
                      {statusIs(s.status, 'active') ? (
                        <button
                          type="button"
                          class="danger small"
                          disabled={busy === s.id}
                          aria-label={`Suspend ${label}`}
                          onClick={() => void change(s, 'suspended')}
                        >
                          Suspend
                        </button>
                      ) : statusIs(s.status, 'suspended') ? (
                        <button
                          type="button"
                          class="small"
                          disabled={busy === s.id}
                          aria-label={`Reactivate ${label}`}
                          onClick={() => void change(s, 'active')}
                        >
                          Reactivate
                        </button>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </>
  );
}
