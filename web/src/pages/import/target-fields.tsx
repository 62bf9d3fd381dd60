/** Where imported readings go and how their times are read: the asset, and the time zone of local times. */
import { useI18n } from '../../i18n/i18n.js';

export function TargetFields(props: {
  asset: string;
  onAsset: (v: string) => void;
  timeZone: string;
  onTimeZone: (v: string) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <label>
        {t('import.asset')}{' '}
        <input
          value={props.asset}
          onChange={(e) => props.onAsset(e.target.value)}
          placeholder="plant1/line1/m1"
          spellCheck={false}
          data-testid="asset-input"
        />
      </label>
      <label>
        {t('import.timeZone')}{' '}
        <input value={props.timeZone} onChange={(e) => props.onTimeZone(e.target.value)} spellCheck={false} />
      </label>
    </>
  );
}
