/**
 * `writePoints` for SQLite: one transaction per batch, prepared statements, and rollups kept
 * exact in the same transaction.
 *
 * New points are folded into per-(series, minute) accumulators in JS while they are inserted;
 * each touched minute then costs one upsert into `rollup_1m` (merging min/max/sum/count, and the
 * last value by greatest time, so late and out-of-order points are right), and the minutes are
 * folded again into one upsert per touched hour. A replaced point (same time, new value) can
 * shrink min/max, which no merge can undo, so its minute is recomputed from the raw points and its
 * hour from the minutes. If retention already removed raw points of that minute (a late write
 * into an old bucket), the minute is corrected by the replacement's delta instead: sum, count and
 * last stay exact, min/max can only widen. docs/store.md has the whole rule.
 */
import type Database from 'better-sqlite3';
import { QUALITY } from '../../core/index.js';
import { bucketStart, HOUR, MINUTE } from '../bucket-plan.js';
import * as writes from '../point-checks.js';
import type { PointWrite, WriteResult } from '../store.js';

const UPSERT = (table: string): string => `
INSERT INTO ${table} (series_key, bucket, min_v, max_v, sum_v, n, last_ts, last_v) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (series_key, bucket) DO UPDATE SET
  min_v = min(min_v, excluded.min_v),
  max_v = max(max_v, excluded.max_v),
  sum_v = sum_v + excluded.sum_v,
  n = n + excluded.n,
  last_v = CASE WHEN excluded.last_ts >= last_ts THEN excluded.last_v ELSE last_v END,
  last_ts = max(last_ts, excluded.last_ts)`;

/** Multi-row INSERT sizes tried in turn (4 parameters a row, far below SQLite's limit). */
const CHUNKS = [128, 16];

