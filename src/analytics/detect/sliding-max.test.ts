import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SlidingMax } from './sliding-max.js';

describe('SlidingMax', () => {
  it('equals the brute-force maximum of the last `capacity` values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 })),
        (cap, xs) => {
          const s = new SlidingMax(cap);
          xs.forEach((x, i) => {
            s.push(x);
            // `+ 0` turns -0 into 0: the maximum of 0 and -0 is either, numerically equal.
            expect(s.max + 0).toBe(Math.max(...xs.slice(Math.max(0, i + 1 - cap), i + 1)) + 0);
          });
        },
      ),
    );
  });
  it('is empty at first', () => {
    expect(new SlidingMax(3).max).toBe(Number.NEGATIVE_INFINITY);
  });
});
