import { useMemo, useState } from 'react';
import { client, ok, type Schema } from '../../api/client.js';
import { DataTable } from '../../components/data-table.js';
import { Async, Empty } from '../../components/status.js';
import { useI18n } from '../../i18n/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { href } from '../../router.js';
import { exportReport } from './export.js';

type SeriesQuality = Schema<'SeriesQuality'>;

const hasIssue = (q: SeriesQuality) =>
  q.score < 95 || q.gaps.count > 0 || q.outliers > 0 || q.stuck.runs > 0 || q.quarantined > 0;

/** The per-series report, worst first, filtered by name and (by default) to series with an issue. */
export function Report() {
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
