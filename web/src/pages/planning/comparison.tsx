import type { Schema } from '../../api/client.js';
import { useI18n } from '../../i18n/i18n.js';
import { COST_KEYS } from './costs.js';
import { PlanView } from './plan-view.js';

type StoredPlan = Schema<'StoredPlan'>;

/**
 * A what-if beside the plan it changed: the server's summary, costs and utilisation side by side,
 * then the what-if plan itself. Plain tables, not `DataTable`: the changed cells carry a class.
 */
export function Comparison({ base, alt }: { base: StoredPlan; alt: StoredPlan }) {
  const { t, num, pct } = useI18n();
  const c = alt.comparison;
  if (!c) return null;
  const cur = base.result.currency;
  const money = (v: number | undefined) =>
    v === undefined ? '—' : `${v < 0 ? '−' : ''}${cur}${num(Math.abs(v), 2)}`;
  return (
    <section aria-labelledby="cmp-h" data-testid="plan-comparison">
      <h2 id="cmp-h">{t('planning.comparison')}</h2>
      <p className="status" data-testid="comparison-summary">
        {c.summary}
      </p>
      <div className="two-col">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('planning.costs')}</th>
              <th scope="col">{base.name}</th>
              <th scope="col">{alt.name}</th>
              <th scope="col">{t('planning.delta')}</th>
            </tr>
          </thead>
          <tbody>
            {COST_KEYS.map((k) => {
              const d = c.costDelta[k];
              return (
                <tr key={k} className={k === 'total' ? 'total-row' : undefined}>
                  <th scope="row">{t(`planning.cost.${k}`)}</th>
                  <td className="num">{money(base.result.costs?.[k])}</td>
                  <td className="num">{money(alt.result.costs?.[k])}</td>
                  <td
                    className={`num ${d !== undefined && d < 0 ? 'cost-down' : d !== undefined && d > 0 ? 'cost-up' : ''}`}
                  >
                    {d === undefined ? '—' : `${d > 0 ? '+' : ''}${money(d)}`}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('planning.line')}</th>
              <th scope="col">{t('planning.period')}</th>
              <th scope="col">{base.name}</th>
              <th scope="col">{alt.name}</th>
            </tr>
          </thead>
          <tbody>
            {c.utilisation.map((u) => (
              <tr key={`${u.line}|${u.period}`}>
                <th scope="row">{u.line}</th>
                <td>{u.period}</td>
                <td className="num">{pct(u.base, 0)}</td>
                <td className={`num ${u.alternative !== u.base ? 'util-changed' : ''}`}>
                  {pct(u.alternative, 0)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{alt.name}</h3>
      <PlanView plan={alt} />
    </section>
  );
}
