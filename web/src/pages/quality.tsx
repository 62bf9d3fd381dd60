/**
 * Data quality: the per-series report (score, completeness, validity, gaps, outliers, stuck
 * runs, freshness) with CSV export, and the quarantine of rejected input with its reasons, where a
 * row can be fixed and resubmitted, or discarded.
 */
import { type FormEvent, useMemo, useState } from 'react';
import { ApiError, client, ok, type Schema } from '../api/client.js';
import { Async } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { downloadCsv, fileStamp } from '../lib/csv.js';
import { useApi } from '../lib/use-api.js';

type SeriesQuality = Schema<'SeriesQuality'>;
type QuarantineRow = Schema<'QuarantineRow'>;

import { href } from '../router.js';

const hasIssue = (q: SeriesQuality) =>
  q.score < 95 || q.gaps.count > 0 || q.outliers > 0 || q.stuck.runs > 0 || q.quarantined > 0;

function exportReport(rows: readonly SeriesQuality[]) {
  downloadCsv(`quality-${fileStamp(Date.now())}.csv`, [
    [
      'series',
      'unit',
      'score',
      'completeness',
      'validity',
      'freshness',
      'points',
      'accepted',
      'quarantined',
      'duplicates',
      'outliers',
      'gaps',
      'gap_ms',
      'stuck_runs',
      'stuck_points',
      'interval_ms',
      'interval_source',
      'first',
      'last',
      'age_ms',
    ],
    ...rows.map((q) => [
      q.series,
      q.unit,
      q.score,
      q.completeness,
      q.validity,
      q.freshness,
      q.points,
      q.accepted,
      q.quarantined,
      q.duplicates,
      q.outliers,
      q.gaps.count,
      q.gaps.totalMs,
      q.stuck.runs,
      q.stuck.points,
      q.intervalMs,
      q.intervalSource,
      q.first === null ? '' : new Date(q.first).toISOString(),
      q.last === null ? '' : new Date(q.last).toISOString(),
      q.ageMs,
    ]),
  ]);
}

