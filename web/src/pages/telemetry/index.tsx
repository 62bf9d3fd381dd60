/**
 * Asset tree and live telemetry: pick series of any asset (up to 20 on one chart, one y axis per
 * unit), a range from 15 minutes to a year read from the rollups, zoom to refine, live updates
 * over SSE while the window ends now, CSV export of what the chart shows. Buckets follow the
 * window, or are chosen: 1 min to 1 h, or calendar days, weeks (from Monday) and months in a time
 * zone (default the site's, else the browser's), listed in a table with their local start.
 */
import { useMemo } from 'react';
import { client, ok } from '../../api/client.js';
import { AssetTree } from '../../components/asset-tree.js';
import { Async } from '../../components/status.js';
import { useI18n } from '../../i18n/i18n.js';
import { siteZoneOf, zoneList } from '../../lib/time-zone.js';
import { useApi } from '../../lib/use-api.js';
import { BucketBar } from './bucket-bar.js';
import { ChartPanel } from './chart-panel.js';
import { RangeBar } from './range-bar.js';
import { MAX_SERIES, useTelemetryRoute } from './route.js';
import { SeriesPick } from './series-pick.js';

export default function TelemetryPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { asset, range, bucket, tz, selected, set } = useTelemetryRoute();
  const assets = useApi('assets', (signal) => ok(client.GET('/api/v1/assets', { signal })));
  const all = useApi('series', (signal) => ok(client.GET('/api/v1/series', { signal })));
  const catalog = useMemo(() => new Map((all.data?.series ?? []).map((s) => [s.id, s])), [all.data]);
  // The site's zone: of the first chosen series' asset (or the asset picked), as the server reads it.
  const zoneAsset = catalog.get(selected[0] ?? '')?.assetId ?? asset;
  const siteZone = assets.data && zoneAsset ? siteZoneOf(assets.data.assets, zoneAsset) : undefined;
  const zone = tz || siteZone || i18n.timeZone;
  const zones = useMemo(() => zoneList(tz, siteZone, i18n.timeZone), [tz, siteZone, i18n.timeZone]);

  const toggle = (id: string) => {
    const has = selected.includes(id);
    if (!has && selected.length >= MAX_SERIES) return;
    set({ series: has ? selected.filter((s) => s !== id) : [...selected, id] });
  };

  return (
    <div className="page telemetry">
      <h1>{t('telemetry.title')}</h1>
      <div className="split">
        <aside aria-label={t('telemetry.assets')}>
          <h2>{t('telemetry.assets')}</h2>
          <Async state={assets} isEmpty={(a) => a.assets.length === 0}>
            {(a) => (
              <AssetTree
                roots={a.assets}
                selected={asset}
                onSelect={(id) => set({ asset: id })}
                label={t('telemetry.assets')}
              />
            )}
          </Async>
        </aside>
        <div className="main-col">
          {asset && (
            <SeriesPick
              asset={asset}
              series={all.data?.series.filter((s) => s.assetId === asset)}
              error={all.error}
              onRetry={all.reload}
              selected={selected}
              onToggle={toggle}
            />
          )}
          <RangeBar
            range={range}
            onRange={(id) => set({ range: id })}
            onClear={selected.length > 0 ? () => set({ series: [] }) : undefined}
          />
          <BucketBar
            bucket={bucket}
            tz={tz}
            siteZone={siteZone}
            zone={zone}
            zones={zones}
            onBucket={(b) => set({ bucket: b })}
            onZone={(z) => set({ tz: z })}
          />
          <ChartPanel selected={selected} catalog={catalog} range={range} bucket={bucket} zone={zone} />
        </div>
      </div>
    </div>
  );
}
