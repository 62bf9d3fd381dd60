import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../core/index.js';
import { Solver } from '../model/solver.js';
import {
  contractJson,
  duplicateJsonKey,
  type Game,
  type LpSolve,
  leastCore,
  nucleolus,
  parseGame,
  shapleyExact,
  shapleySampled,
  solveGame,
  tabulate,
} from './index.js';

let solve: LpSolve;
beforeAll(async () => {
  const s = await Solver.load();
  solve = async (p) => s.solve(p);
});

const names = (n: number) => Array.from({ length: n }, (_, i) => `P${i + 1}`);
const glove = () => tabulate(['L', 'R1', 'R2'], 'profit', (m) => (m.includes(0) && m.length >= 2 ? 1 : 0));
/** Bankruptcy game (O'Neill): v(S) = max(0, E − claims of the others). */
const bankruptcy = (claims: number[], estate: number) =>
  tabulate(names(claims.length), 'profit', (m) =>
    Math.max(0, estate - claims.reduce((s, d, i) => (m.includes(i) ? s : s + d), 0)),
  );
/** Airport game (Littlechild & Owen 1973): a coalition pays for the runway its largest plane needs. */
const airport = (cost: number[]) =>
  tabulate(names(cost.length), 'cost', (m) => Math.max(...m.map((i) => cost[i] ?? 0)));
