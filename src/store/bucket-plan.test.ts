import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketStart, chooseBucketSource, HOUR, MINUTE, planSegments } from './bucket-plan.js';

const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

describe('chooseBucketSource', () => {
  const long = { from: 0, to: YEAR };
  it('takes the coarsest rollup dividing the bucket', () => {
    expect(chooseBucketSource({ ...long, bucketMs: DAY })).toEqual({ source: '1h', bucketMs: DAY });
    expect(chooseBucketSource({ ...long, bucketMs: 15 * MINUTE })).toEqual({
      source: '1m',
      bucketMs: 15 * MINUTE,
    });
    expect(chooseBucketSource({ ...long, bucketMs: 10_000 })).toEqual({ source: 'raw', bucketMs: 10_000 });
  });
  it('rounds year/500 up to whole hours, and small odd widths stay raw', () => {
    expect(chooseBucketSource({ ...long, bucketMs: YEAR / 500 })).toEqual({
      source: '1h',
      bucketMs: 18 * HOUR,
    });
    expect(chooseBucketSource({ ...long, bucketMs: 90 * MINUTE + 1 })).toEqual({
      source: '1m',
      bucketMs: 91 * MINUTE,
    });
    expect(chooseBucketSource({ ...long, bucketMs: 90_000 })).toEqual({ source: 'raw', bucketMs: 90_000 });
  });
  it('reads short ranges raw, and obeys a forced source', () => {
    expect(chooseBucketSource({ from: 0, to: HOUR, bucketMs: MINUTE })).toEqual({
      source: 'raw',
      bucketMs: MINUTE,
    });
    expect(chooseBucketSource({ ...long, bucketMs: 7, source: '1h' })).toEqual({
      source: '1h',
      bucketMs: HOUR,
    });
    expect(chooseBucketSource({ ...long, bucketMs: DAY, source: 'raw' })).toEqual({
      source: 'raw',
      bucketMs: DAY,
    });
  });
  it('never shrinks a bucket and never grows it beyond 5 % unless forced', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 * DAY }), (b) => {
        const c = chooseBucketSource({ ...long, bucketMs: b });
        expect(c.bucketMs).toBeGreaterThanOrEqual(b);
        expect(c.bucketMs).toBeLessThanOrEqual(b * 1.05);
        if (c.source !== 'raw') expect(c.bucketMs % (c.source === '1h' ? HOUR : MINUTE)).toBe(0);
      }),
    );
  });
});

describe('planSegments', () => {
  it('reads raw only in the first and last partial minute of a long range', () => {
    const from = 90_000;
    const to = 3 * HOUR + 30_500;
    expect(planSegments(from, to, '1h')).toEqual([
      { source: 'raw', from: 90_000, to: 2 * MINUTE },
      { source: '1m', from: 2 * MINUTE, to: HOUR },
      { source: '1h', from: HOUR, to: 3 * HOUR },
      { source: 'raw', from: 3 * HOUR, to: 3 * HOUR + 30_500 },
    ]);
  });
  it('covers the range exactly with aligned, ascending segments', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -3 * DAY, max: 3 * DAY }),
        fc.integer({ min: 0, max: 3 * DAY }),
        fc.constantFrom('raw', '1m', '1h' as const),
        (from, len, source) => {
          const segs = planSegments(from, from + len, source);
          let at = from;
          for (const s of segs) {
            expect(s.from).toBe(at);
            expect(s.to).toBeGreaterThan(s.from);
            if (s.source !== 'raw') {
              const w = s.source === '1h' ? HOUR : MINUTE;
              expect(bucketStart(s.from, w)).toBe(s.from);
              expect(bucketStart(s.to, w)).toBe(s.to);
            } else expect(s.to - s.from <= MINUTE || source === 'raw').toBe(true);
            at = s.to;
          }
          expect(at).toBe(len === 0 ? from : from + len);
        },
      ),
    );
  });
  it('aligns buckets to epoch multiples, also before 1970', () => {
    expect(bucketStart(-1, MINUTE)).toBe(-MINUTE);
    expect(bucketStart(MINUTE + 5, MINUTE)).toBe(MINUTE);
  });
});
