/**
 * `writePoints` for PostgreSQL: a whole batch costs three round trips, whatever its size, all in
 * the caller's transaction (`commitIngest` adds its quarantine, events and counters):
 *
 * 1. `plan` works out the batch in JS before the transaction: each series' time span, and the
 *    groups of writes at one (series, time) (none to build when times increase per series);
 * 2. the message opening the transaction takes an advisory lock per touched series
 *    (`PgCatalog.lockSql`; it serialises writers of one series across nodes: the rollup
 *    recomputation below reads raw points and must not interleave with another writer's), checks
 *    the cached keys, and runs the plan's probe: whether any series has a stored point inside
 *    its span, and which 1-minute rollup rows exist there;
 * 3. if no point is stored (new data, the common case) every group is new; otherwise (a re-sent,
 *    corrected or interleaved batch) one SELECT reads the stored rows at the batch's times. The
 *    outcome of each write is decided in JS in batch order, exactly as the SQLite store does row
 *    by row: a new time is written, the same value again is a duplicate, a different value
 *    replaces (equal times inside a batch: the last one wins);
 * 4. one message writes the new points by binary COPY, the new points' minutes that have no
 *    stored row by binary COPY, and merges the stored minutes and the hours by one upsert;
 * 5. replaced values go in by one UPDATE, and the minutes holding them are recomputed from the
 *    raw points (or corrected by the delta where retention removed raw points of that minute),
 *    their hours from the minutes: the rule of sqlite/points-writer.ts.
 *
 * Statements sent with others in one message carry no parameters: their numbers are written into
 * the text (`inline`), which only ever holds digits, signs and array braces.
 */
import type pg from 'pg';
import { QUALITY, XinzhiError } from '../../core/index.js';
import { bucketStart, HOUR, MINUTE } from '../bucket-plan.js';
import * as writes from '../point-checks.js';
import type { PointWrite, WriteResult } from '../store.js';
import { badInput } from '../validate.js';
import type { PgCatalog } from './catalog.js';
import { BinaryRows, sendWithCopies } from './copy-in.js';
import type { Queryable } from './db.js';

/** A checked batch worked out before its transaction (`PgPointsWriter.plan`). */
export interface WritePlan {
  readonly batch: readonly PointWrite[];
  readonly keys: readonly number[];
  readonly groups: number;
  /** Per group, its first and last write (indices into the batch). */
  readonly first: Int32Array;
  readonly lastOf: Int32Array;
  /** Per write, the next write of its group, or -1. */
  readonly next: Int32Array;
  /** Group by series key and time; built only when some series' times do not increase. */
  readonly slots: Map<number, Map<number, number>> | undefined;
  readonly lo: number;
  readonly hi: number;
  /** The statement to run once the series are locked (see PROBE); empty for an empty batch. */
  readonly probe: string;
}

interface Span {
  lo: number;
  hi: number;
  /** Time of the series' latest point so far in batch order. */
  last: number;
}

const ROLLUP_COLS = 'series_key, bucket, min_v, max_v, sum_v, n, last_ts, last_v';
const rollupUnnest = (p: number): string =>
  `unnest($${p}::int4[], $${p + 1}::int8[], $${p + 2}::float8[], $${p + 3}::float8[], $${p + 4}::float8[], $${p + 5}::int8[], $${p + 6}::int8[], $${p + 7}::float8[])`;
const ROLLUP_UNNEST = rollupUnnest(1);

/** Bytes of one binary COPY row: a field count, then per field a length and the value. */
const POINT_ROW_BYTES = 2 + (4 + 4) + (4 + 8) + (4 + 8) + (4 + 4);
const ROLLUP_ROW_BYTES = 2 + (4 + 4) + 7 * (4 + 8);
const COPY_POINTS = 'COPY points (series_key, ts, value, quality) FROM STDIN (FORMAT binary)';
const COPY_ROLLUP_1M = `COPY rollup_1m (${ROLLUP_COLS}) FROM STDIN (FORMAT binary)`;

/**
 * Rows with k null: some series has a stored point inside its span ($1 keys, $2..$3 spans, $4..$5
 * the batch's span for partition pruning). Other rows: the stored 1-minute rollups from the
 * minute of each span's start ($6) to its end.
 */
const PROBE = `
SELECT NULL::int4 AS k, NULL::int8 AS b WHERE EXISTS (
  SELECT 1 FROM unnest($1::int4[], $2::int8[], $3::int8[]) AS u(k, lo, hi)
  JOIN points p ON p.series_key = u.k AND p.ts >= u.lo AND p.ts <= u.hi
  WHERE p.ts >= $4 AND p.ts <= $5)
UNION ALL
SELECT r.series_key, r.bucket FROM unnest($1::int4[], $6::int8[], $3::int8[]) AS u(k, lo, hi)
JOIN rollup_1m r ON r.series_key = u.k AND r.bucket >= u.lo AND r.bucket <= u.hi`;

