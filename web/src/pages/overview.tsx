/** Landing page: sites and lines, OEE with its three factors, alerts, data freshness. */
import { client, ok, type Schema } from '../api/client.js';

type Freshness = Schema<'Freshness'>;
type OeeReport = Schema<'OeeReport'>;
type OeeLine = OeeReport['lines'][number];
type OeeFigures = NonNullable<OeeLine['group']>;

import { DataTable } from '../components/data-table.js';
import { Async, ErrorBox } from '../components/status.js';
import { type I18n, useI18n } from '../i18n/i18n.js';
import { downloadCsv, fileStamp } from '../lib/csv.js';
import { useApi } from '../lib/use-api.js';
import { href } from '../router.js';

const REFRESH_MS = 5000;
/** The server refreshes live OEE every 15 s (stale-while-revalidate); polling faster gains nothing. */
const OEE_REFRESH_MS = 15_000;

function FreshnessBar({ f }: { f: Freshness }) {
  const { t, num } = useI18n();
  const total = Math.max(1, f.series);
  const parts = [
    { key: 'fresh', n: f.fresh, label: t('overview.fresh') },
    { key: 'recent', n: f.recent, label: t('overview.recent') },
    { key: 'stale', n: f.stale + f.empty, label: t('overview.stale') },
  ] as const;
  return (
    <div className="freshness">
      <div className="bar" aria-hidden="true">
        {parts.map((p) => (
          <span key={p.key} className={p.key} style={{ width: `${(100 * p.n) / total}%` }} />
        ))}
      </div>
      <ul className="legend">
        {parts.map((p) => (
          <li key={p.key}>
            <span className={`swatch ${p.key}`} aria-hidden="true" /> {p.label}: <b>{num(p.n, 0)}</b>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Factors({ f, i18n }: { f: OeeFigures; i18n: I18n }) {
  const { t, pct } = i18n;
  return (
    <dl className="factors">
      <div>
        <dt>{t('overview.availability')}</dt>
        <dd>{pct(f.availability)}</dd>
      </div>
      <div aria-hidden="true" className="op">
        ×
      </div>
      <div>
        <dt>{t('overview.performance')}</dt>
        <dd>{pct(f.effectiveness)}</dd>
      </div>
      <div aria-hidden="true" className="op">
        ×
      </div>
      <div>
        <dt>{t('overview.qualityRatio')}</dt>
        <dd>{pct(f.quality)}</dd>
      </div>
    </dl>
  );
}

function OeeSection() {
  const i18n = useI18n();
  const { t, pct, num, dateTime } = i18n;
  const oee = useApi('oee', (signal) => ok(client.GET('/api/v1/oee', { signal })), OEE_REFRESH_MS);
  if (oee.error && oee.data === undefined) {
    // An older server without the OEE route is not an error worth a red box.
    if ('status' in oee.error && oee.error.status === 404)
      return <p className="status empty">{t('overview.noOee')}</p>;
    return <ErrorBox error={oee.error} onRetry={oee.reload} />;
  }
  const exportOee = (r: OeeReport) =>
    downloadCsv(`oee-${fileStamp(r.to)}.csv`, [
      ['line', 'machine', 'oee', 'availability', 'performance', 'quality', 'produced', 'good', 'from', 'to'],
      ...r.lines
        .flatMap((l) => [
          ...(l.group
            ? [
                [
                  l.id,
                  '',
                  l.group.oee,
                  l.group.availability,
                  l.group.effectiveness,
                  l.group.quality,
                  l.group.pq,
                  l.group.gq,
                ],
              ]
            : []),
          ...l.machines.map((m) => [
            l.id,
            m.id,
            m.oee,
            m.availability,
            m.effectiveness,
            m.quality,
            m.pq,
            m.gq,
          ]),
        ])
        .map((row) => [...row, new Date(r.from).toISOString(), new Date(r.to).toISOString()]),
    ]);
  return (
    <Async state={oee} isEmpty={(r) => r.lines.length === 0} empty={t('overview.noOee')}>
      {(r) => (
        <>
          <div className="section-head">
            <p className="muted">{t('overview.oeeWindow', { from: dateTime(r.from) })}</p>
            <button type="button" onClick={() => exportOee(r)}>
              {t('common.exportCsv')}
            </button>
          </div>
          <div className="cards">
            {r.lines.map((l) => (
              <article key={l.id} className="card oee-card" data-testid="oee-line">
                <h3>
                  <a href={href('/process', { line: l.id })}>{l.name}</a>
                </h3>
                <p className="big" data-testid="oee-value">
                  {pct(l.group?.oee ?? null)}
                </p>
                {l.group && <Factors f={l.group} i18n={i18n} />}
                <DataTable
                  variant="compact"
                  caption={t('overview.machines')}
                  captionHidden
                  rows={l.machines}
                  rowKey={(m) => m.id}
                  columns={[
                    {
                      key: 'machine',
                      header: t('overview.machines'),
                      rowHeader: true,
                      cell: (m) => <a href={href('/telemetry', { asset: m.id })}>{m.name}</a>,
                    },
                    { key: 'oee', header: t('overview.oee'), num: true, cell: (m) => pct(m.oee) },
                    {
                      key: 'a',
                      header: <abbr title={t('overview.availability')}>A</abbr>,
                      num: true,
                      cell: (m) => pct(m.availability, 0),
                    },
                    {
                      key: 'p',
                      header: <abbr title={t('overview.performance')}>P</abbr>,
                      num: true,
                      cell: (m) => pct(m.effectiveness, 0),
                    },
                    {
                      key: 'q',
                      header: <abbr title={t('overview.qualityRatio')}>Q</abbr>,
                      num: true,
                      cell: (m) => pct(m.quality, 0),
                    },
                  ]}
                />
                <p className="muted small">
                  {t('overview.producedGood', { pq: num(l.group?.pq ?? 0, 0), gq: num(l.group?.gq ?? 0, 0) })}
                </p>
              </article>
            ))}
          </div>
        </>
      )}
    </Async>
  );
}

export function OverviewPage() {
  const i18n = useI18n();
  const { t, num, dateTime, duration, plural } = i18n;
  const state = useApi('overview', (signal) => ok(client.GET('/api/v1/overview', { signal })), REFRESH_MS);
  return (
    <div className="page overview">
      <h1>{t('overview.title')}</h1>
      <Async state={state} isEmpty={(o) => o.sites.length === 0} empty={t('overview.empty')}>
        {(o) => (
          <>
            <section aria-labelledby="kpi-h" className="kpis">
              <h2 id="kpi-h" className="sr-only">
                {t('overview.freshness')}
              </h2>
              <div className="kpi">
                <span>{t('overview.sites')}</span>
                <b data-testid="kpi-sites">{num(o.sites.length, 0)}</b>
              </div>
              <div className="kpi">
                <span>{t('common.series')}</span>
                <b data-testid="kpi-series">{num(o.freshness.series, 0)}</b>
              </div>
              <div className="kpi">
                <span>{t('overview.latestPoint')}</span>
                <b data-testid="kpi-latest">
                  {o.freshness.latestTs === null
                    ? t('common.never')
                    : t('common.ago', { value: duration(Math.max(0, o.now - o.freshness.latestTs)) })}
                </b>
              </div>
              <div className="kpi">
                <span>{t('overview.alerts')}</span>
                {/* The server sends the latest 50: more than that shows as "50+". */}
                <b data-testid="kpi-alerts">
                  {num(o.alerts.length, 0)}
                  {o.alerts.length >= 50 ? '+' : ''}
                </b>
              </div>
              <div className="kpi">
                <span>{t('overview.openQuarantine')}</span>
                <b>
                  <a href={href('/quality')}>{num(o.quarantineOpen, 0)}</a>
                </b>
              </div>
            </section>

            <section aria-labelledby="oee-h">
              <h2 id="oee-h">{t('overview.oee')}</h2>
              <OeeSection />
            </section>

            <div className="two-col">
              <section aria-labelledby="sites-h">
                <h2 id="sites-h">{t('overview.sites')}</h2>
                <div className="cards">
                  {o.sites.map((s) => (
                    <article key={s.id} className="card" data-testid="site">
                      <h3>
                        <a href={href('/telemetry', { asset: s.id })}>{s.name}</a>{' '}
                        <span className="muted small">{i18n.kind(s.kind)}</span>
                      </h3>
                      <p className="muted small">
                        {plural('overview.assets', s.assets)} ·{' '}
                        {t('overview.seriesCount', { count: num(s.series, 0) })}
                      </p>
                      {s.lines.length > 0 && (
                        <ul className="inline-list">
                          {s.lines.map((l) => (
                            <li key={l.id}>
                              <a
                                href={href(
                                  l.kind === 'line' ? '/process' : '/telemetry',
                                  l.kind === 'line' ? { line: l.id } : { asset: l.id },
                                )}
                              >
                                {l.name}
                              </a>{' '}
                              <span className="muted small">({num(l.machines, 0)})</span>
                            </li>
                          ))}
                        </ul>
                      )}
                      <FreshnessBar f={s.freshness} />
                    </article>
                  ))}
                </div>
              </section>
              <section aria-labelledby="alerts-h">
                <h2 id="alerts-h">{t('overview.alerts')}</h2>
                {o.alerts.length === 0 ? (
                  <p className="status empty">{t('overview.noAlerts')}</p>
                ) : (
                  <ul className="alerts" data-testid="alerts">
                    {o.alerts.slice(0, 12).map((e) => (
                      <li key={e.id} className={`sev-${e.severity}`}>
                        <span className="sev">{t(`severity.${e.severity}`)}</span>
                        <time dateTime={new Date(e.ts).toISOString()}>{dateTime(e.ts)}</time>
                        <span className="msg">
                          {e.seriesId ? (
                            <a
                              href={href('/telemetry', { asset: e.assetId ?? undefined, series: e.seriesId })}
                            >
                              {e.seriesId}
                            </a>
                          ) : (
                            e.assetId
                          )}{' '}
                          {e.message}
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            </div>
          </>
        )}
      </Async>
    </div>
  );
}
