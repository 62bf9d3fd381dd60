/** The series of the picked asset as checkboxes, at most MAX_SERIES chosen. */
import type { Schema } from '../../api/client.js';
import { ErrorBox } from '../../components/status.js';
import { useI18n } from '../../i18n/i18n.js';
import { MAX_SERIES } from './route.js';

export function SeriesPick(props: {
  asset: string;
  /** The asset's series; undefined while the catalogue loads. */
  series: readonly Schema<'Series'>[] | undefined;
  error: Error | undefined;
  onRetry: () => void;
  selected: readonly string[];
  onToggle: (id: string) => void;
}) {
  const { t } = useI18n();
  const { series, selected } = props;
  return (
    <fieldset className="series-pick">
      <legend>
        {t('common.asset')}: {props.asset}
      </legend>
      {props.error && <ErrorBox error={props.error} onRetry={props.onRetry} />}
      {series?.length === 0 && <p className="muted">{t('common.empty')}</p>}
      {series?.map((s) => (
        <label key={s.id} className="check">
          <input
            type="checkbox"
            checked={selected.includes(s.id)}
            onChange={() => props.onToggle(s.id)}
            data-series={s.id}
          />{' '}
          {s.metric} <span className="muted small">[{s.unit}]</span>
        </label>
      ))}
      {selected.length >= MAX_SERIES && (
        <p className="muted small">{t('telemetry.maxSeries', { count: MAX_SERIES })}</p>
      )}
    </fieldset>
  );
}
