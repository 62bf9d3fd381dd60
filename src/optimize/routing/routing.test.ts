import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benchmarkPath } from '../../core/benchmark-data.fixture.js';
import {
  checkSolution,
  createInstance,
  explicitMatrix,
  parseSol,
  parseSolomon,
  parseVrp,
  solveHgs,
  solveInWorker,
  writeSol,
} from './index.js';
import { Splitter } from './split.js';
import type { RoutingInstance } from './types.js';

const bench = benchmarkPath('cvrp');
const haveBench = existsSync(bench);
if (!haveBench) console.warn(`CVRPLIB data not found at ${bench}: benchmark-based routing tests skipped`);

function randomInstance(
  n: number,
  seed: number,
  extra: Partial<Parameters<typeof createInstance>[0]> = {},
): RoutingInstance {
  let s = seed;
  const rnd = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const xy = Array.from({ length: n + 1 }, () => [Math.round(rnd() * 100), Math.round(rnd() * 100)] as const);
  const demand = xy.map((_, i) => (i === 0 ? 0 : 1 + Math.floor(rnd() * 9)));
  const r = createInstance({ xy, demand, capacity: 20, rounding: 'nint', ...extra });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

/** Penalised cost of the best split by brute-force DP over all cut points (no speed-up). */
function naiveSplit(inst: RoutingInstance, tour: Int32Array, wQ: number, maxRoutes: number): number {
  const n = tour.length;
  const D = inst.dist;
  const S = inst.size;
  const cost = (i: number, j: number): number => {
    let d = D[tour[i]!]!;
    let q = inst.demand[tour[i]!]!;
    for (let k = i + 1; k <= j; k++) {
      d += D[tour[k - 1]! * S + tour[k]!]!;
      q += inst.demand[tour[k]!]!;
    }
    d += D[tour[j]! * S]!;
    return d + wQ * Math.max(0, q - inst.capacity);
  };
  let layer = new Array<number>(n + 1).fill(Number.POSITIVE_INFINITY);
  layer[0] = 0;
  let best = Number.POSITIVE_INFINITY;
  for (let k = 1; k <= maxRoutes; k++) {
    const next = new Array<number>(n + 1).fill(Number.POSITIVE_INFINITY);
    for (let i = 0; i < n; i++)
      if (layer[i]! < Number.POSITIVE_INFINITY)
        for (let j = i; j < n; j++) next[j + 1] = Math.min(next[j + 1]!, layer[i]! + cost(i, j));
    best = Math.min(best, next[n]!);
    layer = next;
  }
  return best;
}

function splitCost(inst: RoutingInstance, tour: Int32Array, ends: Int32Array, k: number, wQ: number): number {
  let total = 0;
  let p = 0;
  for (let r = 0; r < k; r++) {
    const route = Array.from(tour.subarray(p, ends[r]));
    p = ends[r]!;
    const chk = checkSolution({ ...inst, capacity: Number.POSITIVE_INFINITY }, [route]);
    const load = route.reduce((s, c) => s + inst.demand[c]!, 0);
    total += chk.cost + wQ * Math.max(0, load - inst.capacity);
  }
  return total;
}

describe('Split', () => {
  it('linear split (unlimited and fleet-limited) equals the brute-force optimum', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 3, max: 25 }),
        fc.double({ min: 0.1, max: 50, noNaN: true }),
        (seed, n, wQ) => {
          const inst = randomInstance(n, seed);
          const tour = Int32Array.from({ length: n }, (_, i) => i + 1).sort(
            (a, b) => ((a * seed) % 7) - ((b * seed) % 7),
          );
          const limit = Math.max(1, Math.floor(n / 4));
          for (const R of [n, limit]) {
            const sp = new Splitter(inst, R);
            const ends = new Int32Array(R);
            const k = sp.split(tour, wQ, 1, ends);
            expect(k).toBeLessThanOrEqual(R);
            expect(ends[k - 1]).toBe(n);
            expect(splitCost(inst, tour, ends, k, wQ)).toBeCloseTo(naiveSplit(inst, tour, wQ, R), 6);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('solveHgs', () => {
  it('returns feasible routes confirmed by the independent checker, reproducibly for a seed', () => {
    const inst = randomInstance(40, 7);
    const a = solveHgs(inst, { maxIterations: 300, timeLimitS: 30, seed: 3 });
    const b = solveHgs(inst, { maxIterations: 300, timeLimitS: 30, seed: 3 });
    const chk = checkSolution(inst, a.routes);
    expect(chk.violations).toEqual([]);
    expect(a.feasible).toBe(true);
    expect(chk.cost).toBeCloseTo(a.cost, 9);
    expect(b.routes).toEqual(a.routes);
  });

  it('honours a fleet limit, a duration limit and time windows', () => {
    const limited = randomInstance(30, 11, { maxVehicles: 9 });
    const r1 = solveHgs(limited, { maxIterations: 200, timeLimitS: 30 });
    expect(checkSolution(limited, r1.routes).violations).toEqual([]);
    expect(r1.routes.length).toBeLessThanOrEqual(9);

    const timed = randomInstance(30, 5, { service: 5, maxDuration: 250 });
    const r2 = solveHgs(timed, { maxIterations: 200, timeLimitS: 30 });
    expect(r2.feasible).toBe(true);
    expect(checkSolution(timed, r2.routes).violations).toEqual([]);

    const xy = Array.from(
      { length: 21 },
      (_, i) => [i === 0 ? 50 : (i * 37) % 100, i === 0 ? 50 : (i * 53) % 100] as const,
    );
    const windows = xy.map((_, i) =>
      i === 0 ? ([0, 1000] as const) : ([(i % 4) * 150, (i % 4) * 150 + 120] as const),
    );
    const tw = createInstance({
      xy,
      demand: xy.map((_, i) => (i ? 3 : 0)),
      capacity: 30,
      windows,
      service: 10,
    });
    if (!tw.ok) throw new Error('bad');
    const r3 = solveHgs(tw.value, { maxIterations: 200, timeLimitS: 30 });
    expect(r3.feasible).toBe(true);
    expect(checkSolution(tw.value, r3.routes).violations).toEqual([]);
  });

  it('agrees with the checker on cost and feasibility (windows, asymmetric matrices, duration)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 4, max: 18 }), (seed, n) => {
        let s = seed;
        const rnd = (): number => {
          s = (s * 1103515245 + 12345) % 2147483648;
          return s / 2147483648;
        };
        const matrix = Array.from({ length: n + 1 }, (_, i) =>
          Array.from({ length: n + 1 }, (_, j) => (i === j ? 0 : Math.round(5 + rnd() * 40))),
        );
        const windows = Array.from({ length: n + 1 }, (_, i): [number, number] => {
          if (i === 0) return [0, 400];
          const a = Math.round(rnd() * 250);
          return [a, a + 30 + Math.round(rnd() * 120)];
        });
        const inst = createInstance({
          matrix,
          demand: matrix.map((_, i) => (i ? 1 + Math.floor(rnd() * 5) : 0)),
          capacity: 12,
          windows,
          service: 3,
          ...(seed % 2 ? { maxDuration: 300 } : {}),
          ...(seed % 3 === 0 ? { maxVehicles: Math.ceil(n / 2) } : {}),
        });
        if (!inst.ok) throw new Error(JSON.stringify(inst.issues));
        const r = solveHgs(inst.value, { maxIterations: 30, seed });
        const chk = checkSolution(inst.value, r.routes);
        expect(chk.cost).toBeCloseTo(r.cost, 9);
        if (r.feasible) expect(chk.violations).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });

  it('solves in a worker thread', async () => {
    const inst = randomInstance(25, 2);
    const r = await solveInWorker(inst, { maxIterations: 100, timeLimitS: 30 });
    expect(checkSolution(inst, r.routes).feasible).toBe(true);
  });

  it.skipIf(!haveBench)('reaches the optimum of P-n16-k8 (450) and A-n32-k5 (784) with k routes', () => {
    for (const [file, k, opt] of [
      ['P/P-n16-k8.vrp', 8, 450],
      ['A/A-n32-k5.vrp', 5, 784],
    ] as const) {
      const p = parseVrp(readFileSync(join(bench, file), 'utf8'), { maxVehicles: k });
      if (!p.ok) throw new Error(JSON.stringify(p.issues));
      const r = solveHgs(p.value.instance, { maxIterations: 1500, timeLimitS: 20, seed: 1 });
      const chk = checkSolution(p.value.instance, r.routes);
      expect(chk.violations).toEqual([]);
      expect(chk.cost).toBe(opt);
    }
  });
});

describe('distances', () => {
  it('haversine: Paris–London is about 343.6 km; lat/lon instances solve', () => {
    const r = createInstance({
      latLon: [
        [48.8566, 2.3522],
        [51.5074, -0.1278],
        [50.8503, 4.3517],
      ],
      demand: [0, 1, 1],
      capacity: 5,
    });
    if (!r.ok) throw new Error('bad');
    expect(r.value.dist[1]).toBeGreaterThan(343);
    expect(r.value.dist[1]).toBeLessThan(344.2);
    expect(r.value.dist[3]).toBe(r.value.dist[1]);
    const sol = solveHgs(r.value, { maxIterations: 20 });
    expect(sol.routes).toHaveLength(1);
    expect(checkSolution(r.value, sol.routes).feasible).toBe(true);
    expect(
      createInstance({
        latLon: [
          [95, 0],
          [0, 0],
        ],
        demand: [0, 1],
        capacity: 1,
      }).ok,
    ).toBe(false);
  });
});

describe('formats', () => {
  it.skipIf(!haveBench)('the CVRPLIB .sol of X-n101-k25 checks out at its stated cost', () => {
    const p = parseVrp(readFileSync(join(bench, 'X/X-n101-k25.vrp'), 'utf8'));
    const s = parseSol(readFileSync(join(bench, 'X/X-n101-k25.sol'), 'utf8'));
    if (!p.ok || !s.ok) throw new Error('parse');
    const inst = p.value.instance;
    // .sol numbers customers as file id − 1; map to instance indices through the labels.
    const index = new Map(inst.labels.map((l, i) => [l, i]));
    const routes = s.value.routes.map((r) => r.map((c) => index.get(c + 1)!));
    const chk = checkSolution(inst, routes);
    expect(chk.violations).toEqual([]);
    expect(chk.cost).toBe(27591);
    expect(s.value.cost).toBe(27591);
    expect(parseSol(writeSol(s.value.routes, 27591))).toEqual(s);
  });

  it.skipIf(!haveBench)('reads CMT files with real distances, duration limit and service time', () => {
    const p = parseVrp(readFileSync(join(bench, 'CMT/CMT6.vrp'), 'utf8'));
    if (!p.ok) throw new Error('parse');
    expect(p.value.instance.maxDuration).toBe(200);
    expect(p.value.instance.service[1]).toBe(10);
    expect(p.value.instance.dist[1]! % 1).not.toBe(0);
  });

  it('expands every TSPLIB explicit layout to the same matrix', () => {
    const full = [
      [0, 1, 2, 3],
      [1, 0, 4, 5],
      [2, 4, 0, 6],
      [3, 5, 6, 0],
    ];
    const layouts: Record<string, number[]> = {
      UPPER_ROW: [1, 2, 3, 4, 5, 6],
      LOWER_ROW: [1, 2, 4, 3, 5, 6],
      UPPER_DIAG_ROW: [0, 1, 2, 3, 0, 4, 5, 0, 6, 0],
      LOWER_DIAG_ROW: [0, 1, 0, 2, 4, 0, 3, 5, 6, 0],
      UPPER_COL: [1, 2, 4, 3, 5, 6],
      LOWER_COL: [1, 2, 3, 4, 5, 6],
      FULL_MATRIX: full.flat(),
    };
    for (const [fmt, w] of Object.entries(layouts))
      expect(explicitMatrix(fmt as 'UPPER_ROW', 4, w), fmt).toEqual(full);
    expect(typeof explicitMatrix('UPPER_ROW', 4, [1, 2])).toBe('string');
    const text = `NAME : t\nTYPE : CVRP\nDIMENSION : 4\nEDGE_WEIGHT_TYPE : EXPLICIT\nEDGE_WEIGHT_FORMAT : LOWER_ROW\nCAPACITY : 10\nEDGE_WEIGHT_SECTION\n1\n2 4\n3 5 6\nDEMAND_SECTION\n1 0\n2 3\n3 3\n4 3\nDEPOT_SECTION\n1\n-1\nEOF\n`;
    const p = parseVrp(text);
    expect(p.ok && Array.from(p.value.instance.dist)).toEqual(full.flat());
  });

  it('reports malformed .vrp, .sol and Solomon input with a line, never throws', () => {
    const bad = parseVrp(
      'NAME : x\nDIMENSION : 3\nCAPACITY : -1\nEDGE_WEIGHT_TYPE : GEO\nNODE_COORD_SECTION\n1 0 zero\n',
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.issues.map((i) => i.message).join(' ')).toMatch(/CAPACITY/);
      expect(bad.issues.some((i) => i.where === 'line 6')).toBe(true);
    }
    expect(parseSol('Route #1: 1 x\n').ok).toBe(false);
    expect(parseSolomon('C1\nVEHICLE\nNUMBER CAPACITY\n 2 10\nCUSTOMER\n0 0 0 0 0 100\n').ok).toBe(false);
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        parseVrp(s);
        parseSol(s);
        parseSolomon(s);
      }),
    );
    const over = parseVrp(
      'NAME : o\nDIMENSION : 2\nCAPACITY : 5\nEDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n1 0 0\n2 3 4\nDEMAND_SECTION\n1 0\n2 9\nDEPOT_SECTION\n1\n-1\n',
    );
    expect(!over.ok && over.issues[0]?.message).toMatch(/exceeds the capacity/);
  });

  it('reads a Solomon file and the checker flags a late visit', () => {
    const text = `T1\n\nVEHICLE\nNUMBER     CAPACITY\n  2         50\n\nCUSTOMER\nCUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\n\n    0      0         0          0          0       100          0\n    1      10        0         10          0        15         5\n    2      20        0         10         40        50         5\n`;
    const p = parseSolomon(text);
    if (!p.ok) throw new Error(JSON.stringify(p.issues));
    expect(p.value.maxVehicles).toBe(2);
    expect(checkSolution(p.value, [[1, 2]]).feasible).toBe(true);
    expect(checkSolution(p.value, [[2, 1]]).violations.join()).toMatch(/customer 1 served at 55/);
    const r = solveHgs(p.value, { maxIterations: 50 });
    expect(checkSolution(p.value, r.routes).feasible).toBe(true);
  });
});