function Report() {
  const i18n = useI18n();
  const { t, pct, num, duration } = i18n;
  const report = useApi('quality', (signal) => ok(client.GET('/api/v1/quality', { signal })), 15_000);
  const [filter, setFilter] = useState('');
  const [onlyIssues, setOnlyIssues] = useState(true);
  const rows = useMemo(
    () =>
      (report.data?.series ?? [])
        .filter((q) => q.series.includes(filter.trim()) && (!onlyIssues || hasIssue(q)))
        .sort((a, b) => a.score - b.score || a.series.localeCompare(b.series)),
    [report.data, filter, onlyIssues],
  );
  return (
    <Async state={report} isEmpty={(r) => r.series.length === 0}>
      {(r) => {
        const mean = r.series.reduce((s, q) => s + q.score, 0) / r.series.length;
        return (
          <>
            <p data-testid="quality-summary">
              {t('quality.summary', {
                series: num(r.series.length, 0),
                issues: num(r.series.filter(hasIssue).length, 0),
                score: num(mean, 1),
              })}
            </p>
            <div className="toolbar">
              <label>
                {t('quality.filter')}{' '}
                <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
              </label>
              <label className="check">
                <input
                  type="checkbox"
                  checked={onlyIssues}
                  onChange={(e) => setOnlyIssues(e.target.checked)}
                />{' '}
                {t('quality.onlyIssues')}
              </label>
              <button type="button" onClick={() => exportReport(r.series)}>
                {t('quality.exportReport')}
              </button>
            </div>
            <div className="table-wrap">
              <table className="data" data-testid="quality-table">
                <thead>
                  <tr>
                    <th scope="col">{t('common.series')}</th>
                    <th scope="col">{t('quality.score')}</th>
                    <th scope="col">{t('quality.completeness')}</th>
                    <th scope="col">{t('quality.validity')}</th>
                    <th scope="col">{t('quality.freshness')}</th>
                    <th scope="col">{t('quality.gaps')}</th>
                    <th scope="col">{t('quality.outliers')}</th>
                    <th scope="col">{t('quality.stuck')}</th>
                    <th scope="col">{t('quality.quarantined')}</th>
                    <th scope="col">{t('quality.points')}</th>
                    <th scope="col">{t('quality.age')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.slice(0, 300).map((q) => (
                    <tr key={q.series} data-series={q.series}>
                      <th scope="row">
                        <a
                          href={href('/telemetry', {
                            asset: q.series.slice(0, q.series.lastIndexOf('/')),
                            series: q.series,
                          })}
                        >
                          {q.series}
                        </a>{' '}
                        <span className="muted small">[{q.unit}]</span>
                      </th>
                      <td className={`num score ${q.score < 80 ? 'bad' : q.score < 95 ? 'warn' : 'good'}`}>
                        {num(q.score, 1)}
                      </td>
                      <td className="num">{pct(q.completeness)}</td>
                      <td className="num">{pct(q.validity)}</td>
                      <td className="num">{pct(q.freshness)}</td>
                      <td className="num">
                        {num(q.gaps.count, 0)}
                        {q.gaps.count > 0 && (
                          <span className="muted small"> ({duration(q.gaps.totalMs)})</span>
                        )}
                      </td>
                      <td className="num">{num(q.outliers, 0)}</td>
                      <td className="num">{num(q.stuck.runs, 0)}</td>
                      <td className="num">{num(q.quarantined, 0)}</td>
                      <td className="num">{num(q.points, 0)}</td>
                      <td className="num">{q.ageMs === null ? '—' : duration(q.ageMs)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {rows.length === 0 && <p className="status empty">{t('common.empty')}</p>}
            </div>
          </>
        );
      }}
    </Async>
  );
}

function FixForm({ row, onDone }: { row: QuarantineRow; onDone: (msg: string) => void }) {
  const { t } = useI18n();
  const [raw, setRaw] = useState(row.raw);
  const [seriesId, setSeriesId] = useState(row.seriesId ?? '');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await ok(
        client.POST('/api/v1/quarantine/{id}/resubmit', {
          params: { path: { id: row.id } },
          body: {
            ...(raw !== row.raw ? { raw } : {}),
            ...(seriesId !== '' && seriesId !== row.seriesId ? { seriesId } : {}),
          },
        }),
      );
      onDone(t('quality.resubmitted', { id: row.id }));
    } catch (err) {
      setError(
        t('quality.stillRejected', {
          message: err instanceof ApiError || err instanceof Error ? err.message : String(err),
        }),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="fix-form" onSubmit={submit} aria-label={t('quality.fixTitle', { id: row.id })}>
      <label>
        {t('quality.raw')}
        <textarea
          value={raw}
          onChange={(e) => setRaw(e.target.value)}
          rows={3}
          spellCheck={false}
          data-testid="fix-raw"
        />
      </label>
      <label>
        {t('common.series')}
        <input value={seriesId} onChange={(e) => setSeriesId(e.target.value)} spellCheck={false} />
      </label>
      {error && (
        <p className="status error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {t('quality.resubmit')}
      </button>
    </form>
  );
}

function Quarantine() {
  const { t, dateTime } = useI18n();
  const rows = useApi(
    'quarantine',
    (signal) =>
      ok(client.GET('/api/v1/quarantine', { params: { query: { status: 'open', limit: 100 } }, signal })),
    15_000,
  );
  const [open, setOpen] = useState<number>();
  const [message, setMessage] = useState<string>();
  const done = (msg: string) => {
    setMessage(msg);
    setOpen(undefined);
    rows.reload();
  };
  const discard = async (id: number) => {
    try {
      await ok(client.POST('/api/v1/quarantine/{id}/discard', { params: { path: { id } } }));
      done(t('quality.discarded', { id }));
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <>
      {message && (
        <p className="status" role="status">
          {message}
        </p>
      )}
      <Async state={rows} isEmpty={(r) => r.rows.length === 0} empty={t('quality.noQuarantine')}>
        {(r) => (
          <div className="table-wrap">
            <table className="data" data-testid="quarantine-table">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t('common.time')}</th>
                  <th scope="col">{t('quality.location')}</th>
                  <th scope="col">{t('quality.reasons')}</th>
                  <th scope="col">{t('quality.raw')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('quality.fix')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.rows.map((q) => (
                  <tr key={q.id} data-quarantine={q.id}>
                    <td className="num">{q.id}</td>
                    <td>{dateTime(q.ts)}</td>
                    <td>
                      <code>{q.location}</code>
                      {q.seriesId && <div className="muted small">{q.seriesId}</div>}
                    </td>
                    <td>
                      <ul className="reasons">
                        {q.reasons.map((x) => (
                          <li key={`${x.code}:${x.where ?? ''}:${x.message}`}>
                            <code>{x.code}</code> {x.message}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      {open === q.id ? (
                        <FixForm row={q} onDone={done} />
                      ) : (
                        <code className="raw">{q.raw.length > 160 ? `${q.raw.slice(0, 160)}…` : q.raw}</code>
                      )}
                    </td>
                    <td className="actions">
                      <button
                        type="button"
                        onClick={() => setOpen(open === q.id ? undefined : q.id)}
                        aria-expanded={open === q.id}
                      >
                        {open === q.id ? t('common.cancel') : t('quality.fix')}
                      </button>{' '}
                      <button type="button" onClick={() => discard(q.id)}>
                        {t('quality.discard')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Async>
    </>
  );
}

export default function QualityPage() {
  const { t } = useI18n();
  return (
    <div className="page quality">
      <h1>{t('quality.title')}</h1>
      <section aria-labelledby="report-h">
        <h2 id="report-h" className="sr-only">
          {t('quality.title')}
        </h2>
        <Report />
      </section>
      <section aria-labelledby="q-h">
        <h2 id="q-h">{t('quality.quarantine')}</h2>
        <Quarantine />
      </section>
    </div>
  );
}
