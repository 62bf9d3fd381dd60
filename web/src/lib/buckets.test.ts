import { describe, expect, it } from 'vitest';
import { bucketFor, RANGES, rangeMs, TARGET_POINTS } from './buckets.js';

describe('bucketFor', () => {
  it('reads short windows raw and long ones in buckets of about TARGET_POINTS', () => {
    expect(bucketFor(15 * 60_000)).toBeUndefined();
    expect(bucketFor(3_600_000)).toBe(10_000);
    expect(bucketFor(365 * 86_400_000)).toBe(86_400_000);
    for (const [, span] of RANGES) {
      const b = bucketFor(span);
      if (b !== undefined) expect(span / b).toBeLessThanOrEqual(TARGET_POINTS);
    }
  });

  it('falls back to one hour for an unknown range id', () => {
    expect(rangeMs('1y')).toBe(365 * 86_400_000);
    expect(rangeMs('forever')).toBe(3_600_000);
  });
});
