/** Setpoint-step metrics of the current and the proposed tuning side by side, with their units. */
import type { Schema } from '../../api/client.js';
import { DataTable } from '../../components/data-table.js';
import { useI18n } from '../../i18n/i18n.js';

type Metrics = Schema<'SetpointMetrics'>;

export function MetricsTable({
  current,
  proposed,
  unit,
}: {
  unit: string;
  current: Metrics | null;
  proposed: Metrics | null;
}) {
  const { t, num } = useI18n();
  const rows: Array<[string, (m: Metrics) => number | null, string]> = [
    ['IAE', (m) => m.iae, `${unit}·s`],
    ['ISE', (m) => m.ise, `(${unit})²·s`],
    ['ITAE', (m) => m.itae, `${unit}·s²`],
    [t('control.overshoot'), (m) => m.overshoot, '%'],
    [t('control.riseTime'), (m) => m.riseTime, 's'],
    [t('control.settlingTime'), (m) => m.settlingTime, 's'],
  ];
  const cell = (m: Metrics | null, f: (m: Metrics) => number | null) => {
    const v = m ? f(m) : null;
    return v === null || !Number.isFinite(v) ? '—' : num(v, 2);
  };
  return (
    <DataTable
      testId="comparison"
      rows={rows}
      rowKey={([name]) => name}
      columns={[
        {
          key: 'metric',
          header: t('control.metric'),
          rowHeader: true,
          cell: ([name, , u]) => `${name} (${u})`,
        },
        { key: 'current', header: t('control.current'), cell: ([, f]) => cell(current, f) },
        { key: 'proposed', header: t('control.proposed'), cell: ([, f]) => cell(proposed, f) },
      ]}
    />
  );
}
