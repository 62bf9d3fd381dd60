/** Above the chart: pause/resume, back to live, the live badge, where the points came from, forecast, CSV. */
import { useI18n } from '../../i18n/i18n.js';
import type { BucketChoice } from '../../lib/time-zone.js';

export function ChartToolbar(props: {
  /** The window ends now (not zoomed into the past). */
  following: boolean;
  paused: boolean;
  /** Points are arriving live right now. */
  live: boolean;
  calendar: boolean;
  loaded: { source: string; bucketMs: number | undefined } | undefined;
  bucket: BucketChoice;
  zone: string;
  forecast: boolean;
  onPause: () => void;
  onLive: () => void;
  onForecast: () => void;
  onExport: () => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const { loaded, live } = props;
  return (
    <div className="toolbar">
      <button
        type="button"
        onClick={props.onPause}
        aria-pressed={props.paused}
        disabled={!props.following || props.calendar}
      >
        {props.paused || !props.following ? t('telemetry.resume') : t('telemetry.pause')}
      </button>
      {!props.following && (
        <button type="button" onClick={props.onLive}>
          {t('telemetry.live')}
        </button>
      )}
      <span className={`badge ${live ? 'live' : ''}`} data-testid="live-badge">
        {live ? t('telemetry.live') : t('telemetry.paused')}
      </span>
      {loaded && (
        <span className="muted small" data-testid="bucket-source">
          {props.calendar
            ? t('telemetry.sourceCalendar', {
                source: loaded.source,
                bucket: t(`telemetry.bucket.${props.bucket}`),
                zone: props.zone,
              })
            : t('telemetry.source', {
                source: loaded.bucketMs === undefined ? t('telemetry.sourceRaw') : loaded.source,
                bucket: loaded.bucketMs === undefined ? '—' : i18n.duration(loaded.bucketMs),
              })}
        </span>
      )}
      <button
        type="button"
        aria-pressed={props.forecast}
        onClick={props.onForecast}
        data-testid="forecast-toggle"
      >
        {t('telemetry.forecast')}
      </button>
      <button type="button" onClick={props.onExport} disabled={!loaded}>
        {t('common.exportCsv')}
      </button>
    </div>
  );
}
