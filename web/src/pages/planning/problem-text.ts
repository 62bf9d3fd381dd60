import { type MessageKey, useI18n } from '../../i18n/i18n.js';
import type { CellProblem } from '../../lib/plan-draft.js';

/** The problem message for a cell, e.g. "Demand › chair › W2: “abc” is not a number". */
export function useProblemText(): (p: CellProblem) => string {
  const { t } = useI18n();
  return (p) => {
    // Demand and hours cells are named by their period; id problems name the row alone.
    const column =
      p.column === 'id' || p.table === 'periods'
        ? ''
        : p.table === 'demand' || p.table === 'hours'
          ? p.column
          : t(`planning.col.${p.column}` as MessageKey);
    const where = [t(`planning.table.${p.table}` as MessageKey), p.row, column]
      .filter((s) => s !== '')
      .join(' › ');
    return `${where}: ${t(`planning.problem.${p.code}` as MessageKey, { value: p.value })}`;
  };
}
