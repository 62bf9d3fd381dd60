import type { Schema } from '../../api/client.js';
import { useI18n } from '../../i18n/i18n.js';

type PlanResult = Schema<'PlanResult'>;

/**
 * Utilisation per line and period, binding and nearly full capacities marked. A plain table, not
 * `DataTable`: each cell carries its own class and tooltip.
 */
export function Utilisation({
  result,
  lineNames,
}: {
  result: PlanResult;
  lineNames: ReadonlyMap<string, string>;
}) {
  const { t, pct, num } = useI18n();
  const lines = [...new Set(result.lines.map((l) => l.line))];
  return (
    <div className="table-wrap">
      <table className="data" data-testid="plan-utilisation">
        <caption className="sr-only">{t('planning.utilisation')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('planning.line')}</th>
            {result.periods.map((p) => (
              <th scope="col" key={p}>
                {p}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line}>
              <th scope="row">{lineNames.get(line) ?? line}</th>
              {result.periods.map((p) => {
                const c = result.lines.find((l) => l.line === line && l.period === p);
                if (!c) return <td key={p} />;
                const u = c.utilisation ?? 0;
                return (
                  <td
                    key={p}
                    className={`num util ${c.binding ? 'binding' : u > 0.85 ? 'high' : ''}`}
                    title={t('planning.utilTip', {
                      used: num(c.usedHours, 1),
                      regular: num(c.regularHours, 0),
                      overtime: num(c.overtimeHours, 1),
                    })}
                  >
                    {pct(c.utilisation, 0)}
                    {c.binding && <span className="small binding-mark"> {t('planning.bindingMark')}</span>}
                    {c.overtimeHours > 0 && (
                      <div className="muted small">
                        {t('planning.overtime', { hours: num(c.overtimeHours, 1) })}
                      </div>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">{t('planning.bindingLegend')}</p>
    </div>
  );
}
