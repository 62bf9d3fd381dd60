/**
 * Data quality: the per-series report (score, completeness, validity, gaps, outliers, stuck
 * runs, freshness) with CSV export, and the quarantine of rejected input with its reasons, where a
 * row can be fixed and resubmitted, or discarded.
 */
import { type FormEvent, useMemo, useState } from 'react';
import { client, ok, type Schema } from '../api/client.js';
import { DataTable } from '../components/data-table.js';
import { Async, Empty, ErrorBox } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { downloadCsv, fileStamp } from '../lib/csv.js';
import { useAction } from '../lib/use-action.js';
import { useApi } from '../lib/use-api.js';
import { href } from '../router.js';

type SeriesQuality = Schema<'SeriesQuality'>;
type QuarantineRow = Schema<'QuarantineRow'>;

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
            <DataTable
              testId="quality-table"
              rows={rows.slice(0, 300)}
              rowKey={(q) => q.series}
              rowProps={(q) => ({ 'data-series': q.series })}
              columns={[
                {
                  key: 'series',
                  header: t('common.series'),
                  rowHeader: true,
                  cell: (q) => (
                    <>
                      <a
                        href={href('/telemetry', {
                          asset: q.series.slice(0, q.series.lastIndexOf('/')),
                          series: q.series,
                        })}
                      >
                        {q.series}
                      </a>{' '}
                      <span className="muted small">[{q.unit}]</span>
                    </>
                  ),
                },
                {
                  key: 'score',
                  header: t('quality.score'),
                  num: true,
                  cellProps: (q) => ({
                    className: `score ${q.score < 80 ? 'bad' : q.score < 95 ? 'warn' : 'good'}`,
                  }),
                  cell: (q) => num(q.score, 1),
                },
                {
                  key: 'completeness',
                  header: t('quality.completeness'),
                  num: true,
                  cell: (q) => pct(q.completeness),
                },
                { key: 'validity', header: t('quality.validity'), num: true, cell: (q) => pct(q.validity) },
                {
                  key: 'freshness',
                  header: t('quality.freshness'),
                  num: true,
                  cell: (q) => pct(q.freshness),
                },
                {
                  key: 'gaps',
                  header: t('quality.gaps'),
                  num: true,
                  cell: (q) => (
                    <>
                      {num(q.gaps.count, 0)}
                      {q.gaps.count > 0 && <span className="muted small"> ({duration(q.gaps.totalMs)})</span>}
                    </>
                  ),
                },
                {
                  key: 'outliers',
                  header: t('quality.outliers'),
                  num: true,
                  cell: (q) => num(q.outliers, 0),
                },
                { key: 'stuck', header: t('quality.stuck'), num: true, cell: (q) => num(q.stuck.runs, 0) },
                {
                  key: 'quarantined',
                  header: t('quality.quarantined'),
                  num: true,
                  cell: (q) => num(q.quarantined, 0),
                },
                { key: 'points', header: t('quality.points'), num: true, cell: (q) => num(q.points, 0) },
                {
                  key: 'age',
                  header: t('quality.age'),
                  num: true,
                  cell: (q) => (q.ageMs === null ? '—' : duration(q.ageMs)),
                },
              ]}
            />
            {rows.length === 0 && <Empty />}
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
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const sent = await action.run(async () => {
      await ok(
        client.POST('/api/v1/quarantine/{id}/resubmit', {
          params: { path: { id: row.id } },
          body: {
            ...(raw !== row.raw ? { raw } : {}),
            ...(seriesId !== '' && seriesId !== row.seriesId ? { seriesId } : {}),
          },
        }),
      );
      return true;
    });
    if (sent) onDone(t('quality.resubmitted', { id: row.id }));
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
      {/* Not ErrorBox: the row was read, the server refused it again, and says why. */}
      {action.error && (
        <p className="status error" role="alert">
          {t('quality.stillRejected', { message: action.error.message })}
        </p>
      )}
      <button type="submit" disabled={action.busy !== undefined}>
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
  const action = useAction();
  const done = (msg: string) => {
    setMessage(msg);
    setOpen(undefined);
    rows.reload();
  };
  const discard = async (id: number) => {
    const gone = await action.run(async () => {
      await ok(client.POST('/api/v1/quarantine/{id}/discard', { params: { path: { id } } }));
      return true;
    });
    if (gone) done(t('quality.discarded', { id }));
  };
  return (
    <>
      {message && (
        <p className="status" role="status">
          {message}
        </p>
      )}
      {action.error && <ErrorBox error={action.error} />}
      <Async state={rows} isEmpty={(r) => r.rows.length === 0} empty={t('quality.noQuarantine')}>
        {(r) => (
          <DataTable
            testId="quarantine-table"
            rows={r.rows}
            rowKey={(q) => q.id}
            rowProps={(q) => ({ 'data-quarantine': q.id })}
            columns={[
              { key: 'id', header: '#', num: true, cell: (q) => q.id },
              { key: 'time', header: t('common.time'), cell: (q) => dateTime(q.ts) },
              {
                key: 'location',
                header: t('quality.location'),
                cell: (q) => (
                  <>
                    <code>{q.location}</code>
                    {q.seriesId && <div className="muted small">{q.seriesId}</div>}
                  </>
                ),
              },
              {
                key: 'reasons',
                header: t('quality.reasons'),
                cell: (q) => (
                  <ul className="reasons">
                    {q.reasons.map((x) => (
                      <li key={`${x.code}:${x.where ?? ''}:${x.message}`}>
                        <code>{x.code}</code> {x.message}
                      </li>
                    ))}
                  </ul>
                ),
              },
              {
                key: 'raw',
                header: t('quality.raw'),
                cell: (q) =>
                  open === q.id ? (
                    <FixForm row={q} onDone={done} />
                  ) : (
                    <code className="raw">{q.raw.length > 160 ? `${q.raw.slice(0, 160)}…` : q.raw}</code>
                  ),
              },
              {
                key: 'fix',
                header: t('quality.fix'),
                hiddenHeader: true,
                className: 'actions',
                cell: (q) => (
                  <>
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
                  </>
                ),
              },
            ]}
          />
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
