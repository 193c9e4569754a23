/** @module The dashboard's shell: sign-in state, the clients, the header and the page the fragment names. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError } from './api.js';
import { ErrorNotice } from './components/error-notice.js';
import { Dashboard, type DashboardContext, type Notice } from './context.js';
import { ControlPlane, loadAdminKey, saveAdminKey } from './control-plane.js';
import { useRoute } from './lib/hash-route.js';
import { CustomerPage } from './pages/customer-page.js';
import { CustomersPage } from './pages/customers-page.js';
import { SandboxPage } from './pages/sandbox-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { PartnerCenter } from './partner-center.js';
import { completeSignIn, loadSession, refreshSession, signOut, type Session } from './session.js';

const APP_ONLY_KEY = 'partnerbox.appOnlyToken';

function notSignedIn(): ApiError {
  return new ApiError({
    status: 401,
    code: undefined,
    description: 'Sign in first: the dashboard calls /v1 with your App+User token.',
    data: [],
    requestId: '-',
    method: 'GET',
    path: '/v1',
  });
}

export function App() {
  const route = useRoute();
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const [signInError, setSignInError] = useState<unknown>();
  const [completing, setCompleting] = useState(() => /[?&](code|error)=/.test(location.search));
  const [adminKey, setAdminKeyState] = useState(loadAdminKey);
  const [appOnlyToken, setAppOnlyTokenState] = useState(() => sessionStorage.getItem(APP_ONLY_KEY) ?? undefined);
  const [notice, notify] = useState<Notice | undefined>();

  useEffect(() => {
    if (!completing) return;
    completeSignIn()
      .then((done) => {
        if (done) {
          setSession(done.session);
          location.hash = done.returnTo;
        }
      })
      .catch(setSignInError)
      .finally(() => setCompleting(false));
  }, [completing]);

  const context = useMemo<DashboardContext>(() => {
    let current = session;
    const authorize = async () => {
      if (appOnlyToken) return `Bearer ${appOnlyToken}`;
      if (!current) throw notSignedIn();
      // A minute early: the token must still be valid when the request arrives.
      if (current.expiresAt - 60_000 < Date.now()) {
        const renewed = await refreshSession(current);
        if (!renewed) {
          setSession(undefined);
          throw notSignedIn();
        }
        current = renewed;
        setSession(renewed);
      }
      return `Bearer ${current.accessToken}`;
    };
    return {
      session,
      partnerCenter: new PartnerCenter(authorize),
      control: adminKey ? new ControlPlane(adminKey) : undefined,
      setAdminKey: (key) => {
        saveAdminKey(key);
        setAdminKeyState(key);
      },
      appOnly: appOnlyToken !== undefined,
      setAppOnlyToken: (token) => {
        if (token) sessionStorage.setItem(APP_ONLY_KEY, token);
        else sessionStorage.removeItem(APP_ONLY_KEY);
        setAppOnlyTokenState(token);
      },
      notify,
    };
  }, [session, adminKey, appOnlyToken]);

  // A notice belongs to its page; one marked `next` survives the one navigation it announces.
  useEffect(() => notify((n) => (n?.next ? { ...n, next: false } : undefined)), [route]);

  const signedIn = session !== undefined || appOnlyToken !== undefined;
  let page;
  if (completing) page = <p role="status">Signing in…</p>;
  else if (route.page === 'sandbox') page = <SandboxPage />;
  else if (!signedIn) page = <SignInPage error={signInError} />;
  else if (route.page === 'customer') page = <CustomerPage customerId={route.customerId} />;
  else page = <CustomersPage />;

  return (
    <Dashboard.Provider value={context}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top">
        <div class="brand">
          <span aria-hidden="true" class="logo">
            ▣
          </span>{' '}
          Partnerbox
        </div>
        <nav aria-label="Main">
          <a href="#/customers" aria-current={route.page !== 'sandbox' ? 'page' : undefined}>
            Customers
          </a>
          <a href="#/sandbox" aria-current={route.page === 'sandbox' ? 'page' : undefined}>
            Sandbox
          </a>
        </nav>
        {session ? (
          <div class="who">
            <span class="user" title={`Tenant ${session.user.tenantId}`}>
              {session.user.userName || session.user.name}
            </span>
            <button type="button" class="secondary small" onClick={signOut}>
              Sign out
            </button>
          </div>
        ) : null}
      </header>
      {appOnlyToken ? (
        <div class="banner" role="status">
          /v1 calls use an App-only token (chosen in the Sandbox panel).{' '}
          <button type="button" class="secondary small" onClick={() => context.setAppOnlyToken(undefined)}>
            Use my sign-in again
          </button>
        </div>
      ) : null}
      <main id="main" tabIndex={-1}>
        {notice ? (
          <div class={`notice ${notice.kind}`} role="status">
            {notice.text}
          </div>
        ) : null}
        {route.page !== 'sandbox' && signedIn ? <ErrorNotice error={signInError} title="Sign-in failed" /> : null}
        {page}
      </main>
    </Dashboard.Provider>
  );
}
