import type { Schema } from '../../api/client.js';
import { useI18n } from '../../i18n/i18n.js';

type PlanCosts = Schema<'PlanCosts'>;

/** The parts of a plan's cost in the order they are listed, the total last. */
export const COST_KEYS = ['production', 'overtime', 'setup', 'holding', 'backlog', 'total'] as const;

/**
 * A plan's cost breakdown. A plain table, not `DataTable`: a list of name and amount under the
 * section's heading has no column headers to show.
 */
export function Costs({ costs, currency }: { costs: PlanCosts; currency: string }) {
  const { t, num } = useI18n();
  return (
    <table className="data" data-testid="plan-costs">
      <tbody>
        {COST_KEYS.map((k) => (
          <tr key={k} className={k === 'total' ? 'total-row' : undefined}>
            <th scope="row">{t(`planning.cost.${k}`)}</th>
            <td className="num">
              {currency}
              {num(costs[k], 2)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
