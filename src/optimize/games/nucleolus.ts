/**
 * The nucleolus and the least core as sequences of LPs on HiGHS (Maschler, Peleg & Shapley 1979):
 * maximise the smallest satisfaction t = x(S) − v(S) over the coalitions still free, fix the
 * coalitions that are tight in every optimum (those with a non-zero dual, by complementary
 * slackness), drop every coalition whose x(S) the fixed ones already determine (its indicator lies
 * in their span), and repeat until x is unique. Each round raises the rank of the fixed set, so
 * there are at most n − 1 rounds. Values are scaled to at most 1 before solving, so tolerances
 * mean the same for yuan and for units.
 *
 * The LP has a row per coalition (2^n − 1): refused beyond {@link MAX_LP_PLAYERS} players.
 */
import { XinzhiError } from '../../core/index.js';
import type { LinearProgram } from '../model/program.js';
import type { SolveResult } from '../model/solve-result.js';
import type { Game } from './game.js';

/** Most players for the nucleolus and least core: their LPs have 2^n − 1 rows (65,535 at 16). */
export const MAX_LP_PLAYERS = 16;

/** Solves one LP: the in-process solver for the CLI, the worker thread for the server. */
export type LpSolve = (p: LinearProgram) => Promise<SolveResult>;

const DUAL_TOL = 1e-9;
const SPAN_TOL = 1e-9;

export interface Nucleolus {
  /** The allocation, profit form. */
  readonly x: Float64Array;
  /** Largest satisfaction level t of each round (profit form, unscaled). */
  readonly levels: readonly number[];
  /** The imputation set was empty (Σ v(i) > v(N)), so the pre-nucleolus is given instead. */
  readonly prenucleolus: boolean;
}

export interface LeastCore {
  /** Least ε with x(S) ≥ v(S) − ε for every proper coalition: ≤ 0 iff the core is non-empty. */
  readonly epsilon: number;
  /** One allocation in the least core. */
  readonly x: Float64Array;
}

export function assertLpSize(n: number): void {
  if (n > MAX_LP_PLAYERS)
    throw new XinzhiError(
      'BAD_INPUT',
      `${n} players: the nucleolus and least core solve LPs with a row per coalition (2^n − 1), limited to ${MAX_LP_PLAYERS} players`,
      { field: 'players' },
    );
}

/** Row-reduced echelon basis of coalition indicator vectors (with N), for span tests. */
class Span {
  private readonly rows: Float64Array[] = [];
  private readonly pivots: number[] = [];
  constructor(private readonly n: number) {}

  get rank(): number {
    return this.rows.length;
  }

  private reduce(mask: number): Float64Array {
    const r = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) if (mask & (1 << i)) r[i] = 1;
    for (let k = 0; k < this.rows.length; k++) {
      const p = this.pivots[k] ?? 0;
      const f = r[p] ?? 0;
      if (Math.abs(f) <= SPAN_TOL) continue;
      const row = this.rows[k] as Float64Array;
      for (let j = 0; j < this.n; j++) r[j] = (r[j] ?? 0) - f * (row[j] ?? 0);
    }
    return r;
  }

  contains(mask: number): boolean {
    const r = this.reduce(mask);
    for (let j = 0; j < this.n; j++) if (Math.abs(r[j] ?? 0) > SPAN_TOL) return false;
    return true;
  }

  /** Adds the coalition; false when it was already in the span. */
  add(mask: number): boolean {
    const r = this.reduce(mask);
    let p = -1;
    for (let j = 0; j < this.n; j++)
      if (Math.abs(r[j] ?? 0) > SPAN_TOL && (p < 0 || Math.abs(r[j] ?? 0) > Math.abs(r[p] ?? 0))) p = j;
    if (p < 0) return false;
    const f = r[p] ?? 1;
    for (let j = 0; j < this.n; j++) r[j] = (r[j] ?? 0) / f;
    for (const row of this.rows) {
      const g = row[p] ?? 0;
      if (g !== 0) for (let j = 0; j < this.n; j++) row[j] = (row[j] ?? 0) - g * (r[j] ?? 0);
    }
    this.rows.push(r);
    this.pivots.push(p);
    return true;
  }
}

interface Round {
  readonly t: number;
  readonly x: Float64Array;
  readonly duals: readonly number[];
}

/**
 * One LP: max t s.t. Σx = u(N); x(S) = u(S) + level(S) for fixed S; x(S) − t ≥ u(S) for free S;
 * x_i ≥ u(i) when `individual`. Columns x_0..x_{n−1}, t.
 */
