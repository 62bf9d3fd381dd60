/**
 * Bucket width and the time zone of calendar buckets, with which zone is used and why: the chosen
 * one, else the site's, else the browser's.
 */
import { useI18n } from '../../i18n/i18n.js';
import { BUCKETS, type BucketChoice } from '../../lib/time-zone.js';

export function BucketBar(props: {
  bucket: BucketChoice;
  /** The chosen zone; empty for the default. */
  tz: string;
  siteZone: string | undefined;
  /** The zone in use. */
  zone: string;
  zones: readonly string[];
  onBucket: (b: BucketChoice) => void;
  onZone: (tz: string) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const { tz, siteZone, zone } = props;
  return (
    <fieldset className="toolbar plain">
      <legend className="sr-only">{t('telemetry.buckets')}</legend>
      <label>
        {t('telemetry.buckets')}{' '}
        <select
          value={props.bucket}
          onChange={(e) => props.onBucket(e.target.value as BucketChoice)}
          data-testid="bucket-choice"
        >
          {BUCKETS.map((b) => (
            <option key={b} value={b}>
              {t(`telemetry.bucket.${b}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('telemetry.zone')}{' '}
        <select value={tz} onChange={(e) => props.onZone(e.target.value)} data-testid="zone-choice">
          <option value="">
            {siteZone
              ? t('telemetry.zoneSite', { zone: siteZone })
              : t('telemetry.zoneBrowser', { zone: i18n.timeZone })}
          </option>
          {props.zones.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </label>
      <span className="muted small" data-testid="zone-used">
        {t('telemetry.zoneUsed', {
          zone,
          why: tz
            ? t('telemetry.zoneChosen')
            : siteZone
              ? t('telemetry.zoneOfSite')
              : t('telemetry.zoneOfBrowser'),
        })}
      </span>
    </fieldset>
  );
}
