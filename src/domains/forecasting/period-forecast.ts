/**
 * Turns a stored series into values per period (one bucket per planning period or shift) and
 * forecasts the next periods with the analytics engine (`forecastSeries`, MSTL/ETS, intervals
 * conformally calibrated on the series' own past). Planning uses it for demand, staffing for
 * arrivals.
 *
 * The forecast runs on the event loop: it fits at most `MAX_HISTORY` bucketed values (a year of
 * days, or 166 days of 8-hour shifts), which takes milliseconds; solving, which can take seconds,
 * goes to the solver worker.
 */
import { forecastSeries, MIN_FORECAST_POINTS } from '../../analytics/index.js';
import { XinzhiError } from '../../core/index.js';
import type { Store } from '../../store/index.js';

/** Most periods of history fitted. */
export const MAX_HISTORY = 500;

export const AGGREGATES = ['sum', 'mean', 'last', 'increase'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

export interface PeriodValues {
  /** Start of each period (aligned to the period length from the epoch, UTC). */
  readonly starts: number[];
  readonly values: number[];
}

/**
 * Values per complete period before `now`: the current, incomplete period is left out.
 * `field` names the request field for errors.
 */
export async function periodValues(
  store: Store,
  seriesId: string,
  o: { periodMs: number; now: number; history: number; aggregate: Aggregate; field: string },
): Promise<PeriodValues> {
  if (!(await store.getSeries(seriesId)))
    throw new XinzhiError('NOT_FOUND', `no series '${seriesId}'`, { field: o.field });
  const to = Math.floor(o.now / o.periodMs) * o.periodMs;
  const history = Math.min(o.history, MAX_HISTORY) + (o.aggregate === 'increase' ? 1 : 0);
  const from = to - history * o.periodMs;
  const { buckets } = await store.queryBuckets(seriesId, { from, to, bucketMs: o.periodMs });
  if (buckets.length === 0) return { starts: [], values: [] };
  const starts: number[] = [];
  const values: number[] = [];
  if (o.aggregate === 'sum') {
    // A period without points had no arrivals or orders: 0, from the first period with data on.
    const byTs = new Map(buckets.map((b) => [b.ts, b.avg * b.count]));
    for (let ts = buckets[0]?.ts ?? to; ts < to; ts += o.periodMs) {
      starts.push(ts);
      values.push(byTs.get(ts) ?? 0);
    }
  } else if (o.aggregate === 'increase') {
    for (let i = 1; i < buckets.length; i++) {
      const b = buckets[i];
      const prev = buckets[i - 1];
      if (!b || !prev || b.ts - prev.ts !== o.periodMs) continue;
      starts.push(b.ts);
      // A counter reset (value drops) counts from zero.
      values.push(b.last >= prev.last ? b.last - prev.last : b.last);
    }
  } else
    for (const b of buckets) {
      starts.push(b.ts);
      values.push(o.aggregate === 'mean' ? b.avg : b.last);
    }
  return { starts, values };
}

export interface PeriodForecast {
  readonly series: string;
  readonly aggregate: Aggregate;
  /** Periods of history fitted. */
  readonly history: number;
  readonly model: string;
  /** Start of each forecast period. */
  readonly starts: number[];
  /** Point forecast, clipped at 0 (negative demand or arrivals mean nothing). */
  readonly point: number[];
  readonly lower: number[];
  readonly upper: number[];
  readonly level: number;
  /** `conformal` when the intervals are calibrated on the series' own past, `model` when too short for that. */
  readonly intervals: 'conformal' | 'adaptive-conformal' | 'model';
}

/** Forecasts the next `horizon` periods of a series, summarised per period. */
export async function forecastPeriods(
  store: Store,
  seriesId: string,
  o: { periodMs: number; now: number; history: number; aggregate: Aggregate; horizon: number; field: string },
): Promise<PeriodForecast> {
  const past = await periodValues(store, seriesId, o);
  if (past.values.length < MIN_FORECAST_POINTS)
    throw new XinzhiError(
      'BAD_INPUT',
      `series '${seriesId}' has ${past.values.length} complete periods of data; at least ${MIN_FORECAST_POINTS} are needed to forecast`,
      { field: o.field },
    );
  const level = 0.9;
  const f = forecastSeries(past.values, { horizon: o.horizon, level, stepMs: o.periodMs });
  const next = Math.floor(o.now / o.periodMs) * o.periodMs;
  const clip = (xs: number[]): number[] => xs.map((x) => (Number.isFinite(x) ? Math.max(0, x) : 0));
  return {
    series: seriesId,
    aggregate: o.aggregate,
    history: past.values.length,
    model: f.model,
    starts: Array.from({ length: o.horizon }, (_, i) => next + i * o.periodMs),
    point: clip(f.point),
    lower: clip(f.lower),
    upper: clip(f.upper),
    level,
    intervals: f.calibration.method,
  };
}
