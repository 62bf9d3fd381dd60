/**
 * The chosen series on one chart over the chosen range: live while the window ends now, refetched
 * finer when the user zooms well in, with forecasts on request, the calendar buckets' table and the
 * newest value of each series. CSV export writes what the chart shows.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ErrorBox, Loading } from '../../components/status.js';
import { TimeChart } from '../../components/time-chart.js';
import { useI18n } from '../../i18n/i18n.js';
import { rangeMs } from '../../lib/buckets.js';
import { downloadCsv, fileStamp } from '../../lib/csv.js';
import { type BucketChoice, isCalendar } from '../../lib/time-zone.js';
import { CalendarTable } from './calendar-table.js';
import { ChartToolbar } from './chart-toolbar.js';
import { LatestTable } from './latest-table.js';
import { useForecast } from './use-forecast.js';
import { useWindowData, type View } from './use-window-data.js';

const liveView = (span: number): View => {
  const now = Date.now();
  return { from: now - span, to: now, live: true };
};

export function ChartPanel({
  selected,
  catalog,
  range,
  bucket,
  zone,
}: {
  selected: readonly string[];
  catalog: ReadonlyMap<string, { readonly unit: string }>;
  range: string;
  bucket: BucketChoice;
  /** Zone of calendar buckets (always given: the chosen, the site's or the browser's). */
  zone: string;
}) {
  const { t } = useI18n();
  const span = rangeMs(range);
  const [view, setView] = useState<View>(() => liveView(span));
  const [paused, setPaused] = useState(false);
  const [showForecast, setShowForecast] = useState(false);
  const calendar = isCalendar(bucket);

  // A new range restarts the live window (the first render already has it).
  const shownSpan = useRef(span);
  useEffect(() => {
    if (shownSpan.current === span) return;
    shownSpan.current = span;
    setView(liveView(span));
  }, [span]);

  const data = useWindowData({ selected, catalog, view, span, bucket, zone, follow: !paused });
  const forecast = useForecast({ on: showForecast, selected, catalog, view });

  const onZoom = useCallback(
    (from: number, to: number) => {
      // Refetch at a finer resolution when the user zoomed well into the loaded window.
      if (to - from < (view.to - view.from) / 2) setView({ from, to, live: false });
    },
    [view],
  );

  const exportCsv = () => {
    const rows: Array<Array<string | number>> = [['time', 'series', 'value', 'unit']];
    for (const s of data.series)
      for (const [ts, v] of s.data) rows.push([new Date(ts).toISOString(), s.id, v, s.unit]);
    downloadCsv(`telemetry-${fileStamp(Date.now())}.csv`, rows);
  };

  if (selected.length === 0) return <p className="status empty">{t('telemetry.pickSeries')}</p>;
  const empty = data.loaded !== undefined && data.series.every((s) => s.data.length === 0);
  return (
    <section className="chart-panel" aria-label={t('telemetry.title')}>
      <ChartToolbar
        following={view.live}
        paused={paused}
        live={data.live}
        calendar={calendar}
        loaded={data.loaded}
        bucket={bucket}
        zone={zone}
        forecast={showForecast}
        onPause={() => setPaused((p) => !p)}
        onLive={() => setView(liveView(span))}
        onForecast={() => setShowForecast((f) => !f)}
        onExport={exportCsv}
      />
      {data.error && <ErrorBox error={data.error} />}
      {forecast.error && <ErrorBox error={forecast.error} />}
      {showForecast && forecast.bands.length > 0 && (
        <p className="muted small">{t('telemetry.forecastNote')}</p>
      )}
      {!data.loaded && !data.error && <Loading />}
      {empty && <p className="status empty">{t('telemetry.noPoints')}</p>}
      <TimeChart
        series={data.series}
        bands={forecast.bands}
        window={view.live ? undefined : { from: view.from, to: view.to }}
        span={view.to - view.from}
        onZoom={onZoom}
        label={selected.join(', ')}
      />
      {calendar && data.calendarRows.length > 0 && (
        <CalendarTable
          rows={data.calendarRows}
          selected={selected}
          catalog={catalog}
          bucket={bucket}
          zone={zone}
        />
      )}
      <LatestTable series={data.series} />
    </section>
  );
}
