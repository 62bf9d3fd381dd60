/**
 * Asset tree and live telemetry: pick series of any asset (up to 20 on one chart, one y axis per
 * unit), a range from 15 minutes to a year read from the rollups, zoom to refine, live updates
 * over SSE while the window ends now, CSV export of what the chart shows. Buckets follow the
 * window, or are chosen: 1 min to 1 h, or calendar days, weeks (from Monday) and months in a time
 * zone (default the site's, else the browser's), listed in a table with their local start.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { client, ok, type Schema } from '../api/client.js';
import { subscribePoints } from '../api/live.js';
import { AssetTree } from '../components/asset-tree.js';
import { Async, ErrorBox, Loading } from '../components/status.js';
import { type ChartBand, type ChartSeries, TimeChart } from '../components/time-chart.js';
import { useI18n } from '../i18n/i18n.js';
import { bucketFor, RANGES, rangeMs } from '../lib/buckets.js';
import { downloadCsv, fileStamp } from '../lib/csv.js';
import { SeriesBuffer } from '../lib/series-buffer.js';
import {
  BUCKETS,
  type BucketChoice,
  bucketChoice,
  FIXED_MS,
  formatInZone,
  isCalendar,
  siteZoneOf,
  zoneList,
} from '../lib/time-zone.js';
import { useApi } from '../lib/use-api.js';

type Series = Schema<'Series'>;

import { navigate, useRoute } from '../router.js';

export const MAX_SERIES = 20;
/** Live redraws at most this often: 20 series at 1 Hz become one redraw per second. */
const REDRAW_MS = 1000;

interface View {
  readonly from: number;
  readonly to: number;
  /** The window ends now and follows the clock. */
  readonly live: boolean;
}

