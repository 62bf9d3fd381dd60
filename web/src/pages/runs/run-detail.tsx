import { useMemo, useState } from 'react';
import { Choice } from '../../components/choice.js';
import { StepChart, type StepSeries } from '../../components/step-chart.js';
import { useI18n } from '../../i18n/i18n.js';
import { SideBySide } from './side-by-side.js';
import { useRun } from './use-run.js';

/** A run's metric curves (the compared run's dashed on the same chart), configuration and evaluation. */
export function RunDetail({ id, compare }: { id: string; compare: string | undefined }) {
  const { t } = useI18n();
  const a = useRun(id);
  const b = useRun(compare);
  const names = useMemo(
    () => [...new Set([...Object.keys(a?.metrics ?? {}), ...Object.keys(b?.metrics ?? {})])].sort(),
    [a, b],
  );
  const [metric, setMetric] = useState<string>();
  const m =
    metric !== undefined && names.includes(metric)
      ? metric
      : (names.find((n) => n === 'valid_rmse') ?? names[0]);
  const series = useMemo((): StepSeries[] => {
    if (!a || m === undefined) return [];
    const out: StepSeries[] = [{ name: `${a.name} · ${m}`, data: a.metrics?.[m] ?? [] }];
    if (b) out.push({ name: `${b.name} · ${m}`, data: b.metrics?.[m] ?? [], dashed: true });
    return out;
  }, [a, b, m]);
  if (!a) return null;
  return (
    <section aria-labelledby="run-h" data-testid="run-detail">
      <h2 id="run-h">{t('runs.metrics', { run: `${a.name} (${a.id})` })}</h2>
      {a.status === 'running' && <p className="status">{t('runs.live')}</p>}
      <Choice label={t('runs.metric')} value={m ?? ''} options={names} onChange={setMetric} />
      <StepChart
        series={series}
        xLabel={t('runs.step')}
        yLabel={m ?? ''}
        label={t('runs.metrics', { run: a.name })}
      />
      <div className="grid-2">
        <SideBySide title={t('runs.config')} a={a} b={b} />
        <SideBySide title={t('runs.evaluation')} a={a} b={b} />
      </div>
    </section>
  );
}
