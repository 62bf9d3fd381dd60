import type { Schema } from '../../api/client.js';
import { DataTable } from '../../components/data-table.js';
import { useI18n } from '../../i18n/i18n.js';

type PlanResult = Schema<'PlanResult'>;

/** Utilisation per line and period, binding and nearly full capacities marked. */
export function Utilisation({
  result,
  lineNames,
}: {
  result: PlanResult;
  lineNames: ReadonlyMap<string, string>;
}) {
  const { t, pct, num } = useI18n();
  const lines = [...new Set(result.lines.map((l) => l.line))];
  const cellOf = (line: string, period: string) =>
    result.lines.find((l) => l.line === line && l.period === period);
  return (
    <>
      <DataTable
        testId="plan-utilisation"
        caption={t('planning.utilisation')}
        captionHidden
        rows={lines}
        rowKey={(line) => line}
        columns={[
          {
            key: 'line',
            header: t('planning.line'),
            rowHeader: true,
            cell: (line) => lineNames.get(line) ?? line,
          },
          ...result.periods.map((p, i) => ({
            key: `period-${i}`,
            header: p,
            cellProps: (line: string) => {
              const c = cellOf(line, p);
              if (!c) return {};
              const u = c.utilisation ?? 0;
              return {
                className: `num util ${c.binding ? 'binding' : u > 0.85 ? 'high' : ''}`,
                title: t('planning.utilTip', {
                  used: num(c.usedHours, 1),
                  regular: num(c.regularHours, 0),
                  overtime: num(c.overtimeHours, 1),
                }),
              };
            },
            cell: (line: string) => {
              const c = cellOf(line, p);
              if (!c) return null;
              return (
                <>
                  {pct(c.utilisation, 0)}
                  {c.binding && <span className="small binding-mark"> {t('planning.bindingMark')}</span>}
                  {c.overtimeHours > 0 && (
                    <div className="muted small">
                      {t('planning.overtime', { hours: num(c.overtimeHours, 1) })}
                    </div>
                  )}
                </>
              );
            },
          })),
        ]}
      />
      <p className="muted small">{t('planning.bindingLegend')}</p>
    </>
  );
}
