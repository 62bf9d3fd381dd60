import type { ReactNode } from 'react';
import { type Column, DataTable, type RowProps } from '../../components/data-table.js';
import { useI18n } from '../../i18n/i18n.js';
import type { PlanDraft } from '../../lib/plan-draft.js';

/** What every plan table is given: the draft, where its edits go, and the problems by cell key. */
export interface DraftTableProps {
  readonly draft: PlanDraft;
  readonly onChange: (d: PlanDraft) => void;
  readonly problems: ReadonlyMap<string, string>;
}

/**
 * One of the plan tables under its heading (which names it for screen readers), with what goes
 * below it (add buttons, hints). Rows are keyed by position: keyed by the typed id, an input
 * would remount on every keystroke.
 */
export function PlanTable<R>(p: {
  id: 'demand' | 'hours' | 'products' | 'lines' | 'routings' | 'bom';
  columns: ReadonlyArray<Column<R> | false>;
  rows: readonly R[];
  rowProps?: (row: R) => RowProps;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <section className="plan-table" aria-labelledby={`${p.id}-h`} data-testid={`table-${p.id}`}>
      <h3 id={`${p.id}-h`}>{t(`planning.table.${p.id}`)}</h3>
      <DataTable<R>
        columns={p.columns}
        rows={p.rows}
        rowKey={(_, i) => i}
        {...(p.rowProps ? { rowProps: p.rowProps } : {})}
      />
      {p.children}
    </section>
  );
}
