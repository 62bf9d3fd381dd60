/**
 * The load both store benchmarks (SQLite `read-rollups`, PostgreSQL `postgres-store`) write and
 * read back, so their figures compare: one series of 10-second data, and the whole span read as
 * ~500 buckets from the rollups against the same aggregation over the raw points.
 */
import type { PointWrite, Store } from '../../src/store/index.js';

export const STEP = 10_000;
export const T0 = Date.UTC(2025, 0, 1);
export const SERIES = 'bench/area/line/m1/temp';

/** A deterministic daily cycle with noise, so min/max/last differ from bucket to bucket. */
export const valueAt = (i: number): number =>
  60 + 15 * Math.sin((2 * Math.PI * i) / 8640) + ((i * 7919) % 101) / 50;

/** The upper median (an odd run count is expected). */
export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

/** Points `from` .. `from + size − 1` of the load. */
export function batchAt(from: number, size: number): PointWrite[] {
  const out: PointWrite[] = new Array(size);
  for (let j = 0; j < size; j++)
    out[j] = { seriesId: SERIES, ts: T0 + (from + j) * STEP, value: valueAt(from + j) };
  return out;
}

export interface RollupReads {
  /** The first (warm-up) read from the rollups: its buckets, bucket width and source. */
  readonly first: Awaited<ReturnType<Store['queryBuckets']>>;
  /** The bucket width asked for (the store may round it). */
  readonly askedBucketMs: number;
  /** Medians of the timed reads, ms. */
  readonly rollupMs: number;
  readonly rawMs: number;
  /** Whether the raw aggregation gave the same buckets as the rollups. */
  readonly same: boolean;
}

/** Times reads of the `n` written points as ~500 buckets, from the rollups and over raw points. */
export async function timeRollupReads(
  store: Store,
  n: number,
  rollupRuns: number,
  rawRuns: number,
): Promise<RollupReads> {
  const span = n * STEP;
  const range = { from: T0, to: T0 + span, bucketMs: Math.round(span / 500) };
  const first = await store.queryBuckets(SERIES, range); // warm-up, and the bucket width used
  const rawRange = { ...range, bucketMs: first.bucketMs, source: 'raw' as const };
  const timed = async (raw: boolean, runs: number): Promise<number> => {
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t = performance.now();
      await store.queryBuckets(SERIES, raw ? rawRange : range);
      times.push(performance.now() - t);
    }
    return median(times);
  };
  const rollupMs = await timed(false, rollupRuns);
  const rawMs = await timed(true, rawRuns);
  const raw = await store.queryBuckets(SERIES, rawRange);
  const same =
    raw.buckets.length === first.buckets.length &&
    raw.buckets.every((b, i) => {
      const r = first.buckets[i];
      return (
        r !== undefined &&
        r.ts === b.ts &&
        r.count === b.count &&
        r.min === b.min &&
        r.max === b.max &&
        r.last === b.last &&
        Math.abs(r.avg - b.avg) <= 1e-9 * Math.abs(b.avg)
      );
    });
  return { first, askedBucketMs: range.bucketMs, rollupMs, rawMs, same };
}
