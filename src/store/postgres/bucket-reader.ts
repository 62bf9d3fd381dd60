/**
 * `queryBuckets` for PostgreSQL: the plan of store/bucket-plan.ts (the SQLite reader's), one
 * grouped query per segment, partial buckets of adjacent segments merged in JS. Time bounds are
 * plain comparisons on `ts`, so the planner prunes the monthly partitions outside the range.
 */
import type { Bucket } from '../../core/index.js';
import { chooseBucketSource, planSegments, ROLLUP_WIDTH } from '../bucket-plan.js';
import type { BucketResult, RollupSource } from '../store.js';
import type { Queryable } from './db.js';

type Row = { b: number; lo: number; hi: number; s: number; n: number; lts: number; lv: number };

const floorTo = (col: string, w: string): string => `${col} - (((${col} % ${w}) + ${w}) % ${w})`;

const RAW_SQL = `
WITH g AS (
  SELECT ${floorTo('ts', '$2::int8')} AS b, min(value) AS lo, max(value) AS hi, sum(value) AS s, count(*) AS n,
         max(ts) AS lts
  FROM points WHERE series_key = $1 AND ts >= $3 AND ts < $4
  GROUP BY 1)
SELECT g.b, g.lo, g.hi, g.s, g.n, g.lts, p.value AS lv
FROM g JOIN points p ON p.series_key = $1 AND p.ts = g.lts AND p.ts >= $3 AND p.ts < $4
ORDER BY g.b`;

const rollupSql = (table: string, w: number): string => `
WITH g AS (
  SELECT ${floorTo('bucket', '$2::int8')} AS b, min(min_v) AS lo, max(max_v) AS hi, sum(sum_v) AS s,
         sum(n)::int8 AS n, max(last_ts) AS lts
  FROM ${table} WHERE series_key = $1 AND bucket >= $3 AND bucket < $4
  GROUP BY 1)
SELECT g.b, g.lo, g.hi, g.s, g.n, g.lts, r.last_v AS lv
FROM g JOIN ${table} r ON r.series_key = $1 AND r.bucket = ${floorTo('g.lts', String(w))}
ORDER BY g.b`;

const SQL: Record<RollupSource, string> = {
  raw: RAW_SQL,
  '1m': rollupSql('rollup_1m', ROLLUP_WIDTH['1m']),
  '1h': rollupSql('rollup_1h', ROLLUP_WIDTH['1h']),
};

export async function readBuckets(
  db: Queryable,
  key: number,
  range: { from: number; to: number; bucketMs: number; source?: RollupSource },
  rawMaxRangeMs: number,
): Promise<BucketResult> {
  const choice = chooseBucketSource(range, rawMaxRangeMs);
  const b = choice.bucketMs;
  const merged = new Map<number, Row>();
  const ordered: Row[] = [];
  for (const seg of planSegments(range.from, range.to, choice.source)) {
    const rows = (await db.query<Row>(SQL[seg.source], [key, b, seg.from, seg.to])).rows;
    for (const r of rows) {
      const m = merged.get(r.b);
      if (m === undefined) {
        merged.set(r.b, r);
        ordered.push(r);
        continue;
      }
      if (r.lo < m.lo) m.lo = r.lo;
      if (r.hi > m.hi) m.hi = r.hi;
      m.s += r.s;
      m.n += r.n;
      if (r.lts > m.lts) {
        m.lts = r.lts;
        m.lv = r.lv;
      }
    }
  }
  // Segments are ascending and each is ordered by bucket, so `ordered` is already sorted.
  const buckets: Bucket[] = ordered.map((r) => ({
    ts: r.b,
    min: r.lo,
    max: r.hi,
    avg: r.s / r.n,
    count: r.n,
    last: r.lv,
  }));
  return { source: choice.source, bucketMs: b, buckets };
}