const mergeSet = `ON CONFLICT (series_key, bucket) DO UPDATE SET
  min_v = least(r.min_v, excluded.min_v),
  max_v = greatest(r.max_v, excluded.max_v),
  sum_v = r.sum_v + excluded.sum_v,
  n = r.n + excluded.n,
  last_v = CASE WHEN excluded.last_ts >= r.last_ts THEN excluded.last_v ELSE r.last_v END,
  last_ts = greatest(r.last_ts, excluded.last_ts)`;

/** Both rollups' upserts in one statement (a data-modifying WITH runs to completion). */
const MERGE_1M_1H = `
WITH m AS (INSERT INTO rollup_1m AS r (${ROLLUP_COLS}) SELECT * FROM ${rollupUnnest(1)}
${mergeSet})
INSERT INTO rollup_1h AS r (${ROLLUP_COLS}) SELECT * FROM ${rollupUnnest(9)}
${mergeSet}`;

const mergeSql = (table: string): string => `
INSERT INTO ${table} AS r (${ROLLUP_COLS}) SELECT * FROM ${ROLLUP_UNNEST}
${mergeSet}`;

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
    return writes.checkPoints(
      batch,
      field,
      (n) => new Array<number>(n),
      (id) => known.get(id),
    );
  }

  /**
   * Works out a checked batch's shape before its transaction (no I/O): each series' span, the
   * groups of writes at one (series, time), and the probe to send when the transaction opens.
   */
  plan(batch: readonly PointWrite[], keys: readonly number[]): WritePlan {
    const n = batch.length;
    // Each series' time span in this batch, and whether its times strictly increase in batch
    // order (the common case: a stream, an import). The series of the previous point is cached:
    // consecutive points usually share it.
    const spans = new Map<number, Span>();
    let ordered = true;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    let lastKey = -1;
    let span: Span | undefined;
    for (let i = 0; i < n; i++) {
      const ts = batch[i]!.ts;
      const key = keys[i]!;
      if (key !== lastKey) {
        span = spans.get(key);
        lastKey = key;
        if (span === undefined) {
          span = { lo: ts, hi: ts, last: ts };
          spans.set(key, span);
          if (ts < lo) lo = ts;
          if (ts > hi) hi = ts;
          continue;
        }
      }
      const sp = span!;
      if (ts <= sp.last) ordered = false;
      sp.last = ts;
      if (ts < sp.lo) sp.lo = ts;
      else if (ts > sp.hi) sp.hi = ts;
      if (ts < lo) lo = ts;
      if (ts > hi) hi = ts;
    }
    // Groups of writes at one (series, time), numbered in order of first appearance; a group's
    // writes are chained through `next` in batch order. With strictly increasing times per series
    // every point is its own group and no map is built.
    const next = new Int32Array(n).fill(-1);
    let first: Int32Array;
    let lastOf: Int32Array;
    let slots: Map<number, Map<number, number>> | undefined;
    if (ordered) {
      first = new Int32Array(n);
      for (let i = 0; i < n; i++) first[i] = i;
      lastOf = first;
    } else {
      // Numbers as map keys, not "key:ts" strings: this loop runs for every point and strings
      // made it a third of the write's time.
      const firstList: number[] = [];
      const lastList: number[] = [];
      slots = groupSlots(batch, keys, (g, i) => {
        if (g < 0) {
          firstList.push(i);
          lastList.push(i);
        } else {
          next[lastList[g]!] = i;
          lastList[g] = i;
        }
      });
      first = Int32Array.from(firstList);
      lastOf = Int32Array.from(lastList);
    }
    const sk: number[] = [];
    const slo: number[] = [];
    const shi: number[] = [];
    const smin: number[] = [];
    for (const [k, sp] of spans) {
      sk.push(k);
      slo.push(sp.lo);
      shi.push(sp.hi);
      smin.push(bucketStart(sp.lo, MINUTE));
    }
    const probe = n === 0 ? '' : inline(PROBE, [nums(sk), nums(slo), nums(shi), lo, hi, nums(smin)]);
    return { batch, keys, groups: first.length, first, lastOf, next, slots, lo, hi, probe };
  }

  /**
   * Writes a planned batch inside the caller's transaction, which holds the locks of its series
   * (`PgCatalog.lockSeries`) and ran the plan's probe after taking them (`probed`: its result);
   * adds each series' result to `bySeries`.
   */
  async apply(
    c: Queryable,
    plan: WritePlan,
    probed: pg.QueryResult | undefined,
    bySeries: Map<number, writes.KeyResult> = new Map(),
  ): Promise<WriteResult> {
    const { batch, keys, groups, first, lastOf, next, lo, hi } = plan;
    if (batch.length === 0) return { written: 0, duplicates: 0, replaced: 0 };
    if (probed === undefined) throw new XinzhiError('INTERNAL', 'a batch was applied without its probe');
    // The caller holds the locks of these series, so nothing else writes their points or rollups
    // while this transaction runs, and the probe ran under them. When no series has a stored point
    // inside its span (the common case: new data after the newest stored), every time is new and
    // one COPY writes each group's last value: no ON CONFLICT (whose speculative insertion probes
    // the index twice per row) and no savepoint. Otherwise the stored rows at the batch's exact
    // times are read first.
    let hit = false;
    const rolled = new Map<number, Set<number>>();
    for (const r of probed.rows as Array<{ k: number | null; b: number | null }>) {
      if (r.k === null || r.b === null) {
        hit = true;
        continue;
      }
      let set = rolled.get(r.k);
      if (set === undefined) {
        set = new Set();
        rolled.set(r.k, set);
      }
      set.add(r.b);
    }
    // Per group: whether a point was stored at its time, and that point's value and quality.
    const isStored = new Uint8Array(groups);
    const storedValue = new Float64Array(groups);
    const storedQuality = new Int32Array(groups);
    if (hit) {
      const slots = plan.slots ?? groupSlots(batch, keys, () => {});
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
    }
    // New points in COPY's binary format; -0 is stored as 0, as SQLite does, so a re-sent -0 is a
    // duplicate of 0.
    const rows = new BinaryRows(groups * POINT_ROW_BYTES);
    let copied = 0;
    for (let g = 0; g < groups; g++) {
      if (isStored[g] === 1) continue;
      const p = batch[lastOf[g]!]!;
      rows.row(4);
      rows.int4(keys[first[g]!]!);
      rows.int8(p.ts);
      rows.float8(p.value + 0);
      rows.int4(p.quality ?? 0);
      copied++;
    }

    const upd = { k: [] as number[], ts: [] as number[], v: [] as number[], q: [] as number[] };
    const replacements: writes.Replacement[] = [];
    const minutes = new Minutes();
    let written = 0;
    let duplicates = 0;
    let replaced = 0;
    let r: writes.KeyResult | undefined;
    let rKey = -1;
    for (let g = 0; g < groups; g++) {
      const head = first[g]!;
      const key = keys[head]!;
      const ts = batch[head]!.ts;
      if (key !== rKey) {
        r = writes.keyResult(bySeries, key);
        rKey = key;
      }
      const res = r!;
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
          res.written++;
        } else if (cur === v) {
          duplicates++;
          res.duplicates++;
          if ((q & QUALITY.OUTLIER) !== 0) res.duplicateOutliers++;
          continue;
        } else {
          replaced++;
          res.replaced++;
          changed = true;
        }
        cur = v;
        curQ = q;
      }
      if (!old) {
        minutes.add(key, ts, cur!);
      } else if (changed) {
        upd.k.push(key);
        upd.ts.push(ts);
        upd.v.push(cur!);
        upd.q.push(curQ);
        replacements.push({ key, ts, old: storedValue[g]!, value: cur! });
      }
    }
    // New points and their rollups in one message: COPY of the points, COPY of the minutes
    // without a stored row, one upsert for the stored minutes and the hours.
    if (copied > 0) {
      const statements = [COPY_POINTS];
      const data = [rows.finish()];
      const rollups = rollupWrite(minutes, rolled);
      if (rollups.fresh !== undefined) {
        statements.push(COPY_ROLLUP_1M);
        data.push(rollups.fresh);
      }
      statements.push(rollups.merge);
      await sendWithCopies(c, statements.join(';\n'), data);
    }
    // Replaced values, then the minutes and hours holding them, recomputed from the raw points
    // (which now include the new ones).
    if (upd.k.length > 0)
      await c.query(
        `UPDATE points p SET value = u.v, quality = u.q
         FROM unnest($1::int4[], $2::int8[], $3::float8[], $4::int4[]) AS u(k, ts, v, q)
         WHERE p.series_key = u.k AND p.ts = u.ts AND p.ts >= $5 AND p.ts <= $6`,
        [nums(upd.k), nums(upd.ts), nums(upd.v), nums(upd.q), lo, hi],
      );
    if (replacements.length > 0) await this.recompute(c, replacements);
    return { written, duplicates, replaced };
  }

  /** Recomputes the minutes and hours touched by replaced points (see the header comment). */
  private async recompute(c: Queryable, replacements: readonly writes.Replacement[]): Promise<void> {
    const byMinute = new Map<string, writes.Replacement[]>();
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
        const a: writes.Acc = {
          min: row.lo,
          max: row.hi,
          sum: row.s,
          count: row.n,
          lastTs: row.lts,
          last: row.lv,
        };
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

/**
 * The rollup part of a batch's write message: new points' accumulators as binary COPY rows for
 * the minutes with no stored row (`rolled` holds the stored ones, read under the series' locks),
 * a plain multi-row insert; and one upsert merging the stored minutes and every hour (a few
 * rows a batch), with its arrays inlined (the message carries no parameters).
 */
function rollupWrite(
  minutes: Minutes,
  rolled: ReadonlyMap<number, Set<number>>,
): { fresh: Buffer | undefined; merge: string } {
  const fresh = new BinaryRows(minutes.size * ROLLUP_ROW_BYTES);
  let copied = 0;
  const m = rollupArrays();
  const h = rollupArrays();
  for (const [key, byMinute] of minutes.byKey) {
    const stored = rolled.get(key);
    const hours = new Map<number, writes.Acc>();
    for (const [minute, a] of byMinute) {
      if (stored?.has(minute) === true) pushRollup(m, key, minute, a);
      else {
        fresh.row(8);
        fresh.int4(key);
        fresh.int8(minute);
        fresh.float8(a.min);
        fresh.float8(a.max);
        fresh.float8(a.sum);
        fresh.int8(a.count);
        fresh.int8(a.lastTs);
        fresh.float8(a.last);
        copied++;
      }
      const hour = bucketStart(minute, HOUR);
      const x = hours.get(hour);
      if (x === undefined) hours.set(hour, { ...a });
      else mergeAcc(x, a);
    }
    for (const [hour, a] of hours) pushRollup(h, key, hour, a);
  }
  const merge =
    m[0]!.length > 0
      ? inline(MERGE_1M_1H, [...rollupParams(m), ...rollupParams(h)])
      : inline(mergeSql('rollup_1h'), rollupParams(h));
  return { fresh: copied > 0 ? fresh.finish() : undefined, merge };
}

/**
 * `sql` with each `$n` replaced by `params[n - 1]` written out: a safe integer, or an array
 * literal from `nums` (digits, signs, points, exponents, commas, braces, `Infinity` for a sum
 * past the double range), so no quoting can be broken; anything else is refused.
 */
function inline(sql: string, params: ReadonlyArray<string | number>): string {
  return sql.replace(/\$(\d+)/g, (_, i: string) => {
    const v = params[Number(i) - 1];
    if (typeof v === 'number' && Number.isSafeInteger(v)) return `(${v})`;
    if (typeof v === 'string' && /^\{[-+.,0-9eEInfity]*\}$/.test(v)) return `'${v}'`;
    throw new XinzhiError('INTERNAL', `cannot inline parameter $${i} into a statement`);
  });
}

/**
 * New points folded into per-(series, minute) accumulators. The last accumulator is cached:
 * consecutive points usually fall in the same series and minute.
 */
class Minutes {
  readonly byKey = new Map<number, Map<number, writes.Acc>>();
  size = 0;
  private lastKey = -1;
  private lastMinute = Number.NaN;
  private last: writes.Acc | undefined;

  add(key: number, ts: number, value: number): void {
    const minute = bucketStart(ts, MINUTE);
    let a = key === this.lastKey && minute === this.lastMinute ? this.last : undefined;
    if (a === undefined) {
      let m = this.byKey.get(key);
      if (m === undefined) {
        m = new Map();
        this.byKey.set(key, m);
      }
      a = m.get(minute);
      this.lastKey = key;
      this.lastMinute = minute;
      if (a === undefined) {
        this.last = { min: value, max: value, sum: value, count: 1, lastTs: ts, last: value };
        m.set(minute, this.last);
        this.size++;
        return;
      }
      this.last = a;
    }
    writes.addPoint(a, ts, value);
  }
}

/**
 * Numbers the (series, time) groups of a batch in order of first appearance; `visit(g, i)` is
 * called for each point with its group, or -1 when the point opens a new one.
 */
function groupSlots(
  batch: readonly PointWrite[],
  keys: readonly number[],
  visit: (g: number, i: number) => void,
): Map<number, Map<number, number>> {
  const slots = new Map<number, Map<number, number>>();
  let groups = 0;
  for (let i = 0; i < batch.length; i++) {
    const ts = batch[i]!.ts;
    const key = keys[i]!;
    let byTs = slots.get(key);
    if (byTs === undefined) {
      byTs = new Map();
      slots.set(key, byTs);
    }
    const g = byTs.get(ts);
    if (g === undefined) {
      byTs.set(ts, groups++);
      visit(-1, i);
    } else visit(g, i);
  }
  return slots;
}

function mergeAcc(into: writes.Acc, a: writes.Acc): void {
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
function pushRollup(arr: RollupArrays, key: number, bucket: number, a: writes.Acc): void {
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
