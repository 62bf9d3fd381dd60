/**
 * The process diagram of one line: its machines in flow order joined by pipes, with the time of
 * the newest value, CSV export of the values shown, and the state legend.
 */
import { useMemo } from 'react';
import type { Schema } from '../../api/client.js';
import { Empty } from '../../components/status.js';
import { useI18n } from '../../i18n/i18n.js';
import { downloadCsv, fileStamp } from '../../lib/csv.js';
import { diagramSize, pipePath } from './layout.js';
import { MachineBox } from './machine-box.js';
import { StateLegend } from './state-legend.js';
import { useLatestValues } from './use-latest-values.js';

export function LineDiagram({
  line,
  series,
}: {
  line: Schema<'AssetNode'>;
  series: readonly Schema<'Series'>[];
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const ids = useMemo(() => series.map((s) => s.id), [series]);
  const unitOf = useMemo(() => new Map(series.map((s) => [s.id, s.unit])), [series]);
  const { values, now } = useLatestValues(ids);

  // The process is drawn from the machines that report a state; other equipment on the line (a
  // camera, an energy meter) has its own page.
  const stated = new Set(
    series.filter((s) => s.id.endsWith('/state')).map((s) => s.id.slice(0, -'/state'.length)),
  );
  const machines = line.children.filter((m) => stated.has(m.id));
  if (machines.length === 0) return <Empty>{t('process.noLines')}</Empty>;
  const { width, height } = diagramSize(machines.length);
  let latestTs = 0;
  for (const v of values.values()) latestTs = Math.max(latestTs, v.ts);

  const exportCsv = () =>
    downloadCsv(`process-${line.id.replace(/\//g, '_')}-${fileStamp(Date.now())}.csv`, [
      ['series', 'time', 'value', 'unit'],
      ...[...values].map(([k, v]) => [k, new Date(v.ts).toISOString(), v.value, unitOf.get(k) ?? '']),
    ]);

  return (
    <>
      <div className="toolbar">
        <span className="muted small">
          {latestTs > 0 ? t('process.updated', { time: i18n.time(latestTs) }) : t('common.noData')}
        </span>
        <button type="button" onClick={exportCsv}>
          {t('common.exportCsv')}
        </button>
      </div>
      <svg
        className="process"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby="process-title"
        data-testid="process-svg"
      >
        <title id="process-title">{line.name}</title>
        {machines.slice(1).map((m, i) => (
          <path key={m.id} d={pipePath(i)} className="pipe" markerEnd="url(#arrow)" />
        ))}
        <defs>
          <marker
            id="arrow"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="6"
            markerHeight="6"
            orient="auto-start-reverse"
          >
            <path d="M0 0 L10 5 L0 10 z" className="arrow" />
          </marker>
        </defs>
        {machines.map((m, i) => (
          <MachineBox key={m.id} machine={m} index={i} values={values} unitOf={unitOf} now={now} />
        ))}
      </svg>
      <StateLegend />
    </>
  );
}
