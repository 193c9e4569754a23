/**
 * @module Customers: search by company name or domain prefix (the API's `filter`), paged with
 * the continuation token the API returns, and a form to create one.
 */
import type { Customer, CustomerFilterField } from '@partnerbox/contract/types';
import { useState } from 'preact/hooks';
import { ErrorNotice } from '../components/error-notice.js';
import { FormField } from '../components/form-field.js';
import { useDashboard } from '../context.js';
import { hrefOf } from '../lib/hash-route.js';
import { useAsync } from '../lib/use-async.js';
import { CreateCustomerForm } from './create-customer-form.js';
import { TableWrap } from '../components/table-wrap.js';

const PAGE_SIZE = 20;

interface Query {
  field: CustomerFilterField;
  value: string;
}

export function CustomersPage() {
  const { partnerCenter } = useDashboard();
  const [field, setField] = useState<CustomerFilterField>('companyName');
  const [value, setValue] = useState('');
  const [query, setQuery] = useState<Query>({ field: 'companyName', value: '' });
  // tokens[i] opens page i + 1; page 1 needs none.
  const [tokens, setTokens] = useState<(string | undefined)[]>([undefined]);
  const [creating, setCreating] = useState(false);
  const pageIndex = tokens.length - 1;
  const page = useAsync(
    () => partnerCenter.listCustomers(PAGE_SIZE, query, tokens[pageIndex]),
    [partnerCenter, query, tokens],
  );

  return (
    <>
      <div class="page-head">
        <h1>Customers</h1>
        <button type="button" onClick={() => setCreating(!creating)} aria-expanded={creating}>
          {creating ? 'Close the new customer form' : 'Add customer'}
        </button>
      </div>
      {creating ? <CreateCustomerForm onCancel={() => setCreating(false)} /> : null}
      <form
        role="search"
        aria-label="Customers"
        class="search"
        onSubmit={(event) => {
          event.preventDefault();
          setQuery({ field, value: value.trim() });
          setTokens([undefined]);
        }}
      >
        <FormField label="Search by">
          {(control) => (
            <select {...control} value={field} onChange={(e) => setField(e.currentTarget.value as CustomerFilterField)}>
              <option value="companyName">Company name</option>
              <option value="domain">Domain</option>
            </select>
          )}
        </FormField>
        <FormField label="Starts with" class="grow">
          {(control) => (
            <input {...control} type="search" value={value} onInput={(e) => setValue(e.currentTarget.value)} />
          )}
        </FormField>
        <button type="submit">Search</button>
      </form>
      <ErrorNotice error={page.error} title="The customers could not be listed" />
      <CustomerTable customers={page.value?.items} loading={page.loading} />
      <nav class="pager" aria-label="Pages of customers">
        <button
          type="button"
          class="secondary"
          disabled={pageIndex === 0 || page.loading}
          onClick={() => setTokens(tokens.slice(0, -1))}
        >
          Previous page
        </button>
        <span aria-live="polite">Page {pageIndex + 1}</span>
        <button
          type="button"
          class="secondary"
          disabled={!page.value?.continuationToken || page.loading}
          onClick={() => setTokens([...tokens, page.value?.continuationToken])}
        >
          Next page
        </button>
      </nav>
    </>
  );
}

function CustomerTable({ customers, loading }: { customers: Customer[] | undefined; loading: boolean }) {
  if (!customers) return <p role="status">{loading ? 'Loading customers…' : ''}</p>;
  if (customers.length === 0) return <p role="status">No customers match.</p>;
  return (
    <TableWrap label="Customers of this partner">
      <table class="stack" aria-busy={loading}>
        <caption class="visually-hidden">Customers of this partner</caption>
        <thead>
          <tr>
            <th scope="col">Company</th>
            <th scope="col">Domain</th>
            <th scope="col">Microsoft ID</th>
            <th scope="col">Relationship</th>
          </tr>
        </thead>
        <tbody>
          {customers.map((c) => (
            <tr key={c.id}>
              <td data-label="Company">
                <a href={hrefOf({ page: 'customer', customerId: c.id })}>{c.companyProfile.companyName ?? c.id}</a>
              </td>
              <td data-label="Domain">{c.companyProfile.domain}</td>
              <td data-label="Microsoft ID">
                <code>{c.companyProfile.tenantId}</code>
              </td>
              <td data-label="Relationship">{c.relationshipToPartner}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
