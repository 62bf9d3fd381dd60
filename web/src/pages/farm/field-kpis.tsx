/** Today's water balance of a field at a glance, and what the figures rest on. */
import { useI18n } from '../../i18n/i18n.js';
import type { Field } from './field.js';

export function FieldKpis({ f }: { f: Field }) {
  const { t, num, plural } = useI18n();
  const today = f.history.at(-1);
  const kpis = [
    { label: t('farm.depletion'), value: `${num(today?.dr, 1)} mm`, testId: 'farm-depletion' },
    { label: t('farm.raw'), value: `${num(today?.raw, 1)} mm` },
    { label: t('farm.taw'), value: `${num(today?.taw, 1)} mm` },
    { label: t('farm.et0Today'), value: `${num(today?.et0, 2)} mm`, testId: 'farm-et0' },
    { label: t('farm.planned'), value: `${num(f.schedule.volumeM3, 0)} m³`, testId: 'farm-volume' },
  ];
  return (
    <>
      <div className="kpis" data-testid="farm-kpis">
        {kpis.map((k) => (
          <div key={k.label} className="kpi">
            <span>{k.label}</span>
            <b data-testid={k.testId}>{k.value}</b>
          </div>
        ))}
      </div>
      <p className="muted small">
        {t('farm.crop', { crop: f.crop, today: f.today })}{' '}
        {plural('farm.forecastNote', f.forecast.basis.length, { et0: num(f.forecast.et0, 2) })}
        {f.missingDays.length > 0 && ` ${plural('farm.missingDays', f.missingDays.length)}`}
      </p>
    </>
  );
}
