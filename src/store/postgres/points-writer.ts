/**
 * `writePoints` for PostgreSQL: a whole batch costs a fixed handful of statements, whatever its
 * size, all in the caller's transaction. Arrays are sent as parameters and expanded with
 * `unnest` (a multi-row statement without one text per size); new points go in by COPY:
 *
 * 1. the caller holds an advisory lock per touched series (`PgCatalog.lockSeries`), which
 *    serialises writers of one series across nodes (the rollup recomputation below reads raw
 *    points and must not interleave with another writer's) and checks the keys are current;
 * 2. one query checks whether any series has a stored point inside the batch's time span for it;
 *    if none does (new data, the common case) one COPY writes every (series, time) of the batch
 *    with its last value; otherwise (a re-sent, corrected or interleaved batch) one SELECT
 *    reads the stored rows at the batch's times and one COPY adds the new ones;
 * 3. the outcome of each write is decided in JS in batch order, exactly as the SQLite store does
 *    row by row: a new time is written, the same value again is a duplicate, a different value
 *    replaces (equal times inside a batch: the last one wins); one UPDATE stores the replacements;
 * 4. new points are folded into per-(series, minute) accumulators and merged into `rollup_1m`
 *    and `rollup_1h` by one upsert each; minutes holding a replaced stored point are recomputed
 *    from the raw points (or corrected by the delta where retention removed raw points of that
 *    minute), and their hours from the minutes: the rule of sqlite/points-writer.ts.
 */
import { QUALITY, XinzhiError } from '../../core/index.js';
import { bucketStart, HOUR, MINUTE } from '../bucket-plan.js';
import type { PointWrite, WriteResult } from '../store.js';
import { badInput } from '../validate.js';
import type { PgCatalog } from './catalog.js';
import { copyIn } from './copy-in.js';
import type { Queryable } from './db.js';

/** One series' share of a write (mutable while the batch is applied). */
export interface KeyResult {
  written: number;
  duplicates: number;
  replaced: number;
  duplicateOutliers: number;
}

interface Acc {
  min: number;
  max: number;
  sum: number;
  count: number;
  lastTs: number;
  last: number;
}

interface Replacement {
  readonly key: number;
  readonly ts: number;
  readonly old: number;
  readonly value: number;
}

const MAX_QUALITY = 0x7fffffff;
const ROLLUP_COLS = 'series_key, bucket, min_v, max_v, sum_v, n, last_ts, last_v';
const ROLLUP_UNNEST =
  'unnest($1::int4[], $2::int8[], $3::float8[], $4::float8[], $5::float8[], $6::int8[], $7::int8[], $8::float8[])';

const mergeSql = (table: string): string => `
INSERT INTO ${table} AS r (${ROLLUP_COLS}) SELECT * FROM ${ROLLUP_UNNEST}
ON CONFLICT (series_key, bucket) DO UPDATE SET
  min_v = least(r.min_v, excluded.min_v),
  max_v = greatest(r.max_v, excluded.max_v),
  sum_v = r.sum_v + excluded.sum_v,
  n = r.n + excluded.n,
  last_v = CASE WHEN excluded.last_ts >= r.last_ts THEN excluded.last_v ELSE r.last_v END,
  last_ts = greatest(r.last_ts, excluded.last_ts)`;

const REPLACE_1M = `
INSERT INTO rollup_1m (${ROLLUP_COLS}) SELECT * FROM ${ROLLUP_UNNEST}
ON CONFLICT (series_key, bucket) DO UPDATE SET min_v = excluded.min_v, max_v = excluded.max_v,
  sum_v = excluded.sum_v, n = excluded.n, last_ts = excluded.last_ts, last_v = excluded.last_v`;

const floorTo = (col: string, w: number): string => `${col} - (((${col} % ${w}) + ${w}) % ${w})`;

