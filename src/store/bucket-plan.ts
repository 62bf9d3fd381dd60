/**
 * How a bucketed read is answered, shared by every Store adapter so they agree to the bucket.
 *
 * The rule (documented in docs/store.md):
 * 1. `source` given: raw keeps `bucketMs`; a rollup rounds `bucketMs` up to a multiple of its width.
 * 2. A range no longer than `rawMaxRangeMs` (default 1 h) reads raw points: it is cheap and exact
 *    for any bucket width.
 * 3. Otherwise the coarsest rollup whose width divides `bucketMs` (1 h, then 1 min).
 * 4. Otherwise the coarsest rollup of width ≤ `bucketMs` for which rounding `bucketMs` up to a
 *    multiple of the width grows it by at most 5 % (always true from 20 widths up: a year in 500
 *    buckets of 17.52 h reads 1-hour rollups in 18 h buckets); the result reports the width used.
 * 5. Otherwise raw points with the width as asked.
 *
 * Buckets start at epoch multiples of the width. A rollup source covers only whole rollup rows:
 * the part of [from, to) that does not start or end on a rollup boundary is read from the next
 * finer source (1 h → 1 min → raw), so every bucket is exactly the aggregate of the raw points in
 * its span ∩ [from, to), and a long read touches raw points only in its first and last minute.
 */
import { type Bucket, type CalendarUnit, calendarBoundaries, type TimeZone } from '../core/index.js';
import type { BucketResult, RollupSource, Store } from './store.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const ROLLUP_WIDTH: Readonly<Record<Exclude<RollupSource, 'raw'>, number>> = {
  '1m': MINUTE,
  '1h': HOUR,
};

/** Growth allowed when rounding a bucket width up to a multiple of a rollup (rule 4). */
const MAX_GROWTH = 1.05;
export const DEFAULT_RAW_MAX_RANGE_MS = HOUR;

export interface BucketChoice {
  readonly source: RollupSource;
  readonly bucketMs: number;
}

const roundUp = (b: number, w: number): number => Math.ceil(b / w) * w;

export function chooseBucketSource(
  range: { from: number; to: number; bucketMs: number; source?: RollupSource },
  rawMaxRangeMs: number = DEFAULT_RAW_MAX_RANGE_MS,
): BucketChoice {
  const b = range.bucketMs;
  if (range.source === 'raw') return { source: 'raw', bucketMs: b };
  if (range.source) return { source: range.source, bucketMs: roundUp(b, ROLLUP_WIDTH[range.source]) };
  if (range.to - range.from <= rawMaxRangeMs) return { source: 'raw', bucketMs: b };
  if (b % HOUR === 0) return { source: '1h', bucketMs: b };
  if (b % MINUTE === 0) return { source: '1m', bucketMs: b };
  for (const source of ['1h', '1m'] as const) {
    const w = ROLLUP_WIDTH[source];
    if (w <= b && roundUp(b, w) <= b * MAX_GROWTH) return { source, bucketMs: roundUp(b, w) };
  }
  return { source: 'raw', bucketMs: b };
}

export interface Segment {
  readonly source: RollupSource;
  readonly from: number;
  readonly to: number;
}

const floorTo = (t: number, w: number): number => Math.floor(t / w) * w;
const ceilTo = (t: number, w: number): number => Math.ceil(t / w) * w;

/**
 * Splits [from, to) into segments read from `source` where whole rollup rows fit, and from
 * finer sources at the edges. Segments are ascending and cover the range exactly.
 *
 * @example planSegments(90_000, 7_230_000, '1h') // raw [90s,2m), 1m [2m,1h), 1h [1h,2h), 1m [2h,2h0m), raw …
 */
export function planSegments(from: number, to: number, source: RollupSource): Segment[] {
  if (from >= to) return [];
  if (source === 'raw') return [{ source, from, to }];
  const w = ROLLUP_WIDTH[source];
  const finer: RollupSource = source === '1h' ? '1m' : 'raw';
  const a = ceilTo(from, w);
  const b = floorTo(to, w);
  if (a >= b) return planSegments(from, to, finer);
  return [...planSegments(from, a, finer), { source, from: a, to: b }, ...planSegments(b, to, finer)];
}

/** Start of the bucket of width `w` holding `t` (epoch-aligned, also before 1970). */
export const bucketStart = (t: number, w: number): number => t - (((t % w) + w) % w);

/**
 * Calendar buckets (days, ISO weeks, months in a zone) are not of one width: a Berlin day is 23 or
 * 25 hours on DST changes, a month 28–31 days. They are folded from fixed-width buckets of the
 * widest step dividing every boundary (1 h for whole-hour zones, 1 min for Asia/Kolkata's +05:30),
 * which the rollups serve, so a year of days reads 8,760 hourly rows rather than raw points.
 */
export function calendarStep(boundaries: readonly number[]): number {
  if (boundaries.every((b) => b % HOUR === 0)) return HOUR;
  if (boundaries.every((b) => b % MINUTE === 0)) return MINUTE;
  return 1000;
}

/** Folds ascending fixed-width buckets into the calendar buckets `[b[i], b[i+1])`; empty ones are left out. */
export function foldCalendar(buckets: readonly Bucket[], boundaries: readonly number[]): Bucket[] {
  const out: Bucket[] = [];
  let i = 0;
  let cur: { ts: number; min: number; max: number; sum: number; count: number; last: number } | undefined;
  const flush = (): void => {
    if (cur)
      out.push({
        ts: cur.ts,
        min: cur.min,
        max: cur.max,
        avg: cur.sum / cur.count,
        count: cur.count,
        last: cur.last,
      });
    cur = undefined;
  };
  for (const b of buckets) {
    while (i + 1 < boundaries.length && b.ts >= boundaries[i + 1]!) {
      i++;
      flush();
    }
    if (!cur)
      cur = {
        ts: boundaries[i]!,
        min: b.min,
        max: b.max,
        sum: b.avg * b.count,
        count: b.count,
        last: b.last,
      };
    else {
      if (b.min < cur.min) cur.min = b.min;
      if (b.max > cur.max) cur.max = b.max;
      cur.sum += b.avg * b.count;
      cur.count += b.count;
      cur.last = b.last;
    }
  }
  flush();
  return out;
}

/**
 * Calendar-bucketed read through any Store: `1d` days, `1w` ISO weeks from Monday, `1mo` months,
 * each from local midnight in `zone`. Buckets are exactly the aggregate of the points in their
 * span ∩ [from, to), as fixed-width buckets are.
 *
 * @example await queryCalendarBuckets(store, 'p1/m1/temp', { from, to, unit: 'w', zone: resolveTimeZone('Europe/Berlin') })
 */
export async function queryCalendarBuckets(
  store: Pick<Store, 'queryBuckets'>,
  seriesId: string,
  q: { from: number; to: number; unit: CalendarUnit; zone: TimeZone },
): Promise<BucketResult> {
  const bounds = calendarBoundaries(q.from, q.to, q.unit, q.zone);
  const step = calendarStep(bounds);
  const r = await store.queryBuckets(seriesId, { from: q.from, to: q.to, bucketMs: step });
  return { source: r.source, bucketMs: r.bucketMs, buckets: foldCalendar(r.buckets, bounds) };
}
