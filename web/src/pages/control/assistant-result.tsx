/**
 * What the tuning assistant found: the fitted model (step test) or ultimate gain and period (relay
 * test), the proposed settings with a button to apply them, the test record, and the closed-loop
 * comparison of current and proposed tuning as curves and metrics.
 */
import { useMemo } from 'react';
import type { Schema } from '../../api/client.js';
import { XyChart, type XySeries } from '../../components/xy-chart.js';
import { useI18n } from '../../i18n/i18n.js';
import { MetricsTable } from './metrics-table.js';

type Result = Schema<'AssistantResult'>;

const fmtTi = (v: number | null, num: (v: number, d?: number) => string) => (v === null ? '∞' : num(v, 2));

/** Identification summary: the fitted first-order-plus-dead-time model, or the ultimate point. */
function fitText(r: Result, unit: string, opUnit: string, i18n: ReturnType<typeof useI18n>): string {
  const { t, num } = i18n;
  if (r.model)
    return t('control.fitted', {
      k: num(r.model.gain, 3),
      tau: num(r.model.tau, 1),
      theta: num(r.model.deadTime, 1),
      rmse: num(r.model.fitRmse, 3),
      pv: unit,
      op: opUnit,
    });
  if (r.ultimate)
    return t('control.ultimate', {
      ku: num(r.ultimate.ku, 3),
      pu: num(r.ultimate.pu, 1),
      pv: unit,
      op: opUnit,
    });
  return '';
}

export function AssistantResult({
  result: r,
  unit,
  opUnit,
  onApply,
}: {
  result: Result;
  unit: string;
  opUnit: string;
  onApply: () => void;
}) {
  const i18n = useI18n();
  const { t, num } = i18n;
  const record = useMemo(
    (): XySeries[] => [
      { name: t('control.pv'), unit, x: r.record.t, y: r.record.pv },
      { name: t('control.op'), unit: opUnit, x: r.record.t, y: r.record.op, step: true },
    ],
    [r, unit, opUnit, t],
  );
  const comparison = useMemo((): XySeries[] => {
    const { current, proposed } = r.comparison;
    return [
      { name: t('control.sp'), unit, x: current.curve.t, y: current.curve.sp, dashed: true, step: true },
      { name: `${t('control.pv')} · ${t('control.current')}`, unit, x: current.curve.t, y: current.curve.pv },
      {
        name: `${t('control.pv')} · ${t('control.proposed')}`,
        unit,
        x: proposed.curve.t,
        y: proposed.curve.pv,
      },
      {
        name: `${t('control.op')} · ${t('control.proposed')}`,
        unit: opUnit,
        x: proposed.curve.t,
        y: proposed.curve.op,
        dashed: true,
      },
    ];
  }, [r, unit, opUnit, t]);
  return (
    <div data-testid="assistant-result">
      <p>{fitText(r, unit, opUnit, i18n)}</p>
      <p data-testid="proposed">
        {t('control.proposedSettings', {
          rule: r.proposed.rule,
          type: r.proposed.type,
          kc: num(r.proposed.kc, 3),
          ti: fmtTi(r.proposed.ti, num),
          td: num(r.proposed.td, 2),
        })}{' '}
        <button type="button" onClick={onApply} data-testid="apply-proposed">
          {t('control.applyProposed')}
        </button>
      </p>
      <div className="two-col">
        <div>
          <h3>{t(r.test === 'step' ? 'control.stepTest' : 'control.relayTest')}</h3>
          <XyChart label={t('control.testRecord')} xName="s" series={record} />
        </div>
        <div>
          <h3>{t('control.comparison', { step: num(r.comparison.setpointStep, 2), pv: unit })}</h3>
          <XyChart label={t('control.comparisonChart')} xName="s" series={comparison} />
        </div>
      </div>
      <MetricsTable
        unit={unit}
        current={r.comparison.current.metrics}
        proposed={r.comparison.proposed.metrics}
      />
      <p className="small muted">
        {t('control.currentSettings', {
          kc: num(r.comparison.current.tuning.kc, 3),
          ti: fmtTi(r.comparison.current.tuning.ti, num),
          td: num(r.comparison.current.tuning.td, 2),
        })}
      </p>
    </div>
  );
}
