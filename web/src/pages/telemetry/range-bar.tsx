/** The time range buttons (15 minutes to a year) and, with series chosen, a link clearing them. */
import { useI18n } from '../../i18n/i18n.js';
import { RANGES } from '../../lib/buckets.js';

export function RangeBar(props: {
  range: string;
  onRange: (id: string) => void;
  onClear?: (() => void) | undefined;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="toolbar plain">
      <legend className="sr-only">{t('telemetry.range')}</legend>
      <span aria-hidden="true">{t('telemetry.range')}:</span>
      {RANGES.map(([id]) => (
        <button key={id} type="button" aria-pressed={props.range === id} onClick={() => props.onRange(id)}>
          {id}
        </button>
      ))}
      {props.onClear && (
        <button type="button" className="link" onClick={props.onClear}>
          {t('telemetry.clear')}
        </button>
      )}
    </fieldset>
  );
}
