/**
 * The shell: header with language switch, time-zone note,
 * live-feed status and sign-in (shown when the server asks for it; a session cookie, no stored key),
 * then the grouped page nav (built from the page registry) beside the routed page.
 */
import { type FormEvent, Suspense, useEffect, useState } from 'react';
import {
  apiBase,
  client,
  loadMe,
  type Me,
  ok,
  onAuthChange,
  onUnauthorized,
  signIn,
  signOut,
} from './api/client.js';
import { restartLive, subscribeStatus } from './api/live.js';
import { Loading, PageBoundary } from './components/status.js';
import { LOCALES, type Locale, useI18n } from './i18n/i18n.js';
import { NAV_GROUPS, PAGES } from './pages/registry.js';
import { href, useRoute } from './router.js';

function SignInPanel({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sso, setSso] = useState(false);
  useEffect(() => {
    ok(client.GET('/api/v1/auth/methods'))
      .then((m) => setSso(m.oidc))
      .catch(() => undefined);
  }, []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const credentials = key.trim() !== '' ? { apiKey: key.trim() } : { username: username.trim(), password };
    signIn(credentials)
      .then(() => {
        // The key was only needed to start the session: forget it at once.
        setKey('');
        setPassword('');
        restartLive();
        onDone();
      })
      .catch((err: unknown) => setError(t('shell.signInFailed', { message: (err as Error).message })));
  };
  return (
    <form className="key-panel" onSubmit={submit} aria-label={t('shell.signIn')}>
      <p>{t('shell.signInHint')}</p>
      <label>
        {t('shell.username')}{' '}
        <input
          name="username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
      </label>{' '}
      <label>
        {t('shell.password')}{' '}
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>{' '}
      <label>
        {t('shell.orApiKey')}{' '}
        <input
          name="apiKey"
          type="password"
          autoComplete="off"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          placeholder="xz_…"
          spellCheck={false}
        />
      </label>{' '}
      <button type="submit">{t('shell.signIn')}</button>
      {sso && (
        <>
          {' '}
          <a href={`${apiBase()}/auth/oidc/start`}>{t('shell.signInSso')}</a>
        </>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}

function LiveStatus() {
  const { t } = useI18n();
  const [on, setOn] = useState(false);
  useEffect(() => subscribeStatus(setOn), []);
  return (
    <span className={`live-dot ${on ? 'on' : 'off'}`} title={on ? t('shell.live') : t('shell.offline')}>
      {on ? t('shell.live') : ''}
    </span>
  );
}

/**
 * Fifteen pages in one bar wrapped to two lines at 1440 px: a sidebar grouped by what the user is
 * doing keeps every page one click away and the header one line high. Plain links under headed
 * lists (labelled sections), so the tab order and screen readers need nothing beyond the markup.
 */
function SideNav({ current }: { current: string }) {
  const { t } = useI18n();
  return (
    <nav className="sidebar" aria-label={t('nav.label')}>
      {NAV_GROUPS.map((g) => (
        <section key={g} aria-labelledby={`nav-group-${g}`}>
          {/* Not a heading: a page titled like its group ("Control") keeps a single heading. */}
          <div className="group" id={`nav-group-${g}`}>
            {t(`nav.group.${g}`)}
          </div>
          <ul>
            {PAGES.filter((p) => p.group === g).map((p) => (
              <li key={p.path}>
                <a href={href(p.path)} aria-current={p.path === current ? 'page' : undefined}>
                  {t(p.title)}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}

export function App() {
  const i18n = useI18n();
  const { t } = i18n;
  const route = useRoute();
  const [needKey, setNeedKey] = useState(false);
  const [me, setMe] = useState<Me | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    // In first-run open mode /auth/me answers with the open principal: no sign-in needed.
    const refresh = () =>
      loadMe()
        .then((m) => {
          setMe(m);
          setNeedKey(m === null);
        })
        .catch(() => undefined);
    void refresh();
    const offKey = onAuthChange(() => {
      void refresh();
      setVersion((v) => v + 1);
    });
    const offRefused = onUnauthorized(() => setNeedKey(true));
    return () => {
      offKey();
      offRefused();
    };
  }, []);

  const page = PAGES.find((p) => p.path === route.path);
  useEffect(() => {
    document.title = `${page ? t(page.title) : ''} · ${t('app.title')}`;
  }, [page, t]);
  const Page = page?.component;

  return (
    <>
      <button type="button" className="skip" onClick={() => document.getElementById('main')?.focus()}>
        {t('shell.skip')}
      </button>
      <header className="shell">
        <div className="brand">
          <strong>{t('app.title')}</strong> <span>{t('app.tagline')}</span>
        </div>
        <div className="tools">
          <LiveStatus />
          <span className="tz">{t('shell.timeZone', { zone: i18n.timeZone })}</span>
          <label>
            <span className="sr-only">{t('shell.language')}</span>
            <select
              value={i18n.locale}
              onChange={(e) => i18n.setLocale(e.target.value as Locale)}
              aria-label={t('shell.language')}
            >
              {Object.entries(LOCALES).map(([code, name]) => (
                <option key={code} value={code}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          {me && me.principal.kind !== 'open' ? (
            <>
              <span className="who">
                {t('shell.signedInAs', { name: me.principal.name, role: me.principal.role })}
              </span>{' '}
              <button
                type="button"
                className="link"
                onClick={() => {
                  void signOut().then(() => restartLive());
                }}
              >
                {t('shell.signOut')}
              </button>
            </>
          ) : (
            <button type="button" className="link" onClick={() => setNeedKey((v) => !v)}>
              {t('shell.signIn')}
            </button>
          )}
        </div>
      </header>
      {needKey && <SignInPanel onDone={() => setNeedKey(false)} />}
      <div className="layout">
        <SideNav current={route.path} />
        <main id="main" tabIndex={-1}>
          {Page ? (
            <PageBoundary
              key={`${route.path}:${version}`}
              message={(e) => t('common.error', { message: e.message })}
              retry={t('common.retry')}
            >
              <Suspense fallback={<Loading />}>
                <Page />
              </Suspense>
            </PageBoundary>
          ) : (
            <p className="status">{t('shell.notFound', { path: route.path })}</p>
          )}
        </main>
      </div>
    </>
  );
}
