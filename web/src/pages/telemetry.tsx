/**
 * Asset tree and live telemetry: pick series of any asset (up to 20 on one chart, one y axis per
 * unit), a range from 15 minutes to a year read from the rollups, zoom to refine, live updates
 * over SSE while the window ends now, CSV export of what the chart shows.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, qs } from '../api/client.js';
import { subscribePoints } from '../api/live.js';
import type { Asset, Bucket, ForecastResponse, Point, Series } from '../api/types.js';
import { AssetTree } from '../components/asset-tree.js';
import { Async, ErrorBox, Loading } from '../components/status.js';
import { type ChartBand, type ChartSeries, TimeChart } from '../components/time-chart.js';
import { useI18n } from '../i18n/i18n.js';
import { bucketFor, RANGES, rangeMs } from '../lib/buckets.js';
import { downloadCsv, fileStamp } from '../lib/csv.js';
import { SeriesBuffer } from '../lib/series-buffer.js';
import { useApi } from '../lib/use-api.js';
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
  const selected = useMemo(
    () =>
      (params.get('series') ?? '')
        .split(',')
        .filter((s) => s !== '')
        .slice(0, MAX_SERIES),
    [params],
  );
  const set = (next: { asset?: string | undefined; series?: readonly string[]; range?: string }) =>
    navigate(
      '/telemetry',
      {
        asset: 'asset' in next ? next.asset : asset,
        series: (next.series ?? selected).join(','),
        range: next.range ?? range,
      },
      true,
    );
  return { asset, range, selected, set };
}

function Chart({
  selected,
  catalog,
  range,
}: {
  selected: readonly string[];
  catalog: ReadonlyMap<string, Series>;
  range: string;
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

  // A new range restarts the live window (the first render already has it).
  const shownSpan = useRef(span);
  useEffect(() => {
    if (shownSpan.current === span) return;
    shownSpan.current = span;
    const now = Date.now();
    setView({ from: now - span, to: now, live: true });
  }, [span]);

  // Fetch the window: raw points for short spans, buckets for long ones.
  // biome-ignore lint/correctness/useExhaustiveDependencies: key stands for selected
  useEffect(() => {
    const ctrl = new AbortController();
    const bucketMs = bucketFor(view.to - view.from);
    setError(undefined);
    setLoaded(undefined);
    Promise.all(
      selected.map(async (id) => {
        const buf = new SeriesBuffer(bucketMs);
        if (bucketMs === undefined) {
          const r = await api<{ points: Point[] }>(
            `/points${qs({ series: id, from: Math.floor(view.from), to: Math.ceil(view.to) + 1, limit: 50_000 })}`,
            { signal: ctrl.signal },
          );
          buf.load(r.points);
          return [id, buf, 'raw'] as const;
        }
        const r = await api<{ source: string; buckets: Bucket[] }>(
          `/points/buckets${qs({ series: id, from: Math.floor(view.from), to: Math.ceil(view.to) + 1, bucket: `${bucketMs}ms` })}`,
          { signal: ctrl.signal },
        );
        buf.load(r.buckets.map((b) => ({ ts: b.ts, value: b.avg, count: b.count })));
        return [id, buf, r.source] as const;
      }),
    )
      .then((rows) => {
        buffers.current = new Map(rows.map(([id, buf]) => [id, buf]));
        setLoaded({ source: rows[0]?.[2] ?? 'raw', bucketMs });
        setTick((n) => n + 1);
      })
      .catch((e: unknown) => {
        if (!ctrl.signal.aborted) setError(e instanceof Error ? e : new Error(String(e)));
      });
    return () => ctrl.abort();
  }, [key, view.from, view.to]);

  // Live: fold new points into the buffers, redraw at most once per REDRAW_MS, slide the window.
  const live = view.live && !paused && loaded !== undefined;
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
        const f = await api<ForecastResponse>(
          `/series/${encodeURIComponent(id)}/forecast${qs({ horizon, level: 0.9, bucket: `${stepMs}ms`, history: 1000 })}`,
          { signal: ctrl.signal },
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
          disabled={!view.live}
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
          <span className="muted small">
            {t('telemetry.source', {
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
  const { t } = useI18n();
  const { asset, range, selected, set } = useTelemetryRoute();
  const assets = useApi<{ assets: Asset[] }>('/assets');
  const all = useApi<{ series: Series[] }>('/series');
  const catalog = useMemo(() => new Map((all.data?.series ?? []).map((s) => [s.id, s])), [all.data]);
  const ofAsset = (all.data?.series ?? []).filter((s) => s.assetId === asset);

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
          <Chart selected={selected} catalog={catalog} range={range} />
        </div>
      </div>
    </div>
  );
}
