import type { Schema } from '../../api/client.js';
import { DataTable } from '../../components/data-table.js';
import { useI18n } from '../../i18n/i18n.js';
import { COST_ROWS, type CostKey, costNameColumn } from './costs.js';
import { PlanView } from './plan-view.js';

type StoredPlan = Schema<'StoredPlan'>;
type UtilisationPair = NonNullable<StoredPlan['comparison']>['utilisation'][number];

/**
 * A what-if beside the plan it changed: the server's summary, costs and utilisation side by side,
 * then the what-if plan itself.
 */
export function Comparison({ base, alt }: { base: StoredPlan; alt: StoredPlan }) {
  const { t, num, pct } = useI18n();
  const c = alt.comparison;
  if (!c) return null;
  const cur = base.result.currency;
  const money = (v: number | undefined) =>
    v === undefined ? '—' : `${v < 0 ? '−' : ''}${cur}${num(Math.abs(v), 2)}`;
  const delta = (d: number | undefined) => (
    <span
      className={d !== undefined && d < 0 ? 'cost-down' : d !== undefined && d > 0 ? 'cost-up' : undefined}
    >
      {d === undefined ? '—' : `${d > 0 ? '+' : ''}${money(d)}`}
    </span>
  );
  return (
    <section aria-labelledby="cmp-h" data-testid="plan-comparison">
      <h2 id="cmp-h">{t('planning.comparison')}</h2>
      <p className="status" data-testid="comparison-summary">
        {c.summary}
      </p>
      <div className="two-col">
        <DataTable<CostKey>
          {...COST_ROWS}
          columns={[
            costNameColumn(t, t('planning.costs')),
            { key: 'base', header: base.name, num: true, cell: (k) => money(base.result.costs?.[k]) },
            { key: 'alt', header: alt.name, num: true, cell: (k) => money(alt.result.costs?.[k]) },
            { key: 'delta', header: t('planning.delta'), num: true, cell: (k) => delta(c.costDelta[k]) },
          ]}
        />
        <DataTable<UtilisationPair>
          rows={c.utilisation}
          rowKey={(u) => `${u.line}|${u.period}`}
          columns={[
            { key: 'line', header: t('planning.line'), rowHeader: true, cell: (u) => u.line },
            { key: 'period', header: t('planning.period'), cell: (u) => u.period },
            { key: 'base', header: base.name, num: true, cell: (u) => pct(u.base, 0) },
            {
              key: 'alt',
              header: alt.name,
              num: true,
              cell: (u) => (
                <span className={u.alternative !== u.base ? 'util-changed' : undefined}>
                  {pct(u.alternative, 0)}
                </span>
              ),
            },
          ]}
        />
      </div>
      <h3>{alt.name}</h3>
      <PlanView plan={alt} />
    </section>
  );
}
