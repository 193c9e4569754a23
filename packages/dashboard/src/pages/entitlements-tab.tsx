/** @module A customer's entitlements, bundles flattened with their parts indented. */
import type { Customer, Entitlement } from '@partnerbox/contract/types';
import { ErrorNotice } from '../components/error-notice.js';
import { useDashboard } from '../context.js';
import { formatDate } from '../lib/format.js';
import { useAsync } from '../lib/use-async.js';
import { TableWrap } from '../components/table-wrap.js';

function flatten(list: readonly Entitlement[], depth = 0): { entitlement: Entitlement; depth: number }[] {
  return list.flatMap((entitlement) => [
    { entitlement, depth },
    ...flatten(entitlement.includedEntitlements ?? [], depth + 1),
  ]);
}

export function EntitlementsTab({ customer }: { customer: Customer }) {
  const { partnerCenter } = useDashboard();
  const entitlements = useAsync(() => partnerCenter.listEntitlements(customer.id), [partnerCenter, customer.id]);
  const rows = entitlements.value ? flatten(entitlements.value) : undefined;
  return (
    <>
      <ErrorNotice error={entitlements.error} title="The entitlements could not be listed" />
      {rows?.length === 0 ? <p>No entitlements.</p> : null}
      {rows && rows.length > 0 ? (
        <TableWrap label="Entitlements">
          <table>
            <caption class="visually-hidden">Entitlements</caption>
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">Product / SKU</th>
                <th scope="col">Quantity</th>
                <th scope="col">Order</th>
                <th scope="col">Fulfillment</th>
                <th scope="col">Expires</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ entitlement: e, depth }, i) => (
                <tr key={i}>
                  <td style={{ paddingLeft: `${0.5 + depth * 1.25}rem` }}>{e.entitlementType}</td>
                  <td>
                    <code>{e.productId}</code> / <code>{e.skuId}</code>
                  </td>
                  <td>{e.quantity}</td>
                  <td>{e.referenceOrder?.id ? <code>{e.referenceOrder.id}</code> : '—'}</td>
                  <td>{e.fulfillmentState ?? '—'}</td>
                  <td>{formatDate(e.expiryDate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </>
  );
}
