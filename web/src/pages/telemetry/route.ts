/** The telemetry page's state lives in the URL (asset, series, range, buckets, zone): links share it. */
import { useMemo } from 'react';
import { type BucketChoice, bucketChoice } from '../../lib/time-zone.js';
import { navigate, useRoute } from '../../router.js';

export const MAX_SERIES = 20;

export interface TelemetryChange {
  asset?: string | undefined;
  series?: readonly string[];
  range?: string;
  bucket?: BucketChoice;
  tz?: string;
}

export function useTelemetryRoute() {
  const { params } = useRoute();
  const asset = params.get('asset') ?? undefined;
  const range = params.get('range') ?? '1h';
  const bucket = bucketChoice(params.get('bucket'));
  /** A chosen zone; empty: the site's zone, else the browser's. */
  const tz = params.get('tz') ?? '';
  const selected = useMemo(
    () =>
      (params.get('series') ?? '')
        .split(',')
        .filter((s) => s !== '')
        .slice(0, MAX_SERIES),
    [params],
  );
  const set = (next: TelemetryChange) =>
    navigate(
      '/telemetry',
      {
        asset: 'asset' in next ? next.asset : asset,
        series: (next.series ?? selected).join(','),
        range: next.range ?? range,
        bucket: (next.bucket ?? bucket) === 'auto' ? undefined : (next.bucket ?? bucket),
        tz: (next.tz ?? tz) || undefined,
      },
      true,
    );
  return { asset, range, bucket, tz, selected, set };
}
