/** @module Creating a customer: the documented required fields, prefilled with the docs' sample address. */
import { SAMPLE_ADDRESS, type CreateCustomerRequest, type Customer } from '@partnerbox/contract/types';
import { useState } from 'preact/hooks';
import { ErrorNotice } from '../components/error-notice.js';
import { FormField } from '../components/form-field.js';
import { useDashboard } from '../context.js';
import { hrefOf } from '../lib/hash-route.js';

interface Fields {
  companyName: string;
  domain: string;
  email: string;
  firstName: string;
  lastName: string;
  addressLine1: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
  culture: string;
  language: string;
}

const INITIAL: Fields = {
  companyName: '',
  domain: '',
  email: '',
  firstName: '',
  lastName: '',
  addressLine1: SAMPLE_ADDRESS.addressLine1,
  city: SAMPLE_ADDRESS.city,
  state: SAMPLE_ADDRESS.state,
  postalCode: SAMPLE_ADDRESS.postalCode,
  country: SAMPLE_ADDRESS.country,
  culture: 'en-US',
  language: 'en',
};

function body(f: Fields): CreateCustomerRequest {
  const contact = {
    ...(f.firstName ? { firstName: f.firstName } : {}),
    ...(f.lastName ? { lastName: f.lastName } : {}),
  };
  return {
    companyProfile: { domain: f.domain.trim(), companyName: f.companyName.trim() },
    billingProfile: {
      email: f.email.trim(),
      culture: f.culture.trim(),
      language: f.language.trim(),
      companyName: f.companyName.trim(),
      ...contact,
      defaultAddress: {
        country: f.country.trim(),
        city: f.city.trim(),
        state: f.state.trim(),
        addressLine1: f.addressLine1.trim(),
        postalCode: f.postalCode.trim(),
        ...contact,
      },
    },
  };
}

const LABELS: [keyof Fields, string, string?][] = [
  ['companyName', 'Company name'],
  ['domain', 'Domain', 'e.g. contoso (becomes contoso.onmicrosoft.com)'],
  ['email', 'Billing email'],
  ['firstName', 'First name'],
  ['lastName', 'Last name'],
  ['addressLine1', 'Address'],
  ['city', 'City'],
  ['state', 'State'],
  ['postalCode', 'Postal code'],
  ['country', 'Country (two letters)'],
  ['culture', 'Culture'],
  ['language', 'Language'],
];

export function CreateCustomerForm({ onCancel }: { onCancel(): void }) {
  const { partnerCenter } = useDashboard();
  const [fields, setFields] = useState(INITIAL);
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useState<Customer>();
  const [busy, setBusy] = useState(false);

  if (created)
    return (
      <section class="card" aria-labelledby="created-title">
        <h2 id="created-title">Customer created</h2>
        <p>
          <a href={hrefOf({ page: 'customer', customerId: created.id })}>{created.companyProfile.companyName}</a> (
          {created.companyProfile.domain}) was created.
        </p>
        {created.userCredentials ? (
          <p>
            Its administrator, shown only now: <code>{created.userCredentials.userName}</code> with password{' '}
            <code>{created.userCredentials.password}</code>.
          </p>
        ) : null}
        <button type="button" class="secondary" onClick={onCancel}>
          Close
        </button>
      </section>
    );

  return (
    <form
      class="card form-grid"
      aria-labelledby="create-title"
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        setError(undefined);
        partnerCenter
          .createCustomer(body(fields))
          .then(setCreated, setError)
          .finally(() => setBusy(false));
      }}
    >
      <h2 id="create-title">New customer</h2>
      {LABELS.map(([key, label, hint]) => (
        <FormField key={key} label={label} hint={hint}>
          {(control) => (
            <input
              {...control}
              name={key}
              required={!['firstName', 'lastName', 'state', 'postalCode'].includes(key)}
              type="text"
              autocomplete={key === 'email' ? 'email' : 'off'}
              value={fields[key]}
              onInput={(e) => setFields({ ...fields, [key]: e.currentTarget.value })}
            />
          )}
        </FormField>
      ))}
      <div class="wide">
        <ErrorNotice error={error} title="The customer was not created" />
      </div>
      <div class="actions wide">
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create customer'}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
