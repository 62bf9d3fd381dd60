/**
 * Validation of one raw reading: its shape (zod), its time and its value. Every problem is listed,
 * each naming the reading's location and the field.
 */
import { z } from 'zod';
import type { Issue } from '../../core/result.js';
import { epochToMs, parseTime } from '../../core/time.js';
import { QUALITY } from '../../core/types.js';
import { MAX_SERIES_ID, SERIES_ID_RE, segmentProblem } from '../../store/validate.js';
import type { RawReading } from '../types.js';

export { SERIES_ID_RE };

/** Flags a connector may set on a reading (`RawReading.quality`); the pipeline sets the others. */
const SOURCE_QUALITY_MASK = QUALITY.UNCERTAIN;

/** Why `id` is not a series id (the store's character set, at least an asset and a metric), or undefined. */
export function seriesIdProblem(id: string): string | undefined {
  if (SERIES_ID_RE.test(id)) return undefined;
  const segments = id.split('/');
  if (segments.length < 2)
    return 'must be "<asset>/<metric>" (e.g. plant1/press3/temp); give the asset with --asset';
  for (const seg of segments) {
    const p = segmentProblem(seg);
    if (p !== undefined) return p;
  }
  return 'is not a valid series id';
}

export const readingSchema = z.object({
  seriesId: z
    .string()
    .max(MAX_SERIES_ID)
    .superRefine((id, ctx) => {
      const problem = seriesIdProblem(id);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    }),
  ts: z.union([z.number(), z.string()], { error: 'must be an ISO 8601 time or an epoch number' }),
  value: z.union([z.number(), z.string(), z.boolean(), z.null()], { error: 'must be a number' }),
  unit: z.string().max(64, 'is longer than 64 characters').optional(),
});

/** A valid reading; the pipeline converts `value` and sets `quality` in place (one object per point). */
export interface ParsedReading {
  readonly index: number;
  readonly seriesId: string;
  readonly ts: number;
  value: number;
  readonly unit: string | undefined;
  quality: number;
}

export interface TimeRules {
  readonly now: number;
  readonly futureToleranceMs: number;
  readonly earliestTs: number;
  readonly localToUtc?: ((isoLocal: string) => number) | undefined;
}

/**
 * The value of plain epoch digits (the common CSV case), read in the same pass that checks them,
 * without a regex or a trimmed copy; -1 when `s` is not 1-20 ASCII digits. Up to 15 digits the
 * running sum is exact (below 2^53), so it equals `Number(s)`; longer ones go through `Number`.
 */
function digitsValue(s: string): number {
  const n = s.length;
  if (n === 0 || n > 20) return -1;
  let x = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    x = x * 10 + (c - 48);
  }
  return n <= 15 ? x : Number(s);
}

const MAX_DATE_MS = 8.64e15;

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A reading's value as a finite number: numbers, numeric strings, and booleans (1/0) for digital signals. */
export function parseValue(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    // Fast path for plain decimals: Number() alone would also take hex, binary, "Infinity" and
    // blanks, so the first, second and last characters are checked before trusting it.
    const n = v.length;
    if (n > 0) {
      const a = v.charCodeAt(0);
      const z = v.charCodeAt(n - 1);
      const b = n > 1 ? v.charCodeAt(1) : 48;
      if (
        ((a >= 48 && a <= 57) || a === 45 || a === 43 || a === 46) &&
        ((z >= 48 && z <= 57) || z === 46) &&
        b <= 57
      ) {
        const x = Number(v);
        if (Number.isFinite(x)) return x;
      }
    }
    const s = v.trim();
    if (s === 'true') return 1;
    if (s === 'false') return 0;
    if (!NUMBER_RE.test(s)) return undefined;
    const x = Number(s);
    return Number.isFinite(x) ? x : undefined;
  }
  return undefined;
}

/**
 * The shape check of `readingSchema`, by hand, for the common valid case: zod allocates a parsed
 * copy per call, which at a million readings is most of the pipeline's time. Anything this does
 * not accept goes through zod, which then names the problems; the two must agree (tested).
 */
function quickShape(r: RawReading, validIds: Set<string> | undefined): boolean {
  const id = r.seriesId;
  if (typeof id !== 'string') return false;
  if (validIds?.has(id) !== true) {
    if (id.length > MAX_SERIES_ID || !SERIES_ID_RE.test(id)) return false;
    validIds?.add(id);
  }
  const ts = r.ts;
  if (typeof ts !== 'number' && typeof ts !== 'string') return false;
  const v = r.value;
  if (typeof v !== 'number' && typeof v !== 'string' && typeof v !== 'boolean' && v !== null) return false;
  const u = r.unit;
  return u === undefined || (typeof u === 'string' && u.length <= 64);
}

/** Validates one reading; returns the parsed reading or every issue found. */
export function parseReading(
  r: RawReading,
  index: number,
  rules: TimeRules,
  validIds?: Set<string>,
): ParsedReading | Issue[] {
  const shape = quickShape(r, validIds) ? null : readingSchema.safeParse(r);
  if (shape && !shape.success) {
    return shape.error.issues.map((i) => ({
      code: 'INGEST_BAD_ROW',
      message: `${i.path.join('.') || 'reading'} ${i.message}`,
      where: `${r.location} ${i.path.join('.')}`.trim(),
    }));
  }
  const digits = typeof r.ts === 'string' ? digitsValue(r.ts) : -1;
  const parsedTs = digits >= 0 ? epochToMs(digits) : parseTime(r.ts as string | number, rules.localToUtc);
  // Beyond ±8.64e15 ms a time is not a Date (and `toISOString` throws): not a time at all.
  const ts = parsedTs !== undefined && Math.abs(parsedTs) <= MAX_DATE_MS ? parsedTs : undefined;
  const value = parseValue(r.value);
  if (
    ts !== undefined &&
    value !== undefined &&
    ts <= rules.now + rules.futureToleranceMs &&
    ts >= rules.earliestTs
  ) {
    const u = r.unit;
    const unit = u === undefined || u === '' || (u.charCodeAt(0) <= 32 && u.trim() === '') ? undefined : u;
    // Flags the source itself reported (an OPC UA Uncertain status); only the known bits are kept.
    const q = r.quality;
    const quality = typeof q === 'number' && Number.isInteger(q) ? q & SOURCE_QUALITY_MASK : 0;
    return { index, seriesId: r.seriesId, ts, value, unit, quality };
  }
  const issues: Issue[] = [];
  if (ts === undefined) {
    issues.push({
      code: 'INGEST_BAD_TIMESTAMP',
      message: `ts "${String(r.ts)}" is not an ISO 8601 time or epoch seconds/ms/µs`,
      where: `${r.location} ts`,
    });
  } else if (ts > rules.now + rules.futureToleranceMs) {
    issues.push({
      code: 'INGEST_BAD_TIMESTAMP',
      message: `ts ${new Date(ts).toISOString()} is in the future (more than ${Math.round(rules.futureToleranceMs / 1000)} s ahead of the clock)`,
      where: `${r.location} ts`,
    });
  } else if (ts < rules.earliestTs) {
    issues.push({
      code: 'INGEST_BAD_TIMESTAMP',
      message: `ts ${new Date(ts).toISOString()} is before ${new Date(rules.earliestTs).toISOString()}: probably a wrong epoch unit or a missing date`,
      where: `${r.location} ts`,
    });
  }
  if (value === undefined) {
    issues.push({
      code: 'INGEST_BAD_VALUE',
      message: `value "${String(r.value)}" is not a finite number`,
      where: `${r.location} value`,
    });
  }
  return issues;
}
