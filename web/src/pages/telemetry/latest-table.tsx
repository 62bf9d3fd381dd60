/** The newest point of each charted series: what a live chart's right edge shows, as numbers. */
import { DataTable } from '../../components/data-table.js';
import type { ChartSeries } from '../../components/time-chart.js';
import { useI18n } from '../../i18n/i18n.js';

export function LatestTable({ series }: { series: readonly ChartSeries[] }) {
  const { t, num, dateTime } = useI18n();
  const last = (s: ChartSeries) => s.data[s.data.length - 1];
  return (
    <DataTable
      variant="compact"
      className="latest"
      testId="latest-table"
      caption={t('telemetry.latest')}
      rows={series}
      rowKey={(s) => s.id}
      columns={[
        { key: 'series', header: t('common.series'), rowHeader: true, cell: (s) => s.id },
        {
          key: 'time',
          header: t('common.time'),
          cellProps: (s) => ({ 'data-ts': last(s)?.[0] }),
          cell: (s) => {
            const p = last(s);
            return p ? dateTime(p[0]) : '—';
          },
        },
        {
          key: 'value',
          header: t('common.value'),
          num: true,
          cellProps: (s) => ({ 'data-series': s.id }),
          cell: (s) => {
            const p = last(s);
            return p ? num(p[1], 3) : '—';
          },
        },
        { key: 'unit', header: t('common.unit'), cell: (s) => s.unit },
      ]}
    />
  );
}
