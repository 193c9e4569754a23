/** @module A customer's orders with their line items and status; cancel one (reserved instances and software, in an integration sandbox). */
import type { Customer, Order } from '@partnerbox/contract/types';
import { useState } from 'preact/hooks';
import { useConfirm } from '../components/confirm-dialog.js';
import { ErrorNotice } from '../components/error-notice.js';
import { useDashboard } from '../context.js';
import { formatDate, StatusBadge, statusIs } from '../lib/format.js';
import { useAsync } from '../lib/use-async.js';
import { TableWrap } from '../components/table-wrap.js';

export function OrdersTab({ customer }: { customer: Customer }) {
  const { partnerCenter } = useDashboard();
  const orders = useAsync(() => partnerCenter.listOrders(customer.id), [partnerCenter, customer.id]);
  const [dialog, confirm] = useConfirm();
  const [actionError, setActionError] = useState<unknown>();
  const [busy, setBusy] = useState<string>();
  const name = customer.companyProfile.companyName ?? customer.companyProfile.domain;

  const cancel = async (order: Order) => {
    const ok = await confirm({
      title: `Cancel an order of ${name}?`,
      body: (
        <p>
          Order <code>{order.id}</code> of <strong>{name}</strong> will be cancelled. Partner Center takes a while to
          finish a cancellation; the order reads <em>cancelled</em> then.
        </p>
      ),
      confirmLabel: `Cancel the order of ${name}`,
    });
    if (!ok) return;
    setBusy(order.id);
    setActionError(undefined);
    try {
      await partnerCenter.cancelOrder(customer.id, order.id);
      await orders.reload();
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
        <button type="button" class="secondary small" onClick={() => void orders.reload()}>
          Refresh orders
        </button>
      </div>
      <ErrorNotice error={actionError} title="The order was not cancelled" />
      <ErrorNotice error={orders.error} title="The orders could not be listed" />
      {orders.value?.length === 0 ? <p>No orders.</p> : null}
      {orders.value?.map((order) => (
        <article class="order card" key={order.id} aria-labelledby={`order-${order.id}`}>
          <div class="page-head">
            <h3 id={`order-${order.id}`}>
              Order <code>{order.id}</code>
            </h3>
            <StatusBadge status={order.status} />
          </div>
          <p class="muted">
            Created {formatDate(order.creationDate)} · billing {order.billingCycle}
          </p>
          <TableWrap label={`Line items of order ${order.id}`}>
            <table class="stack">
              <caption class="visually-hidden">Line items of order {order.id}</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Offer</th>
                  <th scope="col">Name</th>
                  <th scope="col">Quantity</th>
                  <th scope="col">Subscription</th>
                </tr>
              </thead>
              <tbody>
                {order.lineItems.map((item) => (
                  <tr key={item.lineItemNumber}>
                    <td data-label="#">{item.lineItemNumber}</td>
                    <td data-label="Offer">
                      <code>{item.offerId}</code>
                    </td>
                    <td data-label="Name">{item.friendlyName ?? '—'}</td>
                    <td data-label="Quantity">{item.quantity}</td>
                    <td data-label="Subscription">{item.subscriptionId ? <code>{item.subscriptionId}</code> : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {!statusIs(order.status, 'cancelled') ? (
            <button
              type="button"
              class="danger small"
              disabled={busy === order.id}
              onClick={() => void cancel(order)}
              aria-label={`Cancel order ${order.id}`}
            >
              {busy === order.id ? 'Cancelling…' : 'Cancel order'}
            </button>
          ) : null}
        </article>
      ))}
    </>
  );
}
