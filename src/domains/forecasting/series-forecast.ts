/**
 * The forecast of a stored series from its newest data: the last `history` points (or buckets of
 * `bucketMs`, averaged) fitted by the analytics engine, with intervals and the calibration that
 * backs them. Raw points are read back over a window wide enough for `history` points at the
 * series' declared rate; their step is the median spacing.
 */
import { forecastSeries, type SeriesForecast } from '../../analytics/index.js';
import { XinzhiError } from '../../core/index.js';
import type { Store } from '../../store/index.js';

export interface StoredSeriesForecast {
  readonly seriesId: string;
  readonly forecast: SeriesForecast;
  readonly stepMs: number;
  /** Values fitted. */
  readonly fitted: number;
  /** Time of the newest value fitted. */
  readonly lastTs: number;
}

const medianStep = (ts: readonly number[]): number => {
  const d: number[] = [];
  for (let i = 1; i < ts.length; i++) {
    const s = (ts[i] ?? 0) - (ts[i - 1] ?? 0);
    if (s > 0) d.push(s);
  }
  d.sort((a, b) => a - b);
  return d[d.length >> 1] ?? 1000;
};

/** NOT_FOUND for an unknown series, BAD_INPUT naming `id` for one without points. */
export async function forecastStoredSeries(
  store: Pick<Store, 'getSeries' | 'latest' | 'queryBuckets' | 'queryPoints'>,
  seriesId: string,
  o: {
    readonly history: number;
    readonly horizon: number;
    readonly level: number;
    readonly bucketMs?: number;
  },
): Promise<StoredSeriesForecast> {
  const series = await store.getSeries(seriesId);
  if (!series) throw new XinzhiError('NOT_FOUND', `no series '${seriesId}'`, { field: 'id' });
  const last = (await store.latest([seriesId])).get(seriesId);
  if (!last) throw new XinzhiError('BAD_INPUT', `series '${seriesId}' has no points yet`, { field: 'id' });
  let ts: number[];
  let values: number[];
  let stepMs: number;
  if (o.bucketMs !== undefined) {
    const to = last.ts + 1;
    const r = await store.queryBuckets(seriesId, {
      from: to - o.history * o.bucketMs,
      to,
      bucketMs: o.bucketMs,
    });
    ts = r.buckets.map((b) => b.ts);
    values = r.buckets.map((b) => b.avg);
    stepMs = o.bucketMs;
  } else {
    const span = (series.expectedIntervalMs ?? 60_000) * o.history * 2;
    const pts = await store.queryPoints(seriesId, { from: last.ts - span, to: last.ts + 1 });
    const tail = pts.slice(Math.max(0, pts.length - o.history));
    ts = tail.map((p) => p.ts);
    values = tail.map((p) => p.value);
    stepMs = medianStep(ts);
  }
  const forecast = forecastSeries(values, { horizon: o.horizon, level: o.level, stepMs });
  return { seriesId, forecast, stepMs, fitted: values.length, lastTs: ts[ts.length - 1] ?? last.ts };
}