async function round(
  n: number,
  u: Float64Array,
  fixed: readonly { mask: number; level: number }[],
  free: Int32Array,
  individual: boolean,
  solve: LpSolve,
): Promise<Round> {
  const full = (1 << n) - 1;
  const rowNames: string[] = [];
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  const rowStart: number[] = [0];
  const rowIndex: number[] = [];
  const rowValue: number[] = [];
  const push = (name: string, mask: number, withT: boolean, lo: number, hi: number): void => {
    for (let i = 0; i < n; i++)
      if (mask & (1 << i)) {
        rowIndex.push(i);
        rowValue.push(1);
      }
    if (withT) {
      rowIndex.push(n);
      rowValue.push(-1);
    }
    rowStart.push(rowIndex.length);
    rowNames.push(name);
    rowLower.push(lo);
    rowUpper.push(hi);
  };
  push('N', full, false, u[full] ?? 0, u[full] ?? 0);
  for (const f of fixed)
    push(`F${f.mask}`, f.mask, false, (u[f.mask] ?? 0) + f.level, (u[f.mask] ?? 0) + f.level);
  for (const m of free) push(`S${m}`, m, true, u[m] ?? 0, Number.POSITIVE_INFINITY);
  const colNames = [...Array.from({ length: n }, (_, i) => `x${i}`), 't'];
  const p: LinearProgram = {
    name: 'nucleolus',
    sense: 'maximize',
    offset: 0,
    objectiveName: 't',
    colNames,
    colLower: [
      ...Array.from({ length: n }, (_, i) => (individual ? (u[1 << i] ?? 0) : Number.NEGATIVE_INFINITY)),
      Number.NEGATIVE_INFINITY,
    ],
    colUpper: colNames.map(() => Number.POSITIVE_INFINITY),
    colCost: [...Array.from({ length: n }, () => 0), 1],
    colInteger: colNames.map(() => false),
    rowNames,
    rowLower,
    rowUpper,
    rowStart,
    rowIndex,
    rowValue,
  };
  const r = await solve(p);
  if (r.status !== 'optimal' || r.objective === null || !r.duals)
    throw new XinzhiError('SOLVER_FAILURE', `nucleolus LP ended ${r.status}: ${r.message}`);
  const first = 1 + fixed.length;
  const duals = r.constraints.slice(first).map((c) => c.dual ?? 0);
  return { t: r.objective, x: Float64Array.from(r.values.slice(0, n)), duals };
}

const scaleOf = (v: Float64Array): number => {
  let s = 0;
  for (const x of v) s = Math.max(s, Math.abs(x));
  return s > 0 ? s : 1;
};

/** Proper non-empty coalitions, as masks. */
const proper = (n: number): Int32Array => Int32Array.from({ length: (1 << n) - 2 }, (_, k) => k + 1);

/** The nucleolus (profit form); the pre-nucleolus when the imputation set is empty. */
export async function nucleolus(g: Game, solve: LpSolve): Promise<Nucleolus> {
  const n = g.players.length;
  assertLpSize(n);
  const full = (1 << n) - 1;
  if (n === 1) return { x: Float64Array.of(g.v[1] ?? 0), levels: [], prenucleolus: false };
  const scale = scaleOf(g.v);
  const u = g.v.map((x) => x / scale);
  let singles = 0;
  for (let i = 0; i < n; i++) singles += u[1 << i] ?? 0;
  const individual = singles <= (u[full] ?? 0) + 1e-12;
  const span = new Span(n);
  span.add(full);
  const fixed: { mask: number; level: number }[] = [];
  let free = proper(n);
  const levels: number[] = [];
  let x: Float64Array = new Float64Array(n);
  while (free.length > 0) {
    const r = await round(n, u, fixed, free, individual, solve);
    levels.push(r.t * scale);
    x = r.x;
    let best = 0;
    for (let k = 1; k < r.duals.length; k++)
      if (Math.abs(r.duals[k] ?? 0) > Math.abs(r.duals[best] ?? 0)) best = k;
    let added = 0;
    for (let k = 0; k < free.length; k++) {
      const d = Math.abs(r.duals[k] ?? 0);
      // Tight in every optimum; the largest dual is fixed even if all are tiny, so each round progresses.
      if (d > DUAL_TOL || k === best) {
        const m = free[k] ?? 0;
        if (span.add(m)) {
          fixed.push({ mask: m, level: r.t });
          added++;
        }
      }
    }
    if (added === 0)
      throw new XinzhiError('SOLVER_FAILURE', 'nucleolus made no progress (numerical trouble)');
    free = free.filter((m) => !span.contains(m));
  }
  return { x: x.map((xi) => xi * scale), levels, prenucleolus: !individual };
}

/** The least core: min ε with x(S) ≥ v(S) − ε for every proper S and x(N) = v(N). */
export async function leastCore(g: Game, solve: LpSolve): Promise<LeastCore> {
  const n = g.players.length;
  assertLpSize(n);
  // One player: no proper coalition, the core is {v(N)}; ε = 0 by convention.
  if (n === 1) return { epsilon: 0, x: Float64Array.of(g.v[1] ?? 0) };
  const scale = scaleOf(g.v);
  const u = g.v.map((x) => x / scale);
  const r = await round(n, u, [], proper(n), false, solve);
  return { epsilon: -r.t * scale + 0, x: r.x.map((xi) => xi * scale) };
}