/** Hours recomputed from their minutes, last value from the minute holding the latest point. */
const RECOMPUTE_1H = `
WITH h AS (SELECT DISTINCT * FROM unnest($1::int4[], $2::int8[]) AS h(k, b)),
g AS (
  SELECT h.k, h.b, min(m.min_v) AS lo, max(m.max_v) AS hi, sum(m.sum_v) AS s, sum(m.n)::int8 AS n,
         max(m.last_ts) AS lts
  FROM h JOIN rollup_1m m ON m.series_key = h.k AND m.bucket >= h.b AND m.bucket < h.b + ${HOUR}
  GROUP BY h.k, h.b)
INSERT INTO rollup_1h (${ROLLUP_COLS})
SELECT g.k, g.b, g.lo, g.hi, g.s, g.n, g.lts, m.last_v
FROM g JOIN rollup_1m m ON m.series_key = g.k AND m.bucket = ${floorTo('g.lts', MINUTE)}
ON CONFLICT (series_key, bucket) DO UPDATE SET min_v = excluded.min_v, max_v = excluded.max_v,
  sum_v = excluded.sum_v, n = excluded.n, last_ts = excluded.last_ts, last_v = excluded.last_v`;

const RAW_MINUTES = `
WITH m AS (SELECT * FROM unnest($1::int4[], $2::int8[]) AS m(k, b)),
g AS (
  SELECT m.k, m.b, min(p.value) AS lo, max(p.value) AS hi, sum(p.value) AS s, count(*) AS n, max(p.ts) AS lts
  FROM m JOIN points p ON p.series_key = m.k AND p.ts >= m.b AND p.ts < m.b + ${MINUTE}
  WHERE p.ts >= $3 AND p.ts < $4
  GROUP BY m.k, m.b)
SELECT g.k, g.b, g.lo, g.hi, g.s, g.n, g.lts, p.value AS lv
FROM g JOIN points p ON p.series_key = g.k AND p.ts = g.lts`;

function keyResult(m: Map<number, KeyResult>, key: number): KeyResult {
  let r = m.get(key);
  if (r === undefined) {
    r = { written: 0, duplicates: 0, replaced: 0, duplicateOutliers: 0 };
    m.set(key, r);
  }
  return r;
}

export class PgPointsWriter {
  constructor(private readonly catalog: PgCatalog) {}

  /**
   * Validates a batch and resolves its series keys (one per point), writing nothing: the same
   * checks, in the same order, with the same fields as the SQLite store. `field` names the batch.
   */
  async check(batch: readonly PointWrite[], field = 'batch'): Promise<number[]> {
    if (!Array.isArray(batch)) throw badInput(field, `${field} must be an array of points`);
    const ids = new Set<unknown>();
    for (const p of batch as unknown[])
      if (typeof p === 'object' && p !== null) ids.add((p as { seriesId?: unknown }).seriesId);
    const known = await this.catalog.keysOf(ids);
    const keys = new Array<number>(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const p = batch[i]!;
      if (typeof p !== 'object' || p === null)
        throw badInput(`${field}[${i}]`, `${field}[${i}] is not a point`);
      const id = p.seriesId;
      const key = typeof id === 'string' ? known.get(id) : undefined;
      if (key === undefined)
        throw new XinzhiError(
          'NOT_FOUND',
          `series '${String(id)}' does not exist (${field}[${i}].seriesId); create it first`,
          {
            field: `${field}[${i}].seriesId`,
            context: { seriesId: id },
          },
        );
      keys[i] = key;
      if (typeof p.ts !== 'number' || !Number.isSafeInteger(p.ts))
        throw badInput(
          `${field}[${i}].ts`,
          `${field}[${i}].ts must be integer epoch milliseconds; got ${String(p.ts)} (series '${id}')`,
        );
      if (typeof p.value !== 'number' || !Number.isFinite(p.value))
        throw badInput(
          `${field}[${i}].value`,
          `${field}[${i}].value must be a finite number; got ${String(p.value)} (series '${id}')`,
        );
      const q = p.quality;
      if (q !== undefined && (!Number.isInteger(q) || q < 0 || q > MAX_QUALITY))
        throw badInput(
          `${field}[${i}].quality`,
          `${field}[${i}].quality must be a non-negative integer bit set`,
        );
    }
    return keys;
  }

