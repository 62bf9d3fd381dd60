import type { ReactNode } from 'react';
import type { Column } from '../../components/data-table.js';
import { Cell } from './cell.js';

/**
 * One numeric column of cells per period (demand, hours), keyed by position: keyed by the typed
 * label, an input would remount on every keystroke.
 */
export function periodColumns<R>(p: {
  readonly table: 'demand' | 'hours';
  readonly periods: readonly string[];
  readonly problems: ReadonlyMap<string, string>;
  /** The period's label unless given. */
  readonly header?: (t0: number) => ReactNode;
  readonly value: (row: R, t0: number) => string;
  readonly onEdit: (i: number, t0: number, value: string) => void;
  readonly label: (row: R, period: string) => string;
  /** What a row shows in place of inputs, if anything (a forecast). */
  readonly instead?: (row: R, i: number, period: string, t0: number) => ReactNode;
}): Column<R>[] {
  return p.periods.map((period, t0) => ({
    key: `period-${t0}`,
    num: true,
    header: p.header ? p.header(t0) : period,
    cell: (row, i) =>
      p.instead?.(row, i, period, t0) ?? (
        <Cell
          numeric
          value={p.value(row, t0)}
          onChange={(v) => p.onEdit(i, t0, v)}
          cellKey={`${p.table}.${i}.${period}`}
          problems={p.problems}
          label={p.label(row, period)}
        />
      ),
  }));
}
