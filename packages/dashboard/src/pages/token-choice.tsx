/**
 * @module Which token `/v1` calls carry: the signed-in user's App+User token, or an App-only
 * token the control plane mints for a partner, to see what an integration without a user is
 * refused (Partner Center's 403 900150 on the App+User-only operations).
 */
import { useState } from 'preact/hooks';
import { ErrorNotice } from '../components/error-notice.js';
import { FormField } from '../components/form-field.js';
import { useDashboard } from '../context.js';
import type { ControlPlane } from '../control-plane.js';
import { useAsync } from '../lib/use-async.js';

export function TokenChoice({ control }: { control: ControlPlane }) {
  const { session, appOnly, setAppOnlyToken } = useDashboard();
  const partners = useAsync(() => control.partners(), [control]);
  const [partnerId, setPartnerId] = useState(session?.user.tenantId ?? '');
  const [error, setError] = useState<unknown>();
  const chosen = partnerId || partners.value?.[0]?.tenantId || '';
  return (
    <fieldset>
      <legend>/v1 calls use</legend>
      <label class="check">
        <input
          type="radio"
          name="token"
          checked={!appOnly}
          disabled={!session}
          onChange={() => setAppOnlyToken(undefined)}
        />
        My sign-in (App+User){session ? `: ${session.user.userName}` : ': not signed in'}
      </label>
      <label class="check">
        <input
          type="radio"
          name="token"
          checked={appOnly}
          onChange={() => {
            setError(undefined);
            control.appOnlyToken(chosen).then(
              (t) => setAppOnlyToken(t.access_token),
              (e: unknown) => setError(e),
            );
          }}
        />
        An App-only token (no user) for the partner below
      </label>
      <FormField label="Partner">
        {(control) => (
          <select {...control} value={chosen} onChange={(e) => setPartnerId(e.currentTarget.value)}>
            {partners.value?.map((p) => (
              <option key={p.tenantId} value={p.tenantId}>
                {p.name} ({p.kind === 'sandbox' ? 'integration sandbox' : 'production'})
              </option>
            ))}
          </select>
        )}
      </FormField>
      <ErrorNotice error={error ?? partners.error} title="No App-only token" />
    </fieldset>
  );
}
