import type { Schema } from '../../api/client.js';
import { DataTable } from '../../components/data-table.js';
import { useI18n } from '../../i18n/i18n.js';

type PlanResult = Schema<'PlanResult'>;
type LinePeriod = PlanResult['lines'][number];

interface Run {
  readonly lp: LinePeriod;
  readonly p: LinePeriod['production'][number];
}

/** The Gantt chart's content as a table, for screen readers and for reading exact figures. */
export function GanttTable({
  result,
  lineNames,
}: {
  result: PlanResult;
  lineNames: ReadonlyMap<string, string>;
}) {
  const { t, num } = useI18n();
  const runs = result.lines.flatMap((lp) => lp.production.map((p): Run => ({ lp, p })));
  return (
    <details className="gantt-table">
      <summary>{t('planning.ganttTable')}</summary>
      <DataTable<Run>
        testId="gantt-data"
        rows={runs}
        rowKey={({ lp, p }) => `${lp.line}|${lp.period}|${p.product}`}
        rowProps={({ lp }) => ({ 'data-line': lp.line })}
        columns={[
          {
            key: 'line',
            header: t('planning.line'),
            rowHeader: true,
            cell: ({ lp }) => lineNames.get(lp.line) ?? lp.line,
          },
          { key: 'period', header: t('planning.period'), cell: ({ lp }) => lp.period },
          { key: 'product', header: t('planning.product'), cell: ({ p }) => p.product },
          { key: 'units', header: t('planning.units'), num: true, cell: ({ p }) => num(p.quantity, 1) },
          { key: 'hours', header: t('planning.hours'), num: true, cell: ({ p }) => num(p.hours, 1) },
        ]}
      />
    </details>
  );
}