export class PointsWriter {
  private readonly insert: Database.Statement;
  private readonly selectOne: Database.Statement;
  private readonly update: Database.Statement;
  private readonly upsert1m: Database.Statement;
  private readonly upsert1h: Database.Statement;
  private readonly rawAgg: Database.Statement;
  private readonly rawLast: Database.Statement;
  private readonly minuteRow: Database.Statement;
  private readonly replace1m: Database.Statement;
  private readonly hourAgg: Database.Statement;
  private readonly minuteLast: Database.Statement;
  private readonly replace1h: Database.Statement;
  private readonly txn: Database.Transaction<
    (batch: readonly PointWrite[], keys: Float64Array) => WriteResult
  >;
  private readonly many = new Map<number, Database.Statement>();
  private readonly args: number[] = [];
  // Per-batch accumulator state (the writer is used by one transaction at a time).
  private minutes = new Map<number, Map<number, writes.Acc>>();
  private curKey = -1;
  private curMinute = Number.NaN;
  private cur: writes.Acc | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly seriesKey: (id: string) => number | undefined,
  ) {
    this.insert = db.prepare(
      'INSERT OR IGNORE INTO points (series_key, ts, value, quality) VALUES (?, ?, ?, ?)',
    );
    this.selectOne = db.prepare('SELECT value FROM points WHERE series_key = ? AND ts = ?').pluck();
    this.update = db.prepare('UPDATE points SET value = ?, quality = ? WHERE series_key = ? AND ts = ?');
    this.upsert1m = db.prepare(UPSERT('rollup_1m'));
    this.upsert1h = db.prepare(UPSERT('rollup_1h'));
    this.rawAgg = db
      .prepare(
        'SELECT min(value), max(value), sum(value), count(*), max(ts) FROM points WHERE series_key = ? AND ts >= ? AND ts < ?',
      )
      .raw();
    this.rawLast = this.selectOne;
    this.minuteRow = db
      .prepare(
        'SELECT min_v, max_v, sum_v, n, last_ts, last_v FROM rollup_1m WHERE series_key = ? AND bucket = ?',
      )
      .raw();
    this.replace1m = db.prepare(
      'INSERT OR REPLACE INTO rollup_1m (series_key, bucket, min_v, max_v, sum_v, n, last_ts, last_v) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.hourAgg = db
      .prepare(
        'SELECT min(min_v), max(max_v), sum(sum_v), sum(n), max(last_ts) FROM rollup_1m WHERE series_key = ? AND bucket >= ? AND bucket < ?',
      )
      .raw();
    this.minuteLast = db.prepare('SELECT last_v FROM rollup_1m WHERE series_key = ? AND bucket = ?').pluck();
    this.replace1h = db.prepare(
      'INSERT OR REPLACE INTO rollup_1h (series_key, bucket, min_v, max_v, sum_v, n, last_ts, last_v) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.txn = db.transaction((batch, keys) => this.apply(batch, keys));
  }

  /** Validates the whole batch first (nothing is written if any point is bad), then commits it. */
  write(batch: readonly PointWrite[]): WriteResult {
    const keys = this.check(batch);
    if (batch.length === 0) return { written: 0, duplicates: 0, replaced: 0 };
    // IMMEDIATE takes the write lock up front, so a concurrent writer (CLI import next to a
    // running server) waits on the busy timeout instead of failing on a lock upgrade.
    return this.txn.immediate(batch, keys);
  }

  /**
   * Validates a batch and resolves its series keys (one per point), writing nothing. `field` names
   * the batch in error messages.
   */
  check(batch: readonly PointWrite[], field = 'batch'): Float64Array {
    return writes.checkPoints(
      batch,
      field,
      (n) => new Float64Array(n),
      (id) => this.seriesKey(id),
    );
  }

  /**
   * Writes a checked batch inside the caller's transaction. With `bySeries`, each series key's own
   * result is added to it (written, duplicates, replaced).
   */
  apply(
    batch: readonly PointWrite[],
    keys: Float64Array,
    bySeries?: Map<number, writes.KeyResult>,
  ): WriteResult {
    this.minutes = new Map();
    this.curKey = -1;
    this.curMinute = Number.NaN;
    this.cur = undefined;
    let written = 0;
    let duplicates = 0;
    const replacements: writes.Replacement[] = [];
    let i = 0;
    while (i < batch.length) {
      const size = CHUNKS.find((c) => c <= batch.length - i) ?? 1;
      if (size > 1 && this.tryChunk(batch, keys, i, size)) {
        for (let j = i; j < i + size; j++) this.accumulate(keys[j]!, batch[j]!.ts, batch[j]!.value);
        written += size;
        i += size;
        continue;
      }
      // Row by row: the chunk met an existing point or an equal time inside itself.
      for (const end = i + size; i < end; i++) {
        const p = batch[i]!;
        const key = keys[i]!;
        if (this.insert.run(key, p.ts, p.value, p.quality ?? 0).changes === 1) {
          written++;
          this.accumulate(key, p.ts, p.value);
          continue;
        }
        const old = this.selectOne.get(key, p.ts) as number;
        if (old === p.value) {
          duplicates++;
          if (bySeries) {
            const r = writes.keyResult(bySeries, key);
            r.duplicates++;
            if (((p.quality ?? 0) & QUALITY.OUTLIER) !== 0) r.duplicateOutliers++;
          }
          continue;
        }
        this.update.run(p.value, p.quality ?? 0, key, p.ts);
        replacements.push({ key, ts: p.ts, old, value: p.value });
      }
    }
    if (bySeries) {
      for (const [key, byMinute] of this.minutes) {
        const r = writes.keyResult(bySeries, key);
        for (const a of byMinute.values()) r.written += a.count;
      }
      for (const r of replacements) writes.keyResult(bySeries, r.key).replaced++;
    }
    this.flush(this.minutes);
    if (replacements.length > 0) this.recompute(replacements);
    return { written, duplicates, replaced: replacements.length };
  }

  /**
   * Inserts `size` points with one multi-row INSERT. A conflict with a stored point (or an equal
   * time within the chunk) aborts just this statement, and SQLite undoes its rows; the caller
   * then goes row by row. Fresh data, the common case, costs one statement per chunk.
   */
  private tryChunk(batch: readonly PointWrite[], keys: Float64Array, from: number, size: number): boolean {
    const args = this.args;
    for (let j = 0; j < size; j++) {
      const p = batch[from + j]!;
      args[4 * j] = keys[from + j]!;
      args[4 * j + 1] = p.ts;
      args[4 * j + 2] = p.value;
      args[4 * j + 3] = p.quality ?? 0;
    }
    args.length = 4 * size;
    try {
      this.insertMany(size).run(args);
      return true;
    } catch (e) {
      if ((e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return false;
      throw e;
    }
  }

  private insertMany(size: number): Database.Statement {
    let s = this.many.get(size);
    if (!s) {
      s = this.db.prepare(
        `INSERT INTO points (series_key, ts, value, quality) VALUES ${Array(size).fill('(?, ?, ?, ?)').join(', ')}`,
      );
      this.many.set(size, s);
    }
    return s;
  }

  /** Folds a new point into its (series, minute) accumulator; consecutive points reuse the last one. */
  private accumulate(key: number, ts: number, value: number): void {
    const minute = bucketStart(ts, MINUTE);
    let cur = this.cur;
    if (key !== this.curKey || minute !== this.curMinute || cur === undefined) {
      let m = this.minutes.get(key);
      if (m === undefined) {
        m = new Map();
        this.minutes.set(key, m);
      }
      cur = m.get(minute);
      if (cur === undefined) {
        cur = { min: value, max: value, sum: 0, count: 0, lastTs: ts, last: value };
        m.set(minute, cur);
      }
      this.cur = cur;
      this.curKey = key;
      this.curMinute = minute;
    }
    writes.addPoint(cur, ts, value);
  }

  private flush(minutes: Map<number, Map<number, writes.Acc>>): void {
    for (const [key, byMinute] of minutes) {
      const hours = new Map<number, writes.Acc>();
      for (const [minute, a] of byMinute) {
        this.upsert1m.run(key, minute, a.min, a.max, a.sum, a.count, a.lastTs, a.last);
        const hour = bucketStart(minute, HOUR);
        const h = hours.get(hour);
        if (h === undefined) hours.set(hour, { ...a });
        else {
          if (a.min < h.min) h.min = a.min;
          if (a.max > h.max) h.max = a.max;
          h.sum += a.sum;
          h.count += a.count;
          if (a.lastTs >= h.lastTs) {
            h.lastTs = a.lastTs;
            h.last = a.last;
          }
        }
      }
      for (const [hour, a] of hours)
        this.upsert1h.run(key, hour, a.min, a.max, a.sum, a.count, a.lastTs, a.last);
    }
  }

  /** Recomputes the minutes and hours touched by replaced points (see the header comment). */
  private recompute(replacements: readonly writes.Replacement[]): void {
    const byMinute = new Map<string, writes.Replacement[]>();
    for (const r of replacements) {
      const k = `${r.key}:${bucketStart(r.ts, MINUTE)}`;
      const list = byMinute.get(k);
      if (list) list.push(r);
      else byMinute.set(k, [r]);
    }
    const hours = new Map<string, { key: number; hour: number }>();
    for (const list of byMinute.values()) {
      const { key, ts } = list[0]!;
      const minute = bucketStart(ts, MINUTE);
      const row = this.minuteRow.get(key, minute) as
        | [number, number, number, number, number, number]
        | undefined;
      const raw = this.rawAgg.get(key, minute, minute + MINUTE) as [number, number, number, number, number];
      if (row === undefined || raw[3] === row[3]) {
        const last = this.rawLast.get(key, raw[4]) as number;
        this.replace1m.run(key, minute, raw[0], raw[1], raw[2], raw[3], raw[4], last);
      } else {
        let [min, max, sum, n, lastTs, last] = row;
        for (const r of list) {
          sum += r.value - r.old;
          if (r.value < min) min = r.value;
          if (r.value > max) max = r.value;
          if (r.ts === lastTs) last = r.value;
        }
        this.replace1m.run(key, minute, min, max, sum, n, lastTs, last);
      }
      const hour = bucketStart(minute, HOUR);
      hours.set(`${key}:${hour}`, { key, hour });
    }
    for (const { key, hour } of hours.values()) {
      const agg = this.hourAgg.get(key, hour, hour + HOUR) as [number, number, number, number, number];
      const last = this.minuteLast.get(key, bucketStart(agg[4], MINUTE)) as number;
      this.replace1h.run(key, hour, agg[0], agg[1], agg[2], agg[3], agg[4], last);
    }
  }
}
