/**
 * `queryBuckets` for SQLite: plans the segments (store/bucket-plan.ts), aggregates each in SQL
 * grouped by epoch-aligned bucket, and merges the partial buckets of adjacent segments in JS.
 * The last value of a bucket is found by a key lookup of the row holding its greatest time,
 * which keeps the query plain SQL that PostgreSQL runs too.
 */
import type Database from 'better-sqlite3';
import type { Bucket } from '../../core/index.js';
import { chooseBucketSource, planSegments, ROLLUP_WIDTH } from '../bucket-plan.js';
import type { BucketResult, RollupSource } from '../store.js';

type Row = [b: number, min: number, max: number, sum: number, n: number, lastTs: number, last: number];

const RAW_SQL = `
WITH g AS (
  SELECT ts - ((ts % :b) + :b) % :b AS b, min(value) AS lo, max(value) AS hi, sum(value) AS s, count(*) AS n, max(ts) AS lts
  FROM points WHERE series_key = :k AND ts >= :from AND ts < :to
  GROUP BY 1)
SELECT g.b, g.lo, g.hi, g.s, g.n, g.lts, p.value
FROM g JOIN points p ON p.series_key = :k AND p.ts = g.lts
ORDER BY g.b`;

const rollupSql = (table: string, w: number): string => `
WITH g AS (
  SELECT bucket - ((bucket % :b) + :b) % :b AS b, min(min_v) AS lo, max(max_v) AS hi, sum(sum_v) AS s, sum(n) AS n,
         max(last_ts) AS lts
  FROM ${table} WHERE series_key = :k AND bucket >= :from AND bucket < :to
  GROUP BY 1)
SELECT g.b, g.lo, g.hi, g.s, g.n, g.lts, r.last_v
FROM g JOIN ${table} r ON r.series_key = :k AND r.bucket = g.lts - ((g.lts % ${w}) + ${w}) % ${w}
ORDER BY g.b`;

export class BucketReader {
  private readonly stmts: Record<RollupSource, Database.Statement>;

  constructor(
    db: Database.Database,
    private readonly rawMaxRangeMs: number,
  ) {
    this.stmts = {
      raw: db.prepare(RAW_SQL).raw(),
      '1m': db.prepare(rollupSql('rollup_1m', ROLLUP_WIDTH['1m'])).raw(),
      '1h': db.prepare(rollupSql('rollup_1h', ROLLUP_WIDTH['1h'])).raw(),
    };
  }

  read(
    key: number,
    range: { from: number; to: number; bucketMs: number; source?: RollupSource },
  ): BucketResult {
    const choice = chooseBucketSource(range, this.rawMaxRangeMs);
    const b = choice.bucketMs;
    const merged = new Map<number, Row>();
    const ordered: Row[] = [];
    for (const seg of planSegments(range.from, range.to, choice.source)) {
      const rows = this.stmts[seg.source].all({ k: key, b, from: seg.from, to: seg.to }) as Row[];
      for (const r of rows) {
        const m = merged.get(r[0]);
        if (m === undefined) {
          merged.set(r[0], r);
          ordered.push(r);
          continue;
        }
        if (r[1] < m[1]) m[1] = r[1];
        if (r[2] > m[2]) m[2] = r[2];
        m[3] += r[3];
        m[4] += r[4];
        if (r[5] > m[5]) {
          m[5] = r[5];
          m[6] = r[6];
        }
      }
    }
    // Segments are ascending and each is ordered by bucket, so `ordered` is already sorted.
    const buckets: Bucket[] = ordered.map((r) => ({
      ts: r[0],
      min: r[1],
      max: r[2],
      avg: r[3] / r[4],
      count: r[4],
      last: r[6],
    }));
    return { source: choice.source, bucketMs: b, buckets };
  }
}
