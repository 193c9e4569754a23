/** @module The seeded partners with their app credentials and users: what a test or a script signs in with. */
import { useState } from 'preact/hooks';
import { ErrorNotice } from '../components/error-notice.js';
import type { ControlPlane } from '../control-plane.js';
import { useAsync } from '../lib/use-async.js';

export function Partners({ control }: { control: ControlPlane }) {
  const partners = useAsync(() => control.partners(), [control]);
  const [reveal, setReveal] = useState(false);
  const secret = (value: string) => (reveal ? <code>{value}</code> : <span class="muted">hidden</span>);
  return (
    <>
      <label class="check">
        <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.currentTarget.checked)} />
        Show secrets and passwords
      </label>
      <ErrorNotice error={partners.error} title="The partners could not be listed" />
      {partners.value?.map((p) => (
        <article key={p.tenantId} class="partner" aria-labelledby={`partner-${p.tenantId}`}>
          <h3 id={`partner-${p.tenantId}`}>
            {p.name} <span class="badge">{p.kind === 'sandbox' ? 'integration sandbox' : 'production'}</span>
          </h3>
          <dl>
            <div class="field">
              <dt>Tenant id</dt>
              <dd>
                <code>{p.tenantId}</code>
              </dd>
            </div>
            <div class="field">
              <dt>Domain</dt>
              <dd>{p.domain}</dd>
            </div>
            {p.apps.map((a) => (
              <div class="field" key={a.clientId}>
                <dt>App {a.displayName}</dt>
                <dd>
                  client id <code>{a.clientId}</code>, secret {secret(a.clientSecret)}
                </dd>
              </div>
            ))}
            {p.users.map((u) => (
              <div class="field" key={u.id}>
                <dt>User {u.displayName}</dt>
                <dd>
                  <code>{u.userName}</code>, password {secret(u.password)}
                </dd>
              </div>
            ))}
          </dl>
        </article>
      ))}
    </>
  );
}
