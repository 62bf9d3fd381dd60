/**
 * Bucket width and the time zone of calendar buckets, with which zone is used and why: the chosen
 * one, else the site's, else the browser's.
 */

import { Choice } from '../../components/choice.js';
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
      <Choice
        label={t('telemetry.buckets')}
        value={props.bucket}
        options={BUCKETS}
        text={(b) => t(`telemetry.bucket.${b}`)}
        onChange={props.onBucket}
        testId="bucket-choice"
      />
      <Choice
        label={t('telemetry.zone')}
        value={tz}
        none={
          siteZone
            ? t('telemetry.zoneSite', { zone: siteZone })
            : t('telemetry.zoneBrowser', { zone: i18n.timeZone })
        }
        options={props.zones}
        onChange={props.onZone}
        testId="zone-choice"
      />
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
