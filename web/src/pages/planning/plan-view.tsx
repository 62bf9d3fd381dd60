import { useMemo } from 'react';
import type { Schema } from '../../api/client.js';
import { useI18n } from '../../i18n/i18n.js';
import { Costs } from './costs.js';
import { Gantt } from './gantt.js';
import { Utilisation } from './utilisation.js';

type StoredPlan = Schema<'StoredPlan'>;

/**
 * A solved plan: the solver's message and any conflict, then (when it has costs) the Gantt chart,
 * the binding capacities and shadow prices in words, the cost breakdown and the utilisation.
 */
export function PlanView({ plan }: { plan: StoredPlan }) {
  const { t, num } = useI18n();
  const r = plan.result;
  const lineNames = useMemo(
    () => new Map(plan.input.lines.map((l) => [l.id, l.name ? `${l.id} ${l.name}` : l.id])),
    [plan],
  );
  return (
    <div className="plan-view" data-plan={plan.id}>
      <p className={`status ${r.costs ? '' : 'error'}`} role="status" data-testid="plan-message">
        {r.message}
      </p>
      {r.conflict.length > 0 && (
        <ul data-testid="plan-conflict">
          {r.conflict.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      )}
      {r.costs && (
        <>
          <h3>{t('planning.gantt')}</h3>
          <Gantt result={r} lineNames={lineNames} />
          <div className="two-col">
            <section>
              <h3>{t('planning.sensitivity')}</h3>
              <ul className="sentences" data-testid="plan-sensitivity">
                {r.sensitivity.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            </section>
            <section>
              <h3>{t('planning.costs')}</h3>
              <Costs costs={r.costs} currency={r.currency} />
              <p className="muted small">
                {t('planning.modelSize', {
                  variables: num(r.model.variables, 0),
                  integers: num(r.model.integers, 0),
                  constraints: num(r.model.constraints, 0),
                  seconds: num(r.solveSeconds, 3),
                })}
              </p>
            </section>
          </div>
          <h3>{t('planning.utilisation')}</h3>
          <Utilisation result={r} lineNames={lineNames} />
        </>
      )}
    </div>
  );
}
