/**
 * @module A customer's account page, laid out as Partner Center's: "Customer Account Info" with
 * the Microsoft ID (the customer's tenant id, which Microsoft's docs tell partners to copy from
 * there), the company and billing profiles, and tabs for orders, subscriptions and entitlements.
 */
import type { Address, Customer } from '@partnerbox/contract/types';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { CopyButton } from '../components/copy-button.js';
import { ErrorNotice } from '../components/error-notice.js';
import { Tabs } from '../components/tabs.js';
import { useDashboard } from '../context.js';
import { useAsync } from '../lib/use-async.js';
import { DeleteCustomerFlow } from './delete-customer-flow.js';
import { EntitlementsTab } from './entitlements-tab.js';
import { OrdersTab } from './orders-tab.js';
import { RemoveRelationshipFlow } from './remove-relationship-flow.js';
import { SubscriptionsTab } from './subscriptions-tab.js';

function addressText(address: Address | undefined): string {
  if (!address) return '—';
  return [address.addressLine1, address.addressLine2, address.city, address.state, address.postalCode, address.country]
    .filter(Boolean)
    .join(', ');
}

function Field({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function CustomerPage({ customerId }: { customerId: string }) {
  const { partnerCenter } = useDashboard();
  const customer = useAsync(() => partnerCenter.getCustomer(customerId), [partnerCenter, customerId]);
  const [flow, setFlow] = useState<'delete' | 'remove' | undefined>();
  const [version, setVersion] = useState(0);

  if (!customer.value)
    return (
      <>
        <p>
          <a href="#/customers">← Customers</a>
        </p>
        {customer.loading ? <p role="status">Loading the customer…</p> : null}
        <ErrorNotice error={customer.error} title="The customer could not be read" />
      </>
    );
  const c: Customer = customer.value;
  const name = c.companyProfile.companyName ?? c.companyProfile.domain;
  const billing = c.billingProfile;
  return (
    <>
      <p>
        <a href="#/customers">← Customers</a>
      </p>
      <div class="page-head">
        <h1>{name}</h1>
        <div class="actions">
          <button type="button" class="danger" onClick={() => setFlow('delete')} aria-expanded={flow === 'delete'}>
            Delete customer
          </button>
          <button type="button" class="danger" onClick={() => setFlow('remove')} aria-expanded={flow === 'remove'}>
            Remove reseller relationship
          </button>
        </div>
      </div>
      {flow === 'delete' ? (
        <DeleteCustomerFlow customer={c} onClose={() => setFlow(undefined)} onChanged={() => setVersion(version + 1)} />
      ) : null}
      {flow === 'remove' ? (
        <RemoveRelationshipFlow
          customer={c}
          onClose={() => setFlow(undefined)}
          onChanged={() => setVersion(version + 1)}
        />
      ) : null}
      <div class="grid">
        <section class="card account-info" aria-labelledby="account-info">
          <h2 id="account-info">Customer Account Info</h2>
          <dl>
            <Field label="Microsoft ID">
              <code id="microsoft-id">{c.companyProfile.tenantId}</code>{' '}
              <CopyButton value={c.companyProfile.tenantId} label="Copy the Microsoft ID" />
            </Field>
            <Field label="Company name">{c.companyProfile.companyName ?? '—'}</Field>
            <Field label="Primary domain">{c.companyProfile.domain}</Field>
            <Field label="Relationship">{c.relationshipToPartner}</Field>
            <Field label="Delegated admin access">{c.allowDelegatedAccess ? 'Yes' : 'No'}</Field>
            {c.commerceId ? <Field label="Commerce ID">{c.commerceId}</Field> : null}
          </dl>
        </section>
        <section class="card" aria-labelledby="company-profile">
          <h2 id="company-profile">Company profile</h2>
          <dl>
            <Field label="Domain">{c.companyProfile.domain}</Field>
            <Field label="Email">{c.companyProfile.email ?? '—'}</Field>
            <Field label="Address">{addressText(c.companyProfile.address)}</Field>
          </dl>
        </section>
        <section class="card" aria-labelledby="billing-profile">
          <h2 id="billing-profile">Billing profile</h2>
          {billing ? (
            <dl>
              <Field label="Company name">{billing.companyName}</Field>
              <Field label="Contact">{[billing.firstName, billing.lastName].filter(Boolean).join(' ') || '—'}</Field>
              <Field label="Email">{billing.email}</Field>
              <Field label="Culture and language">
                {billing.culture} · {billing.language}
              </Field>
              <Field label="Address">{addressText(billing.defaultAddress)}</Field>
            </dl>
          ) : (
            <p>None returned.</p>
          )}
        </section>
      </div>
      <Tabs
        label={`${name}: purchases`}
        tabs={[
          { id: 'orders', title: 'Orders', render: () => <OrdersTab key={version} customer={c} /> },
          {
            id: 'subscriptions',
            title: 'Subscriptions',
            render: () => <SubscriptionsTab key={version} customer={c} />,
          },
          { id: 'entitlements', title: 'Entitlements', render: () => <EntitlementsTab key={version} customer={c} /> },
        ]}
      />
    </>
  );
}
