import type { Schema } from '../../api/client.js';
import { type Column, DataTable } from '../../components/data-table.js';
import { type I18n, useI18n } from '../../i18n/i18n.js';

type PlanCosts = Schema<'PlanCosts'>;

/** The parts of a plan's cost in the order they are listed, the total last. */
export const COST_KEYS = ['production', 'overtime', 'setup', 'holding', 'backlog', 'total'] as const;
export type CostKey = (typeof COST_KEYS)[number];

/** The rows of a cost table (a plan's, or two plans' side by side): the parts, the total marked. */
export const COST_ROWS = {
  rows: COST_KEYS,
  rowKey: (k: CostKey) => k,
  rowProps: (k: CostKey) => (k === 'total' ? { className: 'total-row' } : {}),
} as const;

/** The column naming each row's part of the cost. */
export const costNameColumn = (t: I18n['t'], header: string): Column<CostKey> => ({
  key: 'cost',
  header,
  rowHeader: true,
  cell: (k) => t(`planning.cost.${k}`),
});

/** A plan's cost breakdown, the total last. */
export function Costs({ costs, currency }: { costs: PlanCosts; currency: string }) {
  const { t, num } = useI18n();
  return (
    <DataTable<CostKey>
      testId="plan-costs"
      {...COST_ROWS}
      columns={[
        costNameColumn(t, t('planning.costItem')),
        {
          key: 'amount',
          header: t('planning.costAmount'),
          num: true,
          cell: (k) => `${currency}${num(costs[k], 2)}`,
        },
      ]}
    />
  );
}