  /**
   * Writes a checked batch inside the caller's transaction, which holds the locks of its series
   * (`PgCatalog.lockSeries`); adds each series' result to `bySeries`.
   */
  async apply(
    c: Queryable,
    batch: readonly PointWrite[],
    keys: readonly number[],
    bySeries: Map<number, KeyResult> = new Map(),
  ): Promise<WriteResult> {
    if (batch.length === 0) return { written: 0, duplicates: 0, replaced: 0 };
    // Groups of writes at one (series, time), numbered in order of first appearance; a group's
    // writes are chained through `next` in batch order. Numbers as map keys, not "key:ts"
    // strings: this loop runs for every point and strings made it a third of the write's time.
    const slots = new Map<number, Map<number, number>>();
    const first: number[] = [];
    const lastOf: number[] = [];
    const next = new Int32Array(batch.length).fill(-1);
    // Each series' time span in this batch, for the overlap check below.
    const spans = new Map<number, { lo: number; hi: number }>();
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < batch.length; i++) {
      const ts = batch[i]!.ts;
      const key = keys[i]!;
      let byTs = slots.get(key);
      if (byTs === undefined) {
        byTs = new Map();
        slots.set(key, byTs);
        spans.set(key, { lo: ts, hi: ts });
      } else {
        const span = spans.get(key)!;
        if (ts < span.lo) span.lo = ts;
        else if (ts > span.hi) span.hi = ts;
      }
      const g = byTs.get(ts);
      if (g === undefined) {
        byTs.set(ts, first.length);
        first.push(i);
        lastOf.push(i);
      } else {
        next[lastOf[g]!] = i;
        lastOf[g] = i;
      }
      if (ts < lo) lo = ts;
      if (ts > hi) hi = ts;
    }
    const groups = first.length;
    // The caller holds the locks of these series, so nothing else inserts into their spans while
    // this transaction runs. When no series has a stored point inside its span (the common case:
    // new data after the newest stored), every time is new and one COPY writes each group's last
    // value: no ON CONFLICT (whose speculative insertion probes the index twice per row) and no
    // savepoint. Otherwise the stored rows at the batch's exact times are read first. The check
    // costs one index probe per series and partition.
    const sk: number[] = [];
    const slo: number[] = [];
    const shi: number[] = [];
    for (const [k, span] of spans) {
      sk.push(k);
      slo.push(span.lo);
      shi.push(span.hi);
    }
    const overlap = await c.query<{ hit: boolean }>(
      `SELECT EXISTS (
         SELECT 1 FROM unnest($1::int4[], $2::int8[], $3::int8[]) AS u(k, lo, hi)
         JOIN points p ON p.series_key = u.k AND p.ts >= u.lo AND p.ts <= u.hi
         WHERE p.ts >= $4 AND p.ts <= $5) AS hit`,
      [nums(sk), nums(slo), nums(shi), lo, hi],
    );
    // Per group: whether a point was stored at its time, and that point's value and quality.
    const isStored = new Uint8Array(groups);
    const storedValue = new Float64Array(groups);
    const storedQuality = new Int32Array(groups);
    // A row of the COPY (tab-separated text); -0 is stored as 0, as SQLite does, so a re-sent -0
    // is a duplicate of 0.
    const line = (g: number): string => {
      const p = batch[lastOf[g]!]!;
      return `${keys[first[g]!]}\t${p.ts}\t${p.value + 0}\t${p.quality ?? 0}\n`;
    };
    let rows = '';
    if (overlap.rows[0]?.hit !== true) {
      for (let g = 0; g < groups; g++) rows += line(g);
    } else {
      const gk = new Array<number>(groups);
      const gts = new Array<number>(groups);
      for (let g = 0; g < groups; g++) {
        gk[g] = keys[first[g]!]!;
        gts[g] = batch[first[g]!]!.ts;
      }
      const found = await c.query<{ k: number; ts: number; value: number; quality: number }>(
        `SELECT p.series_key AS k, p.ts, p.value, p.quality
         FROM points p JOIN unnest($1::int4[], $2::int8[]) AS u(k, ts) ON p.series_key = u.k AND p.ts = u.ts
         WHERE p.ts >= $3 AND p.ts <= $4`,
        [nums(gk), nums(gts), lo, hi],
      );
      for (const r of found.rows) {
        const g = slots.get(r.k)?.get(r.ts);
        if (g === undefined) continue;
        isStored[g] = 1;
        storedValue[g] = r.value;
        storedQuality[g] = r.quality;
      }
      for (let g = 0; g < groups; g++) if (isStored[g] === 0) rows += line(g);
    }
    if (rows !== '') await copyIn(c, 'COPY points (series_key, ts, value, quality) FROM STDIN', rows);

