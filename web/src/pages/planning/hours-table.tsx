import type { Column, RowProps } from '../../components/data-table.js';
import { useI18n } from '../../i18n/i18n.js';
import type { LineRow } from '../../lib/plan-draft.js';
import { replaceAt } from './edit.js';
import { periodColumns } from './period-columns.js';
import { type DraftTableProps, PlanTable } from './plan-table.js';

/** Rows say which line they are, for tests and styles. */
const lineAttrs = (l: LineRow): RowProps => ({ 'data-line': l.id });

/** Regular hours per line and period (the periods are labelled in the demand table). */
export function HoursTable({ draft, onChange, problems }: DraftTableProps) {
  const { t } = useI18n();
  const setHours = (i: number, t0: number, v: string) => {
    const l = draft.lines[i] as LineRow;
    onChange({ ...draft, lines: replaceAt(draft.lines, i, { ...l, hours: replaceAt(l.hours, t0, v) }) });
  };
  const columns: Column<LineRow>[] = [
    {
      key: 'line',
      rowHeader: true,
      header: (
        <>
          {t('planning.line')} <span className="muted small">({t('planning.hoursPerPeriod')})</span>
        </>
      ),
      cell: (l, i) => (l.name ? `${l.id} ${l.name}` : l.id || `#${i + 1}`),
    },
    ...periodColumns<LineRow>({
      table: 'hours',
      periods: draft.periods,
      problems,
      value: (l, t0) => l.hours[t0] ?? '',
      onEdit: setHours,
      label: (l, period) => t('planning.hoursCell', { line: l.id, period }),
    }),
  ];
  return <PlanTable<LineRow> id="hours" columns={columns} rows={draft.lines} rowProps={lineAttrs} />;
}
