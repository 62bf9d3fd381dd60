/**
 * The shell: header with the nav built from the page registry, language switch, time-zone note,
 * live-feed status and the API-key field (shown when the server asks for a key), then the routed page.
 */
import { type FormEvent, Suspense, useEffect, useState } from 'react';
import { api, apiKey, onKeyChange, onUnauthorized, setApiKey } from './api/client.js';
import { restartLive, subscribeStatus } from './api/live.js';
import type { Health } from './api/types.js';
import { Loading, PageBoundary } from './components/status.js';
import { LOCALES, type Locale, useI18n } from './i18n/i18n.js';
import { PAGES } from './pages/registry.js';
import { href, useRoute } from './router.js';

function ApiKeyPanel({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const [value, setValue] = useState(apiKey() ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setApiKey(value);
    restartLive();
    onDone();
  };
  return (
    <form className="key-panel" onSubmit={submit} aria-label={t('shell.apiKey')}>
      <p>{t('shell.apiKeyHint')}</p>
      <label>
        {t('shell.apiKey')}{' '}
        <input
          type="password"
          autoComplete="off"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder="xz_…"
          spellCheck={false}
        />
      </label>{' '}
      <button type="submit">{t('shell.apiKeySave')}</button>{' '}
      {apiKey() && (
        <button
          type="button"
          onClick={() => {
            setApiKey(null);
            setValue('');
          }}
        >
          {t('shell.apiKeyClear')}
        </button>
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

export function App() {
  const i18n = useI18n();
  const { t } = i18n;
  const route = useRoute();
  const [needKey, setNeedKey] = useState(false);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    api<Health>('/health')
      .then((h) => setNeedKey(h.auth === 'keys' && apiKey() === null))
      .catch(() => undefined);
    const offKey = onKeyChange(() => setVersion((v) => v + 1));
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
        <nav aria-label={t('nav.label')}>
          <ul>
            {PAGES.map((p) => (
              <li key={p.path}>
                <a href={href(p.path)} aria-current={p.path === route.path ? 'page' : undefined}>
                  {t(p.title)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
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
          <button type="button" className="link" onClick={() => setNeedKey((v) => !v)}>
            {t('shell.apiKey')}
          </button>
        </div>
      </header>
      {needKey && <ApiKeyPanel onDone={() => setNeedKey(false)} />}
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
    </>
  );
}