    const upd = { k: [] as number[], ts: [] as number[], v: [] as number[], q: [] as number[] };
    const replacements: Replacement[] = [];
    const minutes = new Map<number, Map<number, Acc>>();
    let written = 0;
    let duplicates = 0;
    let replaced = 0;
    for (let g = 0; g < groups; g++) {
      const head = first[g]!;
      const key = keys[head]!;
      const ts = batch[head]!.ts;
      const r = keyResult(bySeries, key);
      const old = isStored[g] === 1;
      let cur: number | undefined = old ? storedValue[g]! : undefined;
      let curQ = old ? storedQuality[g]! : 0;
      let changed = false;
      for (let i = head; i !== -1; i = next[i]!) {
        const p = batch[i]!;
        const v = p.value + 0;
        const q = p.quality ?? 0;
        if (cur === undefined) {
          written++;
          r.written++;
        } else if (cur === v) {
          duplicates++;
          r.duplicates++;
          if ((q & QUALITY.OUTLIER) !== 0) r.duplicateOutliers++;
          continue;
        } else {
          replaced++;
          r.replaced++;
          changed = true;
        }
        cur = v;
        curQ = q;
      }
      if (!old) {
        accumulate(minutes, key, ts, cur!);
      } else if (changed) {
        upd.k.push(key);
        upd.ts.push(ts);
        upd.v.push(cur!);
        upd.q.push(curQ);
        replacements.push({ key, ts, old: storedValue[g]!, value: cur! });
      }
    }
    if (upd.k.length > 0)
      await c.query(
        `UPDATE points p SET value = u.v, quality = u.q
         FROM unnest($1::int4[], $2::int8[], $3::float8[], $4::int4[]) AS u(k, ts, v, q)
         WHERE p.series_key = u.k AND p.ts = u.ts AND p.ts >= $5 AND p.ts <= $6`,
        [nums(upd.k), nums(upd.ts), nums(upd.v), nums(upd.q), lo, hi],
      );
    if (minutes.size > 0) await this.flush(c, minutes);
    if (replacements.length > 0) await this.recompute(c, replacements);
    return { written, duplicates, replaced };
  }

  private async flush(c: Queryable, minutes: Map<number, Map<number, Acc>>): Promise<void> {
    const m = rollupArrays();
    const h = rollupArrays();
    for (const [key, byMinute] of minutes) {
      const hours = new Map<number, Acc>();
      for (const [minute, a] of byMinute) {
        pushRollup(m, key, minute, a);
        const hour = bucketStart(minute, HOUR);
        const x = hours.get(hour);
        if (x === undefined) hours.set(hour, { ...a });
        else mergeAcc(x, a);
      }
      for (const [hour, a] of hours) pushRollup(h, key, hour, a);
    }
    await c.query(mergeSql('rollup_1m'), rollupParams(m));
    await c.query(mergeSql('rollup_1h'), rollupParams(h));
  }

  /** Recomputes the minutes and hours touched by replaced points (see the header comment). */
  private async recompute(c: Queryable, replacements: readonly Replacement[]): Promise<void> {
    const byMinute = new Map<string, Replacement[]>();
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const r of replacements) {
      const minute = bucketStart(r.ts, MINUTE);
      const k = `${r.key}:${minute}`;
      const list = byMinute.get(k);
      if (list) list.push(r);
      else byMinute.set(k, [r]);
      lo = Math.min(lo, minute);
      hi = Math.max(hi, minute + MINUTE);
    }
    const mk: number[] = [];
    const mb: number[] = [];
    for (const list of byMinute.values()) {
      mk.push(list[0]!.key);
      mb.push(bucketStart(list[0]!.ts, MINUTE));
    }
    type RollRow = {
      k: number;
      b: number;
      lo: number;
      hi: number;
      s: number;
      n: number;
      lts: number;
      lv: number;
    };
    const rows = new Map<string, RollRow>();
    for (const r of (
      await c.query<RollRow>(
        `SELECT r.series_key AS k, r.bucket AS b, r.min_v AS lo, r.max_v AS hi, r.sum_v AS s, r.n, r.last_ts AS lts,
                r.last_v AS lv
         FROM rollup_1m r JOIN unnest($1::int4[], $2::int8[]) AS m(k, b) ON r.series_key = m.k AND r.bucket = m.b`,
        [mk, mb],
      )
    ).rows)
      rows.set(`${r.k}:${r.b}`, r);
    const raws = new Map<string, RollRow>();
    for (const r of (await c.query<RollRow>(RAW_MINUTES, [mk, mb, lo, hi])).rows)
      raws.set(`${r.k}:${r.b}`, r);
    const out = rollupArrays();
    const hk: number[] = [];
    const hb: number[] = [];
    for (const [k, list] of byMinute) {
      const { key, ts } = list[0]!;
      const minute = bucketStart(ts, MINUTE);
      const row = rows.get(k);
      const raw = raws.get(k)!;
      if (row === undefined || raw.n === row.n) {
        pushRollup(out, key, minute, {
          min: raw.lo,
          max: raw.hi,
          sum: raw.s,
          count: raw.n,
          lastTs: raw.lts,
          last: raw.lv,
        });
      } else {
        const a: Acc = { min: row.lo, max: row.hi, sum: row.s, count: row.n, lastTs: row.lts, last: row.lv };
        for (const r of list) {
          a.sum += r.value - r.old;
          if (r.value < a.min) a.min = r.value;
          if (r.value > a.max) a.max = r.value;
          if (r.ts === a.lastTs) a.last = r.value;
        }
        pushRollup(out, key, minute, a);
      }
      hk.push(key);
      hb.push(bucketStart(minute, HOUR));
    }
    await c.query(REPLACE_1M, rollupParams(out));
    await c.query(RECOMPUTE_1H, [hk, hb]);
  }
}

