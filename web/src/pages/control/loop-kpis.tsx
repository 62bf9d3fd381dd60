/** The faceplate's readings: PV, SP, OP (with saturation), mode and status. */
import type { Schema } from '../../api/client.js';
import { useI18n } from '../../i18n/i18n.js';

export function LoopKpis({ loop: l, unit }: { loop: Schema<'ControlLoop'>; unit: string }) {
  const { t, num } = useI18n();
  return (
    <div className="kpis" data-testid="faceplate">
      <div className="kpi">
        <span>{t('control.pv')}</span>
        <b data-testid="pv">{l.pv ? `${num(l.pv.value, 2)} ${unit}` : '—'}</b>
      </div>
      <div className="kpi">
        <span>{t('control.sp')}</span>
        <b data-testid="sp">
          {num(l.sp, 2)} {unit}
        </b>
      </div>
      <div className="kpi">
        <span>{t('control.op')}</span>
        <b data-testid="op">
          {num(l.op, 1)} {l.config.opUnit}
          {l.saturated ? ` (${t('control.saturated')})` : ''}
        </b>
      </div>
      <div className="kpi">
        <span>{t('control.mode')}</span>
        <b data-testid="mode">{t(l.mode === 'auto' ? 'control.auto' : 'control.manual')}</b>
      </div>
      <div className="kpi">
        <span>{t('control.status')}</span>
        <b data-testid="status">{l.status}</b>
      </div>
    </div>
  );
}
