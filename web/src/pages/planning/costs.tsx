import type { Schema } from '../../api/client.js';
import { DataTable } from '../../components/data-table.js';
import { useI18n } from '../../i18n/i18n.js';

type PlanCosts = Schema<'PlanCosts'>;

/** The parts of a plan's cost in the order they are listed, the total last. */
export const COST_KEYS = ['production', 'overtime', 'setup', 'holding', 'backlog', 'total'] as const;

/** A plan's cost breakdown, the total last. */
export function Costs({ costs, currency }: { costs: PlanCosts; currency: string }) {
  const { t, num } = useI18n();
  return (
    <DataTable<(typeof COST_KEYS)[number]>
      testId="plan-costs"
      rows={COST_KEYS}
      rowKey={(k) => k}
      rowProps={(k) => (k === 'total' ? { className: 'total-row' } : {})}
      columns={[
        {
          key: 'item',
          header: t('planning.costItem'),
          rowHeader: true,
          cell: (k) => t(`planning.cost.${k}`),
        },
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
