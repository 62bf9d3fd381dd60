/**
 * The checks both stores apply to a batch of points before writing any (the same checks, in the
 * same order, with the same fields), and what both writers keep while writing one: each series'
 * result, the aggregate of a rollup bucket, the replaced values.
 */
import { XinzhiError } from '../core/index.js';
import type { PointWrite } from './store.js';
import { badInput } from './validate.js';

/** One series' share of a write (mutable while the batch is applied). */
export interface KeyResult {
  written: number;
  duplicates: number;
  replaced: number;
  /** Duplicates whose incoming write carried the OUTLIER flag (they were not stored again). */
  duplicateOutliers: number;
}

/** The result of series `key` in `m`, made (zeros) on first use. */
export function keyResult(m: Map<number, KeyResult>, key: number): KeyResult {
  let r = m.get(key);
  if (r === undefined) {
    r = { written: 0, duplicates: 0, replaced: 0, duplicateOutliers: 0 };
    m.set(key, r);
  }
  return r;
}

/** The aggregate of one rollup bucket (1 min or 1 h) of one series. */
export interface Acc {
  min: number;
  max: number;
  sum: number;
  count: number;
  lastTs: number;
  last: number;
}

/** Adds the point (`ts`, `value`) to the bucket's aggregate. */
export function addPoint(a: Acc, ts: number, value: number): void {
  if (value < a.min) a.min = value;
  if (value > a.max) a.max = value;
  a.sum += value;
  a.count++;
  if (ts >= a.lastTs) {
    a.lastTs = ts;
    a.last = value;
  }
}

/** A stored point whose value a write changed (its rollup buckets are recomputed). */
export interface Replacement {
  readonly key: number;
  readonly ts: number;
  readonly old: number;
  readonly value: number;
}

const MAX_QUALITY = 0x7fffffff;

/**
 * Validates a batch and resolves its series keys into `keys(batch.length)` (one per point),
 * writing nothing. `keyOf` gives a series' key or undefined (NOT_FOUND naming the point); `field`
 * names the batch in error messages.
 */
export function checkPoints<K extends { [i: number]: number }>(
  batch: readonly PointWrite[],
  field: string,
  keys: (n: number) => K,
  keyOf: (id: string) => number | undefined,
): K {
  if (!Array.isArray(batch)) throw badInput(field, `${field} must be an array of points`);
  const out = keys(batch.length);
  let prevId: string | undefined;
  let prevKey = 0;
  for (let i = 0; i < batch.length; i++) {
    const p = batch[i]!;
    if (typeof p !== 'object' || p === null)
      throw badInput(`${field}[${i}]`, `${field}[${i}] is not a point`);
    const id = p.seriesId;
    if (id !== prevId) {
      const key = typeof id === 'string' ? keyOf(id) : undefined;
      if (key === undefined)
        throw new XinzhiError(
          'NOT_FOUND',
          `series '${String(id)}' does not exist (${field}[${i}].seriesId); create it first`,
          { field: `${field}[${i}].seriesId`, context: { seriesId: id } },
        );
      prevId = id;
      prevKey = key;
    }
    out[i] = prevKey;
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
  return out;
}
