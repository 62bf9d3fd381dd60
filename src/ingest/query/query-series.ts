/**
 * Reading a series back for the CLI and the API: raw points, or buckets (`1m`, `1h`, `1d`, any
 * duration) that the store serves from the coarsest rollup dividing the width. A missing range
 * defaults to the series' whole extent (from its point statistics).
 */
import { type Bucket, type Point, parseDuration, parseTime, XinzhiError } from '../../core/index.js';
import type { RollupSource, Store } from '../../store/index.js';

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
      readonly bucketMs: number;
      readonly source: RollupSource;
      readonly buckets: Bucket[];
    };

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

function timeArg(v: string | number, field: string): number {
  const t = parseTime(v);
  if (t === undefined)
    throw new XinzhiError('BAD_INPUT', `${field} "${v}" is not an ISO 8601 time or epoch`, { field });
  return t;
}

export async function querySeries(store: Store, q: SeriesQueryInput): Promise<SeriesQueryResult> {
  const s = await store.getSeries(q.seriesId);
  if (!s) throw new XinzhiError('NOT_FOUND', `no series "${q.seriesId}"`, { field: 'series' });
  let from = q.from === undefined ? undefined : timeArg(q.from, 'from');
  let to = q.to === undefined ? undefined : timeArg(q.to, 'to');
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
  const bucketMs = parseBucket(q.bucket);
  const r = await store.queryBuckets(q.seriesId, { from, to, bucketMs });
  return { series: s.id, unit: s.unit, from, to, bucketMs, source: r.source, buckets: r.buckets };
}
