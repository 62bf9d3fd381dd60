/** Choosing how to read a time window: raw points for short spans, rollup buckets for long ones. */

/** Bucket widths the dashboard asks for, ms; the server reads them from 1-min or 1-h rollups when they divide. */
const STEPS = [
  1000,
  5000,
  10_000,
  30_000,
  60_000,
  300_000,
  900_000,
  1_800_000,
  3_600_000,
  3 * 3_600_000,
  6 * 3_600_000,
  12 * 3_600_000,
  86_400_000,
  7 * 86_400_000,
];

/** About this many points per series on screen. */
export const TARGET_POINTS = 600;

/** The bucket width for a window, or `undefined` to read raw points (spans up to ~10 min at 1 s). */
export function bucketFor(spanMs: number): number | undefined {
  const ideal = spanMs / TARGET_POINTS;
  if (ideal <= 2000) return undefined;
  return STEPS.find((s) => s >= ideal) ?? STEPS[STEPS.length - 1];
}

export const RANGES = [
  ['15m', 15 * 60_000],
  ['1h', 3_600_000],
  ['6h', 6 * 3_600_000],
  ['24h', 86_400_000],
  ['7d', 7 * 86_400_000],
  ['30d', 30 * 86_400_000],
  ['1y', 365 * 86_400_000],
] as const;
export type RangeId = (typeof RANGES)[number][0];
export const rangeMs = (id: string): number => RANGES.find(([r]) => r === id)?.[1] ?? 3_600_000;
