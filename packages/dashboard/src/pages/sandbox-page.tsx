/**
 * @module The sandbox panel: what Partner Center has no page for. The admin key is asked for
 * once per browser session; then the clock, scenarios and reset, fault rules, the request
 * journal (live), the seeded partners with their credentials, and the token `/v1` calls use.
 */
import { useState } from 'preact/hooks';
import { ErrorNotice } from '../components/error-notice.js';
import { useDashboard } from '../context.js';
import { ControlPlane } from '../control-plane.js';
import { ClockControl } from './clock-control.js';
import { FaultRules } from './fault-rules.js';
import { Journal } from './journal.js';
import { Partners } from './partners.js';
import { Scenarios } from './scenarios.js';
import { TokenChoice } from './token-choice.js';

function AdminKeyForm() {
  const { setAdminKey } = useDashboard();
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>();
  return (
    <form
      class="card"
      aria-labelledby="admin-key-title"
      onSubmit={(event) => {
        event.preventDefault();
        const candidate = key.trim();
        new ControlPlane(candidate).clock().then(
          () => setAdminKey(candidate),
          (e: unknown) => setError(e),
        );
      }}
    >
      <h2 id="admin-key-title">Unlock the sandbox panel</h2>
      <p>
        <code>partnerbox serve</code> prints the sandbox's admin key when it starts. It is kept for this browser tab
        only.
      </p>
      <label>
        Admin key
        <input type="password" autocomplete="off" required value={key} onInput={(e) => setKey(e.currentTarget.value)} />
      </label>
      <ErrorNotice error={error} title="The key was refused" />
      <div class="actions">
        <button type="submit">Open the panel</button>
      </div>
    </form>
  );
}

export function SandboxPage() {
  const { control, setAdminKey } = useDashboard();
  return (
    <>
      <div class="page-head">
        <h1>Sandbox</h1>
        {control ? (
          <button type="button" class="secondary small" onClick={() => setAdminKey(undefined)}>
            Forget the admin key
          </button>
        ) : null}
      </div>
      {control ? (
        <div class="panel-grid">
          <section class="card" aria-labelledby="clock-title">
            <h2 id="clock-title">Clock</h2>
            <ClockControl />
          </section>
          <section class="card" aria-labelledby="token-title">
            <h2 id="token-title">Token for /v1</h2>
            <TokenChoice control={control} />
          </section>
          <section class="card wide" aria-labelledby="scenarios-title">
            <h2 id="scenarios-title">Scenarios and reset</h2>
            <Scenarios control={control} />
          </section>
          <section class="card wide" aria-labelledby="faults-title">
            <h2 id="faults-title">Fault rules</h2>
            <FaultRules control={control} />
          </section>
          <section class="card wide" aria-labelledby="journal-title">
            <h2 id="journal-title">Request journal</h2>
            <Journal control={control} />
          </section>
          <section class="card wide" aria-labelledby="partners-title">
            <h2 id="partners-title">Seeded partners</h2>
            <Partners control={control} />
          </section>
        </div>
      ) : (
        <AdminKeyForm />
      )}
    </>
  );
}
