import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLocationsCsv, parseSkusCsv, slotSkus, solveAssignment } from './index.js';

/** Brute force over all injective maps (tiny sizes only). */
function bruteForce(cost: number[][], n: number, m: number): number {
  let best = Number.POSITIVE_INFINITY;
  const used = new Array<boolean>(m).fill(false);
  const go = (i: number, acc: number): void => {
    if (i === n) {
      best = Math.min(best, acc);
      return;
    }
    for (let j = 0; j < m; j++) {
      if (used[j] || cost[i]![j] === Number.POSITIVE_INFINITY) continue;
      used[j] = true;
      go(i + 1, acc + cost[i]![j]!);
      used[j] = false;
    }
  };
  go(0, 0);
  return best;
}

describe('solveAssignment', () => {
  it('matches brute force on random rectangular matrices with forbidden cells', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 2 }),
        fc.array(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(-1)), {
          minLength: 35,
          maxLength: 35,
        }),
        (n, extra, cells) => {
          const m = n + extra;
          const cost = Array.from({ length: n }, (_, i) =>
            Array.from({ length: m }, (_, j) => {
              const c = cells[i * m + j]!;
              return c < 0 ? Number.POSITIVE_INFINITY : c;
            }),
          );
          const a = solveAssignment(Float64Array.from(cost.flat()), n, m);
          const bf = bruteForce(cost, n, m);
          if (bf === Number.POSITIVE_INFINITY) expect(a).toBeUndefined();
          else expect(a?.cost).toBe(bf);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('slotSkus', () => {
  it('puts the most-picked SKUs nearest and reports the saving against the current layout', () => {
    const r = slotSkus(
      [
        { id: 'A', picks: 10, currentLocation: 'far' },
        { id: 'B', picks: 100, currentLocation: 'mid' },
        { id: 'C', picks: 1, currentLocation: 'near' },
      ],
      [
        { id: 'near', distance: 5 },
        { id: 'mid', distance: 10 },
        { id: 'far', distance: 20 },
      ],
    );
    if (!r.ok) throw new Error('fail');
    expect(r.value.method).toBe('sort');
    expect(r.value.assignments.map((a) => `${a.sku}:${a.location}`)).toEqual(['A:mid', 'B:near', 'C:far']);
    // current: 2·(10·20 + 100·10 + 1·5) = 2410; optimal: 2·(10·10 + 100·5 + 1·20) = 1240.
    expect(r.value.currentTravel).toBe(2410);
    expect(r.value.travel).toBe(1240);
    expect(r.value.saving).toBe(1170);
  });

  it('respects location capacity (sorting would be wrong here)', () => {
    const r = slotSkus(
      [
        { id: 'big', picks: 1, size: 3 },
        { id: 'hot', picks: 50, size: 1 },
      ],
      [
        { id: 'near-small', distance: 1, capacity: 1 },
        { id: 'near-large', distance: 2, capacity: 5 },
        { id: 'far-large', distance: 30, capacity: 5 },
      ],
    );
    if (!r.ok) throw new Error('fail');
    expect(r.value.method).toBe('hungarian');
    expect(Object.fromEntries(r.value.assignments.map((a) => [a.sku, a.location]))).toEqual({
      big: 'near-large',
      hot: 'near-small',
    });
    const none = slotSkus([{ id: 'huge', picks: 1, size: 9 }], [{ id: 'x', distance: 1, capacity: 1 }]);
    expect(!none.ok && none.issues[0]?.message).toMatch(/huge/);
  });

  it('parses the CSVs and names bad rows', () => {
    const s = parseSkusCsv('SKU,Picks,size,current_location\nA,10,1,L1\nB,5,,L2\n');
    expect(s.ok && s.value[1]).toEqual({ id: 'B', picks: 5, currentLocation: 'L2' });
    const bad = parseSkusCsv('sku,picks\nA,ten\n,3\n');
    expect(!bad.ok && bad.issues.map((i) => i.where)).toEqual(['skus.csv row 2', 'skus.csv row 3']);
    expect(parseLocationsCsv('loc,dist\nx,1\n').ok).toBe(false);
    const l = parseLocationsCsv('location,distance,capacity\nL1,4.5,2\n');
    expect(l.ok && l.value).toEqual([{ id: 'L1', distance: 4.5, capacity: 2 }]);
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (t) => {
        parseSkusCsv(t);
        parseLocationsCsv(t);
      }),
    );
  });
});
