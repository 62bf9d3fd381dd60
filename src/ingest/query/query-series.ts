/**
 * Reading a series back for the CLI and the API: raw points, or buckets (`1m`, `1h`, `1d`, any
 * duration) that the store serves from the coarsest rollup dividing the width. A missing range
 * defaults to the series' whole extent (from its point statistics).
 */
import {
  type Bucket,
  calendarUnitOf,
  type Point,
  parseDuration,
  parseTime,
  resolveTimeZone,
  XinzhiError,
} from '../../core/index.js';
import { queryCalendarBuckets, type RollupSource, type Store } from '../../store/index.js';
import { localIsoToUtcIn } from '../time/zoned-time.js';
import { siteTimeZone } from './site-time-zone.js';

export interface SeriesQueryInput {
  readonly seriesId: string;
  /** ISO 8601 or epoch; default the first point. */
  readonly from?: string | number | undefined;
  /** ISO 8601 or epoch, exclusive; default just after the last point. */
  readonly to?: string | number | undefined;
  /** Bucket width: `1m`, `15m`, `1h`, `1d`… Omitted: raw points. */
  readonly bucket?: string | undefined;
  /** Maximum raw points (default 10,000). */
  readonly limit?: number | undefined;
  /**
   * Zone of calendar buckets (`1d`, `1w`, `1mo`): IANA name or fixed offset; default the
   * `timeZone` attribute of the series' asset or its nearest ancestor (the site), else UTC.
   * Abbreviations (CST, IST…) are refused as ambiguous.
   */
  readonly tz?: string | undefined;
}

export type SeriesQueryResult =
  | {
      readonly series: string;
      readonly unit: string;
      readonly from: number;
      readonly to: number;
      readonly points: Point[];
    }
  | {
      readonly series: string;
      readonly unit: string;
      readonly from: number;
      readonly to: number;
      /** Width of fixed buckets; for calendar buckets the nominal width (a month: 30.436875 days). */
      readonly bucketMs: number;
      readonly source: RollupSource;
      /** Set for calendar buckets: the unit and the zone whose midnights start them. */
      readonly calendar?: { readonly unit: 'd' | 'w' | 'mo'; readonly tz: string };
      readonly buckets: Bucket[];
    };

const NOMINAL_MS = { d: 86_400_000, w: 604_800_000, mo: 2_629_746_000 } as const;

/** Bucket width in ms from `1m|1h|1d|…`; a clear error otherwise. */
export function parseBucket(s: string): number {
  const ms = parseDuration(s);
  if (ms === undefined || ms <= 0 || !Number.isInteger(ms)) {
    throw new XinzhiError('BAD_INPUT', `bucket "${s}" is not a duration like 1m, 15m, 1h or 1d`, {
      field: 'bucket',
    });
  }
  return ms;
}

function timeArg(v: string | number, field: string, tz: string | undefined): number {
  // A time without an offset is read in the query's zone: "--from 2024-03-01 --tz Asia/Shanghai".
  const t = parseTime(v, tz === undefined ? undefined : localIsoToUtcIn(tz));
  if (t === undefined)
    throw new XinzhiError('BAD_INPUT', `${field} "${v}" is not an ISO 8601 time or epoch`, { field });
  return t;
}

export async function querySeries(store: Store, q: SeriesQueryInput): Promise<SeriesQueryResult> {
  const s = await store.getSeries(q.seriesId);
  if (!s) throw new XinzhiError('NOT_FOUND', `no series "${q.seriesId}"`, { field: 'series' });
  const zone = q.tz === undefined ? undefined : resolveTimeZone(q.tz, 'tz');
  let from = q.from === undefined ? undefined : timeArg(q.from, 'from', zone?.name);
  let to = q.to === undefined ? undefined : timeArg(q.to, 'to', zone?.name);
  if (from === undefined || to === undefined) {
    const st = await store.pointStats(q.seriesId);
    from ??= st.firstTs ?? 0;
    to ??= (st.lastTs ?? from) + 1;
  }
  if (to <= from) throw new XinzhiError('BAD_INPUT', '"to" must be after "from"', { field: 'to' });
  if (q.bucket === undefined) {
    const limit = q.limit ?? 10_000;
    if (!Number.isInteger(limit) || limit < 1)
      throw new XinzhiError('BAD_INPUT', 'limit must be a positive integer', { field: 'limit' });
    const points = await store.queryPoints(q.seriesId, { from, to, limit });
    return { series: s.id, unit: s.unit, from, to, points };
  }
  const unit = calendarUnitOf(q.bucket);
  if (unit !== undefined) {
    const z = zone ?? (await siteTimeZone(store, s.assetId));
    const r = await queryCalendarBuckets(store, q.seriesId, { from, to, unit, zone: z });
    return {
      series: s.id,
      unit: s.unit,
      from,
      to,
      bucketMs: NOMINAL_MS[unit],
      source: r.source,
      calendar: { unit, tz: z.name },
      buckets: r.buckets,
    };
  }
  const bucketMs = parseBucket(q.bucket);
  const r = await store.queryBuckets(q.seriesId, { from, to, bucketMs });
  return { series: s.id, unit: s.unit, from, to, bucketMs, source: r.source, buckets: r.buckets };
}
