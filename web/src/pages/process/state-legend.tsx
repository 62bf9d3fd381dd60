/** Machine states (the `state` series' codes) as fill classes, and the legend that explains them. */
import { useI18n } from '../../i18n/i18n.js';

export const STATE_CLASS: Record<number, string> = { 0: 'off', 1: 'run', 2: 'idle', 3: 'down', 4: 'planned' };

export function StateLegend() {
  const { t } = useI18n();
  return (
    <ul className="legend" aria-label={t('process.legend')}>
      {(['0', '1', '2', '3', '4'] as const).map((c) => (
        <li key={c}>
          <span className={`swatch st-${STATE_CLASS[Number(c)]}`} aria-hidden="true" /> {t(`state.${c}`)}
        </li>
      ))}
      <li>
        <span className="swatch st-unknown" aria-hidden="true" /> {t('state.unknown')}
      </li>
    </ul>
  );
}
