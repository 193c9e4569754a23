/** @module The signed-out page: one button to the sandbox's sign-in page, where the partner is picked. */
import { useState } from 'preact/hooks';
import { ErrorNotice } from '../components/error-notice.js';
import { beginSignIn } from '../session.js';

export function SignInPage({ error }: { error: unknown }) {
  const [starting, setStarting] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  return (
    <section class="sign-in card" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in to the sandbox</h1>
      <p>
        Sign in as a partner user, as you would to Partner Center. The sandbox's sign-in page lists its partners (the
        integration sandbox and the production account) with their users: pick the one to work as.
      </p>
      <ErrorNotice error={error ?? failure} title="Sign-in failed" />
      <button
        type="button"
        disabled={starting}
        onClick={() => {
          setStarting(true);
          beginSignIn(location.hash || '#/customers').catch((e: unknown) => {
            setFailure(e);
            setStarting(false);
          });
        }}
      >
        Sign in
      </button>
      <p class="muted">
        The sandbox panel (clock, scenarios, fault rules, request journal) needs only the admin key:{' '}
        <a href="#/sandbox">open it</a>.
      </p>
    </section>
  );
}
