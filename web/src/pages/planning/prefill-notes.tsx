import { useI18n } from '../../i18n/i18n.js';
import type { Prefill } from './prefill.js';

/** Where the tables' first content came from: the plant's lines and shifts, the demand series. */
export function PrefillNotes({ prefill }: { prefill: Prefill }) {
  const { t, num, plural } = useI18n();
  const plant = prefill.plantLines;
  return (
    <ul className="muted small" data-testid="plan-prefill">
      <li>
        {plant.length > 0
          ? plural('planning.prefillLines', plant.length, { lines: plant.map((l) => l.id).join(', ') })
          : t('planning.prefillNoLines')}
        {plant.length > 0 &&
          (plant[0]?.hoursPerWeek !== undefined
            ? ` ${t('planning.prefillShifts', { shifts: plant[0].shifts ?? '', hours: num(plant[0].hoursPerWeek, 0) })}`
            : ` ${t('planning.prefillNoShifts')}`)}
      </li>
      <li>
        {prefill.demandSeries.length > 0
          ? t('planning.prefillSeries', { count: prefill.demandSeries.length })
          : t('planning.prefillNoSeries')}
      </li>
      {prefill.warning && <li>{t('planning.prefillWarning', { message: prefill.warning })}</li>}
    </ul>
  );
}
