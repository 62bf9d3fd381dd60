import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlockMax } from './block-max.js';

describe('BlockMax', () => {
  it('equals the brute-force maximum of the values its blocks cover', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 2, max: 6 }),
        fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { maxLength: 200 }),
        (cap, blocks, xs) => {
          const s = new BlockMax(cap, blocks);
          const b = s.blockSize;
          xs.forEach((x, i) => {
            s.push(x);
            const n = i + 1;
            const covered = (n % b) + b * Math.min(Math.floor(n / b), blocks - 1);
            expect(covered).toBeLessThan(b * blocks);
            expect(s.max + 0).toBe(Math.max(...xs.slice(n - covered, n)) + 0);
          });
        },
      ),
    );
  });
  it('is empty at first and forgets values older than its window', () => {
    const s = new BlockMax(8, 4);
    expect(s.max).toBe(Number.NEGATIVE_INFINITY);
    s.push(100);
    for (let i = 0; i < 6; i++) s.push(1);
    expect(s.max).toBe(100);
    s.push(1);
    expect(s.max).toBe(1);
  });
});