function accumulate(minutes: Map<number, Map<number, Acc>>, key: number, ts: number, value: number): void {
  const minute = bucketStart(ts, MINUTE);
  let m = minutes.get(key);
  if (m === undefined) {
    m = new Map();
    minutes.set(key, m);
  }
  const a = m.get(minute);
  if (a === undefined) {
    m.set(minute, { min: value, max: value, sum: value, count: 1, lastTs: ts, last: value });
    return;
  }
  if (value < a.min) a.min = value;
  if (value > a.max) a.max = value;
  a.sum += value;
  a.count++;
  if (ts >= a.lastTs) {
    a.lastTs = ts;
    a.last = value;
  }
}

function mergeAcc(into: Acc, a: Acc): void {
  if (a.min < into.min) into.min = a.min;
  if (a.max > into.max) into.max = a.max;
  into.sum += a.sum;
  into.count += a.count;
  if (a.lastTs >= into.lastTs) {
    into.lastTs = a.lastTs;
    into.last = a.last;
  }
}

type RollupArrays = number[][];
const rollupArrays = (): RollupArrays => [[], [], [], [], [], [], [], []];
function pushRollup(arr: RollupArrays, key: number, bucket: number, a: Acc): void {
  arr[0]!.push(key);
  arr[1]!.push(bucket);
  arr[2]!.push(a.min);
  arr[3]!.push(a.max);
  arr[4]!.push(a.sum);
  arr[5]!.push(a.count);
  arr[6]!.push(a.lastTs);
  arr[7]!.push(a.last);
}
const rollupParams = (arr: RollupArrays): string[] => arr.map(nums);

/**
 * A PostgreSQL array literal of numbers. Written here rather than by the driver, which quotes and
 * escapes every element: numbers need neither, and `String(x)` is the shortest text that reads
 * back as the same double, so values round-trip exactly. Every number is finite (checked).
 */
function nums(xs: readonly number[]): string {
  return `{${xs.join(',')}}`;
}