/** Littlechild–Owen closed form: each runway segment is shared equally by the planes that use it. */
function airportShapley(cost: number[]): number[] {
  const order = cost.map((c, i) => [c, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(cost.length).fill(0);
  let acc = 0;
  let prev = 0;
  order.forEach(([c, i], k) => {
    acc += (c - prev) / (cost.length - k);
    prev = c;
    out[i] = acc;
  });
  return out;
}
const arr = (r: Record<string, number>) => Object.values(r);

/** Excesses v(S) − x(S) of every proper coalition, largest first. */
function sortedExcess(g: Game, x: ArrayLike<number>): number[] {
  const n = g.players.length;
  const out: number[] = [];
  for (let m = 1; m < (1 << n) - 1; m++) {
    let s = 0;
    for (let i = 0; i < n; i++) if (m & (1 << i)) s += x[i] ?? 0;
    out.push((g.v[m] ?? 0) - s);
  }
  return out.sort((a, b) => b - a);
}
/** −1, 0, 1: lexicographic comparison with a tolerance. */
function lexCompare(a: number[], b: number[], tol: number): number {
  for (let k = 0; k < a.length; k++) {
    const d = (a[k] ?? 0) - (b[k] ?? 0);
    if (d > tol) return 1;
    if (d < -tol) return -1;
  }
  return 0;
}

describe('published games', () => {
  it('glove game (1 left, 2 right): Shapley (2/3, 1/6, 1/6), nucleolus (1, 0, 0), core {(1,0,0)}', async () => {
    const s = await solveGame(glove(), solve);
    expect(arr(s.shapley)).toEqual([2 / 3, 1 / 6, 1 / 6].map((x) => expect.closeTo(x, 12)));
    expect(arr(s.nucleolus)).toEqual([1, 0, 0]);
    expect(s.coreEmpty).toBe(false);
    expect(s.leastCoreEpsilon).toBe(0);
  });

  it.each([
    [100, [100 / 3, 100 / 3, 100 / 3]],
    [200, [50, 75, 75]],
    [300, [50, 100, 150]],
  ])(
    'Aumann–Maschler bankruptcy, claims 100/200/300, estate %i: nucleolus = Talmud rule',
    async (estate, talmud) => {
      const s = await solveGame(bankruptcy([100, 200, 300], estate), solve);
      arr(s.nucleolus).forEach((x, i) => {
        expect(x).toBeCloseTo(talmud[i] ?? 0, 8);
      });
      expect(s.coreEmpty).toBe(false); // bankruptcy games are convex
    },
  );

  it('airport game: generic Shapley equals the Littlechild–Owen sequential formula (3, 5 and 12 planes)', async () => {
    for (const cost of [
      [1, 2, 3],
      [8, 3, 3, 11, 6],
      [12, 5, 30, 7, 7, 21, 2, 18, 30, 9, 14, 25],
    ]) {
      const g = airport(cost);
      const phi = shapleyExact(g);
      const closed = airportShapley(cost);
      // Profit form is −cost: the cost shares are −φ.
      closed.forEach((c, i) => {
        expect(-(phi[i] ?? 0)).toBeCloseTo(c, 10);
      });
    }
    const s = await solveGame(airport([1, 2, 3]), solve);
    expect(arr(s.shapley)).toEqual([1 / 3, 5 / 6, 11 / 6].map((x) => expect.closeTo(x, 12)));
    // Airport games are concave cost games: the Shapley value is in the core.
    expect(s.coreEmpty).toBe(false);
    // Nucleolus by Littlechild's (1974) sequence: equalise the savings of {1} and {2,3} (x1 = 1/2),
    // then of {1,3} and {1,2} (x2 = 3/4).
    expect(arr(s.nucleolus)).toEqual([0.5, 0.75, 1.75]);
  });

  it('3-player majority game: empty core, least-core ε = 1/3, nucleolus (1/3, 1/3, 1/3)', async () => {
    const g = tabulate(['A', 'B', 'C'], 'profit', (m) => (m.length >= 2 ? 1 : 0));
    const s = await solveGame(g, solve, { explain: true });
    expect(s.coreEmpty).toBe(true);
    expect(s.leastCoreEpsilon).toBeCloseTo(1 / 3, 9);
    arr(s.nucleolus).forEach((x) => {
      expect(x).toBeCloseTo(1 / 3, 9);
    });
    // Every pair blocks: it gets 2/3 and could make 1 alone.
    const pairs = s.coalitions?.filter((c) => c.size === 2) ?? [];
    expect(pairs).toHaveLength(3);
    for (const p of pairs) {
      expect(p.nucleolusBlocks).toBe(true);
      expect(p.nucleolusExcess).toBeCloseTo(1 / 3, 9);
    }
  });
});

describe('cost games', () => {
  it('gives cost shares: the negation of the savings allocation, with excess x(S) − c(S)', async () => {
    // Three shippers: alone 10/10/10, pairs 15, all three 18.
    const c = (m: readonly number[]) => [0, 10, 15, 18][m.length] ?? 0;
    const s = await solveGame(tabulate(['甲', '乙', '丙'], 'cost', c), solve, { explain: true });
    for (const p of ['甲', '乙', '丙']) {
      expect(s.shapley[p]).toBeCloseTo(6, 12);
      expect(s.nucleolus[p]).toBeCloseTo(6, 9);
    }
    expect(s.coreEmpty).toBe(false);
    // Least core: each pair pays 12 against 15 alone, each singleton 6 against 10 → ε = −3.
    expect(s.leastCoreEpsilon).toBeCloseTo(-3, 9);
    const pair = s.coalitions?.find((l) => l.coalition === '甲,乙');
    expect(pair).toMatchObject({ value: 15, nucleolus: 12, nucleolusExcess: -3, nucleolusBlocks: false });
  });

  it('a cost game with an empty core reports ε > 0 in cost units', async () => {
    // Pairs cost 10 together, singletons 10, all three 16: pairs 2/3·16 > 10.
    const c = (m: readonly number[]) => (m.length === 3 ? 16 : 10);
    const s = await solveGame(tabulate(['A', 'B', 'C'], 'cost', c), solve);
    expect(s.coreEmpty).toBe(true);
    expect(s.leastCoreEpsilon).toBeCloseTo(16 * (2 / 3) - 10, 9);
    expect(contractJson(s)).toEqual({
      shapley: expect.any(Object),
      nucleolus: expect.any(Object),
      core_empty: true,
      least_core_epsilon: expect.any(Number),
    });
  });
});

describe('nucleolus verified by its definition', () => {
  it('no feasible perturbation lowers the sorted excess vector lexicographically (random 4–5 player games)', async () => {
    const rng = createRng(7);
    for (let trial = 0; trial < 12; trial++) {
      const n = 4 + (trial % 2);
      // Superadditive-ish random game so the imputation set is non-empty.
      const g = tabulate(names(n), 'profit', (m) => Math.round(m.length * m.length * (1 + rng.next() * 4)));
      const nu = await nucleolus(g, solve);
      expect(nu.prenucleolus).toBe(false);
      const base = sortedExcess(g, nu.x);
      for (let k = 0; k < 200; k++) {
        const d = Array.from({ length: n }, () => rng.next() - 0.5);
        const mean = d.reduce((a, b) => a + b, 0) / n;
        const step = 10 ** -(1 + Math.floor(rng.next() * 3));
        const y = Array.from(nu.x, (xi, i) => xi + step * ((d[i] ?? 0) - mean));
        // Stay among imputations: x_i ≥ v(i).
        if (y.some((yi, i) => yi < (g.v[1 << i] ?? 0) - 1e-12)) continue;
        expect(lexCompare(sortedExcess(g, y), base, 1e-9)).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('least core: ε ≤ 0 exactly when the Shapley value of a convex game is in the core', async () => {
    const g = bankruptcy([30, 40, 50, 60], 120);
    const lc = await leastCore(g, solve);
    expect(lc.epsilon).toBeLessThanOrEqual(1e-9);
  });
});

describe('edge games', () => {
  it('an empty imputation set (Σ v(i) > v(N)) gives the pre-nucleolus, efficient and symmetric', async () => {
    const g = tabulate(['A', 'B', 'C'], 'profit', (m) => (m.length === 1 ? 1 : m.length === 3 ? 2 : 0));
    const s = await solveGame(g, solve);
    expect(s.prenucleolus).toBe(true);
    for (const p of ['A', 'B', 'C']) expect(s.nucleolus[p]).toBeCloseTo(2 / 3, 9);
    expect(s.coreEmpty).toBe(true);
    expect(s.leastCoreEpsilon).toBeCloseTo(1 / 3, 9);
  });

  it('one player gets v(N); ε is 0 (no proper coalition)', async () => {
    const r = parseGame({ players: ['solo'], kind: 'cost', v: { solo: 7 } });
    if (!r.ok) throw new Error('parse');
    expect(contractJson(await solveGame(r.value, solve))).toEqual({
      shapley: { solo: 7 },
      nucleolus: { solo: 7 },
      core_empty: false,
      least_core_epsilon: 0,
    });
  });
});

describe('sampled Shapley', () => {
  it('converges to the exact value within its stated 95 % half-width, same seed same answer', () => {
    const cost = [12, 5, 30, 7, 7, 21, 2, 18, 30, 9, 14, 25];
    const closed = airportShapley(cost);
    const value = (m: readonly number[]) => -Math.max(...m.map((i) => cost[i] ?? 0));
    const a = shapleySampled(cost.length, value, { samples: 4000, seed: 42 });
    const b = shapleySampled(cost.length, value, { samples: 4000, seed: 42 });
    expect(Array.from(a.value)).toEqual(Array.from(b.value));
    expect(a.samples).toBe(4000);
    let inside = 0;
    closed.forEach((c, i) => {
      expect(a.halfWidth95[i]).toBeGreaterThan(0);
      expect(a.halfWidth95[i]).toBeLessThan(1.5);
      if (Math.abs(-(a.value[i] ?? 0) - c) <= (a.halfWidth95[i] ?? 0)) inside++;
    });
    // 95 % intervals: at least 10 of 12 cover the truth (binomial tail ≈ 2 %).
    expect(inside).toBeGreaterThanOrEqual(10);
    // Efficiency holds for every permutation, so exactly for the mean.
    expect(a.value.reduce((s, x) => s + x, 0)).toBeCloseTo(-30, 9);
  });

  it('handles more players than the exact table (40 players, additive game: exact with zero error)', () => {
    const w = Array.from({ length: 40 }, (_, i) => i + 1);
    const r = shapleySampled(40, (m) => m.reduce((s, i) => s + (w[i] ?? 0), 0), { samples: 50, seed: 3 });
    r.value.forEach((x, i) => {
      expect(x).toBeCloseTo(w[i] ?? 0, 9);
    });
    r.standardError.forEach((s) => {
      expect(s).toBeCloseTo(0, 9);
    });
  });
});

describe('game.json', () => {
  const doc = (over: Record<string, unknown> = {}) => ({
    players: ['A', 'B', 'C'],
    kind: 'profit',
    v: { 'A,B': 6, 'B , A,C': 10, 'C,A': 4, 'B,C': 5 },
    ...over,
  });
  const issue = (d: unknown) => {
    const r = parseGame(d);
    if (r.ok) throw new Error('expected a problem');
    return r.issues[0];
  };

  it('reads keys in any order with spaces, and singletons of a profit game default to 0', () => {
    const r = parseGame(doc());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Array.from(r.value.v)).toEqual([0, 0, 0, 6, 0, 4, 5, 10]);
  });

  it.each([
    [doc({ players: ['A', 'B', 'A'] }), 'players[2]', /duplicate player 'A'/],
    [doc({ players: ['A', ' '] }), 'players[1]', /empty/],
    [doc({ players: ['A', 'B,C'] }), 'players[1]', /comma/],
    [doc({ players: [] }), 'players', /non-empty/],
    [doc({ players: names(21) }), 'players', /at most 20/],
    [doc({ kind: 'utility' }), 'kind', /profit" or "cost/],
    [doc({ v: { ...doc().v, 'A,D': 1 } }), 'v["A,D"]', /unknown player 'D'/],
    [doc({ v: { ...doc().v, 'B,A': 7 } }), 'v["B,A"]', /given twice: as "A,B" and "B,A"/],
    [doc({ v: { ...doc().v, 'A,A': 7 } }), 'v["A,A"]', /twice in one coalition/],
    [doc({ v: { ...doc().v, 'A,B': Number.POSITIVE_INFINITY } }), 'v["A,B"]', /finite number/],
    [doc({ v: { ...doc().v, 'A,B': '6' } }), 'v["A,B"]', /finite number/],
    [doc({ v: { 'A,B': 6, 'A,C': 4, 'A,B,C': 10 } }), 'v["B,C"]', /missing coalition B,C/],
    [doc({ kind: 'cost' }), 'v["A"]', /missing coalition A \(a cost game gives every singleton\)/],
    [doc({ extra: 1 }), 'extra', /unknown field/],
    [[1, 2], '(root)', /JSON object/],
  ])('refuses hostile input %#, naming the field', (d, where, message) => {
    const i = issue(d);
    expect(i?.where).toBe(where);
    expect(i?.message).toMatch(message);
  });

  it('finds a key given twice in one object, anywhere', () => {
    expect(duplicateJsonKey('{"players":["A","B"],"v":{"A,B":1,"A":0,"A,B":2}}')).toBe('v["A,B"]');
    expect(duplicateJsonKey('{"kind":"x","kind":"y"}')).toBe('kind');
    expect(
      duplicateJsonKey(String.raw`{"v":{"a\"b":1},"w":{"a\"b":1},"s":"{\"v\":1,\"v\":2}"}`),
    ).toBeUndefined();
    expect(duplicateJsonKey('[{"a":1},{"a":2}]')).toBeUndefined();
    expect(duplicateJsonKey('[{"a":1,"a":2}]')).toBe('(array item)["a"]');
  });

  it('refuses more than 16 players for the nucleolus LP with a clear error', async () => {
    const g = tabulate(names(17), 'profit', (m) => m.length);
    await expect(nucleolus(g, solve)).rejects.toThrow(/limited to 16 players/);
  });
});
