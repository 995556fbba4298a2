/** The shell: sign-in gate, header with navigation, and the page of the current route. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Api, ApiError, type Me } from './api.js';
import { Loading } from './components/ui.js';
import { AccountPage } from './pages/account.js';
import { AuditPage } from './pages/audit.js';
import { CustomersPage } from './pages/customers.js';
import { DeliveryPage } from './pages/delivery.js';
import { IssuePage } from './pages/issue.js';
import { OverviewPage } from './pages/overview.js';
import { SignIn } from './pages/sign-in.js';
import { SpecPage, SpecsPage } from './pages/specs.js';
import { UploadPage } from './pages/upload.js';
import { UtilityPage } from './pages/utility.js';
import { href, useRoute, type Route } from './router.js';
import { SessionContext, tokenStore, type Session } from './session.js';

export function App(): React.JSX.Element {
  const [token, setToken] = useState<string | null>(() => tokenStore.get());
  const [me, setMe] = useState<Me | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const signedIn = useRef(false);
  const api = useMemo(() => (token ? new Api(token, '', () => {
    // The token stopped working mid-session: back to sign-in, saying why.
    tokenStore.clear();
    setMe(undefined);
    setToken(null);
    setProblem(signedIn.current ? 'Your session ended (the token is no longer accepted). Sign in again.' : 'That token was not accepted.');
    signedIn.current = false;
  }) : undefined), [token]);

  useEffect(() => {
    if (!api) return;
    let live = true;
    api.me().then((m) => { if (live) { signedIn.current = true; setMe(m); } }, (e: unknown) => {
      if (!live || (e instanceof ApiError && e.status === 401)) return; // a 401 is handled by the client's callback
      tokenStore.clear();
      setToken(null);
      setProblem(e instanceof ApiError && (e.status === 401 || e.status === 403) ? 'That token was not accepted.' : `Could not sign in: ${e instanceof Error ? e.message : String(e)}`);
    });
    return () => { live = false; };
  }, [api]);

  const session = useMemo<Session | null>(() => (api && me ? {
    api, me, signOut: () => { signedIn.current = false; tokenStore.clear(); setMe(undefined); setToken(null); setProblem(undefined); },
  } : null), [api, me]);

  if (!token) return <SignIn problem={problem} onToken={(t) => { tokenStore.set(t); setProblem(undefined); setToken(t); }} />;
  if (!session) return <main id="main" className="page"><Loading what="your session" /></main>;
  return (
    <SessionContext.Provider value={session}>
      <Shell session={session} />
    </SessionContext.Provider>
  );
}

function Shell({ session }: { session: Session }): React.JSX.Element {
  const route = useRoute();
  const { me } = session;
  const home: Route = me.role === 'utility' && me.utility ? { page: 'utility', code: me.utility, tab: 'feeds' } : { page: 'overview' };
  const links: { label: string; to: Route; match: (r: Route) => boolean }[] = [
    { label: me.role === 'operator' ? 'Overview' : 'My utility', to: home, match: (r) => r.page === 'overview' || (me.role === 'utility' && r.page === 'utility') },
    { label: 'Upload', to: { page: 'upload', ...(me.utility ? { code: me.utility } : {}) }, match: (r) => r.page === 'upload' },
    { label: 'Specs', to: { page: 'specs' }, match: (r) => r.page === 'specs' || r.page === 'spec' },
  ];
  if (me.role === 'utility' && me.utility) {
    links.splice(2, 0,
      { label: 'Customers', to: { page: 'customers', code: me.utility, q: '' }, match: (r) => r.page === 'customers' || r.page === 'account' },
      { label: 'Audit log', to: { page: 'audit', code: me.utility }, match: (r) => r.page === 'audit' });
  }
  // Move focus to the new page's heading on navigation, as a screen reader user expects from a page change.
  useEffect(() => {
    const h = document.querySelector<HTMLElement>('main h1');
    if (h) { h.tabIndex = -1; h.focus({ preventScroll: true }); }
  }, [route]);
  return (
    <>
      <a className="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>Skip to content</a>
      <header className="top">
        <a className="brand" href={href(home)}>Intake</a>
        <nav aria-label="Main">
          <ul>
            {links.map((l) => (
              <li key={l.label}><a href={href(l.to)} aria-current={l.match(route) ? 'page' : undefined}>{l.label}</a></li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span className="role" data-testid="role">{me.role === 'operator' ? 'Delivery team' : `Utility ${me.utility ?? ''}`}</span>
          <button type="button" className="link" onClick={session.signOut}>Sign out</button>
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        <Page route={route} me={me} />
      </main>
    </>
  );
}

function Page({ route, me }: { route: Route; me: Me }): React.JSX.Element {
  switch (route.page) {
    // A utility's overview is its own utility: it sees no other.
    case 'overview': return me.role === 'utility' && me.utility ? <UtilityPage code={me.utility} tab="feeds" /> : <OverviewPage />;
    case 'utility': return <UtilityPage code={route.code} tab={route.tab} />;
    case 'audit': return <AuditPage code={route.code} />;
    case 'upload': return <UploadPage {...(route.code === undefined ? {} : { code: route.code })} />;
    case 'customers': return <CustomersPage code={route.code} q={route.q} />;
    case 'account': return <AccountPage code={route.code} account={route.account} />;
    case 'delivery': return <DeliveryPage id={route.id} tab={route.tab} />;
    case 'issue': return <IssuePage id={route.id} fingerprint={route.fingerprint} />;
    case 'specs': return <SpecsPage />;
    case 'spec': return <SpecPage standard={route.standard} />;
    case 'not-found': return <><h1>Page not found</h1><p>There is no page at “{route.path}”. <a href="#/">Go to the start.</a></p></>;
  }
}