function useTelemetryRoute() {
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
  const set = (next: {
    asset?: string | undefined;
    series?: readonly string[];
    range?: string;
    bucket?: BucketChoice;
    tz?: string;
  }) =>
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

/** One calendar bucket row of the table: start (ISO in the zone) and the mean of each series. */
interface CalendarRow {
  readonly ts: number;
  readonly time: string;
  readonly avg: Map<string, number>;
}

function Chart({
  selected,
  catalog,
  range,
  bucket,
  zone,
}: {
  selected: readonly string[];
  catalog: ReadonlyMap<string, Series>;
  range: string;
  bucket: BucketChoice;
  /** Zone of calendar buckets (always given: the chosen, the site's or the browser's). */
  zone: string;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const span = rangeMs(range);
  const [view, setView] = useState<View>(() => ({ from: Date.now() - span, to: Date.now(), live: true }));
  const [paused, setPaused] = useState(false);
  const [loaded, setLoaded] = useState<{ source: string; bucketMs: number | undefined } | undefined>();
  const [error, setError] = useState<Error>();
  const buffers = useRef(new Map<string, SeriesBuffer>());
  const [tick, setTick] = useState(0);
  const key = selected.join(',');
  const [showForecast, setShowForecast] = useState(false);
  const [bands, setBands] = useState<ChartBand[]>([]);
  const [forecastError, setForecastError] = useState<Error>();
  const [calendarRows, setCalendarRows] = useState<CalendarRow[]>([]);
  const calendar = isCalendar(bucket);

  // A new range restarts the live window (the first render already has it).
  const shownSpan = useRef(span);
  useEffect(() => {
    if (shownSpan.current === span) return;
    shownSpan.current = span;
    const now = Date.now();
    setView({ from: now - span, to: now, live: true });
  }, [span]);

  // Fetch the window: raw points for short spans, buckets for long ones (or the chosen buckets;
  // calendar buckets in the zone).
  // biome-ignore lint/correctness/useExhaustiveDependencies: key stands for selected
  useEffect(() => {
    const ctrl = new AbortController();
    const bucketMs = calendar
      ? undefined
      : bucket === 'auto'
        ? bucketFor(view.to - view.from)
        : FIXED_MS[bucket];
    setError(undefined);
    setLoaded(undefined);
    const rows = new Map<number, CalendarRow>();
    Promise.all(
      selected.map(async (id) => {
        const window = {
          series: id,
          from: String(Math.floor(view.from)),
          to: String(Math.ceil(view.to) + 1),
        };
        if (calendar) {
          const query = { ...window, bucket, ...(zone === undefined ? {} : { tz: zone }) };
          const r = await ok(
            client.GET('/api/v1/points/buckets', { params: { query }, signal: ctrl.signal }),
          );
          // Calendar buckets are not folded live: a day, week or month is read whole from the server.
          const buf = new SeriesBuffer(undefined);
          buf.load(r.buckets.map((b) => ({ ts: b.ts, value: b.avg, count: b.count })));
          for (const b of r.buckets) {
            const row = rows.get(b.ts) ?? { ts: b.ts, time: b.time ?? '', avg: new Map<string, number>() };
            row.avg.set(id, b.avg);
            rows.set(b.ts, row);
          }
          return [id, buf, r.source, r.bucketMs] as const;
        }
        const buf = new SeriesBuffer(bucketMs);
        if (bucketMs === undefined) {
          const r = await ok(
            client.GET('/api/v1/points', {
              params: { query: { ...window, limit: 50_000 } },
              signal: ctrl.signal,
            }),
          );
          buf.load(r.points);
          return [id, buf, 'raw', undefined] as const;
        }
        const r = await ok(
          client.GET('/api/v1/points/buckets', {
            params: { query: { ...window, bucket: `${bucketMs}ms` } },
            signal: ctrl.signal,
          }),
        );
        buf.load(r.buckets.map((b) => ({ ts: b.ts, value: b.avg, count: b.count })));
        return [id, buf, r.source, bucketMs] as const;
      }),
    )
      .then((rs) => {
        buffers.current = new Map(rs.map(([id, buf]) => [id, buf]));
        setCalendarRows([...rows.values()].sort((a, b) => a.ts - b.ts));
        setLoaded({ source: rs[0]?.[2] ?? 'raw', bucketMs: rs[0]?.[3] });
        setTick((n) => n + 1);
      })
      .catch((e: unknown) => {
        if (!ctrl.signal.aborted) setError(e instanceof Error ? e : new Error(String(e)));
      });
    return () => ctrl.abort();
  }, [key, view.from, view.to, bucket, zone, calendar]);

  // Live: fold new points into the buffers, redraw at most once per REDRAW_MS, slide the window.
  const live = view.live && !paused && loaded !== undefined && !calendar;
  // biome-ignore lint/correctness/useExhaustiveDependencies: key stands for selected
  useEffect(() => {
    if (!live) return;
    let dirty = false;
    const off = subscribePoints(selected, (series, points) => {
      const buf = buffers.current.get(series);
      if (!buf) return;
      for (const p of points) buf.push(p.ts, p.value);
      dirty = true;
    });
    const timer = setInterval(() => {
      const from = Date.now() - span;
      for (const b of buffers.current.values()) if (b.trim(from)) dirty = true;
      if (dirty) {
        dirty = false;
        setTick((n) => n + 1);
      }
    }, REDRAW_MS);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [live, key, span]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick marks buffer changes
  const chartSeries: ChartSeries[] = useMemo(
    () =>
      selected.map((id) => {
        const s = catalog.get(id);
        return { id, name: id, unit: s?.unit ?? '', data: buffers.current.get(id)?.data ?? [] };
      }),
    [tick, key, catalog],
  );

  // Forecasts: at the chart's resolution (its buckets, or span/120 for raw windows), a fifth of the
  // shown span ahead, 90 % intervals. Refetched when the series or the window change.
  // biome-ignore lint/correctness/useExhaustiveDependencies: key stands for selected
  useEffect(() => {
    if (!showForecast) {
      setBands([]);
      return;
    }
    const ctrl = new AbortController();
    const width = view.to - view.from;
    const stepMs = bucketFor(width) ?? Math.max(1000, Math.round(width / 120 / 1000) * 1000);
    const horizon = Math.max(2, Math.min(500, Math.ceil((0.2 * width) / stepMs)));
    setForecastError(undefined);
    Promise.all(
      selected.map(async (id) => {
        const f = await ok(
          client.GET('/api/v1/series/{id}/forecast', {
            params: { path: { id }, query: { horizon, level: 0.9, bucket: `${stepMs}ms`, history: 1000 } },
            signal: ctrl.signal,
          }),
        );
        return {
          id: `forecast:${id}`,
          name: t('telemetry.forecastOf', { series: id }),
          unit: catalog.get(id)?.unit ?? '',
          data: f.points.map((p) => [p.ts, p.point, p.lower, p.upper] as const),
        } satisfies ChartBand;
      }),
    )
      .then(setBands)
      .catch((e: unknown) => {
        if (!ctrl.signal.aborted) setForecastError(e instanceof Error ? e : new Error(String(e)));
      });
    return () => ctrl.abort();
  }, [showForecast, key, view.from, view.to, catalog]);

  const onZoom = useCallback(
    (from: number, to: number) => {
      // Refetch at a finer resolution when the user zoomed well into the loaded window.
      if (to - from < (view.to - view.from) / 2) setView({ from, to, live: false });
    },
    [view],
  );

  const exportCsv = () => {
    const rows: Array<Array<string | number>> = [['time', 'series', 'value', 'unit']];
    for (const s of chartSeries)
      for (const [ts, v] of s.data) rows.push([new Date(ts).toISOString(), s.id, v, s.unit]);
    downloadCsv(`telemetry-${fileStamp(Date.now())}.csv`, rows);
  };

  if (selected.length === 0) return <p className="status empty">{t('telemetry.pickSeries')}</p>;
  const empty = loaded !== undefined && chartSeries.every((s) => s.data.length === 0);
  return (
    <section className="chart-panel" aria-label={t('telemetry.title')}>
      <div className="toolbar">
        <button
          type="button"
          onClick={() => setPaused((p) => !p)}
          aria-pressed={paused}
          disabled={!view.live || calendar}
        >
          {paused || !view.live ? t('telemetry.resume') : t('telemetry.pause')}
        </button>
        {!view.live && (
          <button
            type="button"
            onClick={() => setView({ from: Date.now() - span, to: Date.now(), live: true })}
          >
            {t('telemetry.live')}
          </button>
        )}
        <span className={`badge ${live ? 'live' : ''}`} data-testid="live-badge">
          {live ? t('telemetry.live') : t('telemetry.paused')}
        </span>
        {loaded && (
          <span className="muted small" data-testid="bucket-source">
            {calendar
              ? t('telemetry.sourceCalendar', {
                  source: loaded.source,
                  bucket: t(`telemetry.bucket.${bucket}`),
                  zone,
                })
              : t('telemetry.source', {
                  source: loaded.bucketMs === undefined ? t('telemetry.sourceRaw') : loaded.source,
                  bucket: loaded.bucketMs === undefined ? '—' : i18n.duration(loaded.bucketMs),
                })}
          </span>
        )}
        <button
          type="button"
          aria-pressed={showForecast}
          onClick={() => setShowForecast((f) => !f)}
          data-testid="forecast-toggle"
        >
          {t('telemetry.forecast')}
        </button>
        <button type="button" onClick={exportCsv} disabled={!loaded}>
          {t('common.exportCsv')}
        </button>
      </div>
      {error && <ErrorBox error={error} />}
      {forecastError && <ErrorBox error={forecastError} />}
      {showForecast && bands.length > 0 && <p className="muted small">{t('telemetry.forecastNote')}</p>}
      {!loaded && !error && <Loading />}
      {empty && <p className="status empty">{t('telemetry.noPoints')}</p>}
      <TimeChart
        series={chartSeries}
        bands={bands}
        window={view.live ? undefined : { from: view.from, to: view.to }}
        span={view.to - view.from}
        onZoom={onZoom}
        label={selected.join(', ')}
      />
      {calendar && calendarRows.length > 0 && (
        <div className="table-wrap calendar-buckets">
          <table className="compact" data-testid="calendar-buckets">
            <caption>
              {t('telemetry.calendarTable', { bucket: t(`telemetry.bucket.${bucket}`), zone })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('telemetry.bucketStart')}</th>
                {selected.map((id) => (
                  <th scope="col" key={id}>
                    {id} <span className="muted small">({t('telemetry.mean')})</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {calendarRows.slice(-400).map((r) => (
                <tr key={r.ts}>
                  <th scope="row" data-time={r.time}>
                    {formatInZone(r.ts, zone, i18n.locale)}
                  </th>
                  {selected.map((id) => {
                    const v = r.avg.get(id);
                    return (
                      <td className="num" key={id}>
                        {v === undefined ? '—' : `${i18n.num(v, 3)} ${catalog.get(id)?.unit ?? ''}`}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <table className="compact latest" data-testid="latest-table">
        <caption>{t('telemetry.latest')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('common.series')}</th>
            <th scope="col">{t('common.time')}</th>
            <th scope="col">{t('common.value')}</th>
            <th scope="col">{t('common.unit')}</th>
          </tr>
        </thead>
        <tbody>
          {chartSeries.map((s) => {
            const last = s.data[s.data.length - 1];
            return (
              <tr key={s.id}>
                <th scope="row">{s.id}</th>
                <td data-ts={last?.[0]}>{last ? i18n.dateTime(last[0]) : '—'}</td>
                <td className="num" data-series={s.id}>
                  {last ? i18n.num(last[1], 3) : '—'}
                </td>
                <td>{s.unit}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

export default function TelemetryPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { asset, range, bucket, tz, selected, set } = useTelemetryRoute();
  const assets = useApi('assets', (signal) => ok(client.GET('/api/v1/assets', { signal })));
  const all = useApi('series', (signal) => ok(client.GET('/api/v1/series', { signal })));
  const catalog = useMemo(() => new Map((all.data?.series ?? []).map((s) => [s.id, s])), [all.data]);
  const ofAsset = (all.data?.series ?? []).filter((s) => s.assetId === asset);
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
            <fieldset className="series-pick">
              <legend>
                {t('common.asset')}: {asset}
              </legend>
              {all.error && <ErrorBox error={all.error} onRetry={all.reload} />}
              {ofAsset.length === 0 && all.data && <p className="muted">{t('common.empty')}</p>}
              {ofAsset.map((s) => (
                <label key={s.id} className="check">
                  <input
                    type="checkbox"
                    checked={selected.includes(s.id)}
                    onChange={() => toggle(s.id)}
                    data-series={s.id}
                  />{' '}
                  {s.metric} <span className="muted small">[{s.unit}]</span>
                </label>
              ))}
              {selected.length >= MAX_SERIES && (
                <p className="muted small">{t('telemetry.maxSeries', { count: MAX_SERIES })}</p>
              )}
            </fieldset>
          )}
          <fieldset className="toolbar plain">
            <legend className="sr-only">{t('telemetry.range')}</legend>
            <span aria-hidden="true">{t('telemetry.range')}:</span>
            {RANGES.map(([id]) => (
              <button key={id} type="button" aria-pressed={range === id} onClick={() => set({ range: id })}>
                {id}
              </button>
            ))}
            {selected.length > 0 && (
              <button type="button" className="link" onClick={() => set({ series: [] })}>
                {t('telemetry.clear')}
              </button>
            )}
          </fieldset>
          <fieldset className="toolbar plain">
            <legend className="sr-only">{t('telemetry.buckets')}</legend>
            <label>
              {t('telemetry.buckets')}{' '}
              <select
                value={bucket}
                onChange={(e) => set({ bucket: e.target.value as BucketChoice })}
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
              <select value={tz} onChange={(e) => set({ tz: e.target.value })} data-testid="zone-choice">
                <option value="">
                  {siteZone
                    ? t('telemetry.zoneSite', { zone: siteZone })
                    : t('telemetry.zoneBrowser', { zone: i18n.timeZone })}
                </option>
                {zones.map((z) => (
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
          <Chart selected={selected} catalog={catalog} range={range} bucket={bucket} zone={zone} />
        </div>
      </div>
    </div>
  );
}
