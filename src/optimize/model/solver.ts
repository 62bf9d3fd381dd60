import type { Highs, Model, ModelData } from 'highs';
import { XinzhiError } from '../../core/index.js';
import { DEFAULT_SOLVE_OPTIONS, type SolveOptions } from '../options.js';
import { conflictExplanation, statusMessage } from './explain.js';
import { highsRuntime } from './highs-runtime.js';
import { isMip, type LinearProgram } from './program.js';
import type { Conflict, ConflictItem, ConstraintResult, SolveResult, SolveStatus } from './solve-result.js';

const STATUS: Record<number, SolveStatus> = {
  6: 'optimal',
  7: 'optimal',
  8: 'infeasible',
  9: 'infeasible_or_unbounded',
  10: 'unbounded',
  11: 'objective_bound',
  12: 'objective_target',
  13: 'time_limit',
  14: 'iteration_limit',
  15: 'unknown',
  16: 'solution_limit',
  17: 'interrupted',
};

/**
 * Solves linear and mixed-integer programs with HiGHS. Load once (`await Solver.load()`), then
 * `solve` synchronously as often as needed; every solve creates one native model and disposes it.
 * `solve` blocks the calling thread: a server calls `solveInWorker` instead.
 *
 * @example
 *   const solver = await Solver.load();
 *   const result = solver.solve(readMpsOrThrow(text), { timeLimit: 60 });
 */
export class Solver {
  constructor(private readonly highs: Highs) {}

  /** A solver on the process's shared HiGHS runtime. */
  static async load(): Promise<Solver> {
    return new Solver(await highsRuntime());
  }

  /** Loads `p` into HiGHS's structured form: numbers go in as doubles, so nothing is lost to text. */
  toModelData(p: LinearProgram): ModelData {
    const n = p.colNames.length;
    const m = p.rowNames.length;
    const mip = isMip(p);
    const sense = this.highs.constants.objectiveSense;
    return {
      numCols: n,
      numRows: m,
      sense: p.sense === 'maximize' ? sense.maximize : sense.minimize,
      offset: p.offset,
      colCost: p.colCost,
      colLower: p.colLower,
      colUpper: p.colUpper,
      rowLower: p.rowLower,
      rowUpper: p.rowUpper,
      matrix: {
        numRows: m,
        numCols: n,
        format: 'csr',
        starts: p.rowStart,
        indices: p.rowIndex,
        values: p.rowValue,
      },
      ...(mip ? { integrality: Int32Array.from(p.colInteger, (b) => (b ? 1 : 0)) } : {}),
    };
  }

  solve(p: LinearProgram, options: SolveOptions = {}): SolveResult {
    const o = { ...DEFAULT_SOLVE_OPTIONS, ...options };
    const started = performance.now();
    let model: Model;
    try {
      model = this.highs.createModel(this.toModelData(p));
    } catch (e) {
      throw new XinzhiError('SOLVER_FAILURE', `HiGHS rejected the model: ${(e as Error).message}`, {
        cause: e,
      });
    }
    try {
      model.options.set({ output_flag: false, mip_rel_gap: o.mipGap });
      if (Number.isFinite(o.timeLimit)) model.options.set('time_limit', o.timeLimit);
      let code: number = model.run().modelStatus;
      if (code === 9) {
        // Presolve can only say "infeasible or unbounded"; without it the simplex tells which.
        model.options.set('presolve', 'off');
        model.clearSolver();
        code = model.run().modelStatus;
      }
      const status: SolveStatus = STATUS[code] ?? 'error';
      return this.extract(model, p, status, o, started);
    } finally {
      model.dispose();
    }
  }

  private extract(
    model: Model,
    p: LinearProgram,
    status: SolveStatus,
    o: Required<SolveOptions>,
    started: number,
  ): SolveResult {
    const mip = isMip(p);
    const info = (k: string): number => {
      try {
        return Number(model.info.get(k));
      } catch {
        return Number.NaN;
      }
    };
    const hasSolution =
      info('primal_solution_status') === 2 || (status === 'optimal' && p.colNames.length === 0);
    const sol = model.getSolution();
    const values = hasSolution ? Array.from(sol.colValue) : p.colNames.map(() => 0);
    const activities = hasSolution ? Array.from(sol.rowValue) : p.rowNames.map(() => 0);
    let rowDual: number[] | null = null;
    let colDual: number[] | null = null;
    let dualsFrom: SolveResult['dualsFrom'] = null;
    let ranges: { from: number; to: number }[] | undefined;
    if (hasSolution && !mip && info('dual_solution_status') === 2) {
      rowDual = Array.from(sol.rowDual, (v) => v + 0);
      colDual = Array.from(sol.colDual, (v) => v + 0);
      dualsFrom = 'lp';
      if (o.ranging && status === 'optimal') ranges = rowRanges(model, p);
    }
    if (hasSolution && mip && o.mipDuals) {
      const fixed = fixIntegers(p, values);
      const r = this.solve(fixed, { ...o, mipDuals: false, explainInfeasibility: false });
      if (r.duals && r.reducedCosts) {
        rowDual = p.rowNames.map((n) => r.duals?.[n] ?? 0);
        colDual = p.colNames.map((n) => r.reducedCosts?.[n] ?? 0);
        dualsFrom = 'fixed-integers';
        ranges = r.constraints.some((c) => c.range)
          ? r.constraints.map((c) => c.range ?? { from: Number.NaN, to: Number.NaN })
          : undefined;
      }
    }
    const constraints: ConstraintResult[] = [];
    const binding: string[] = [];
    for (let i = 0; i < p.rowNames.length; i++) {
      const a = activities[i] ?? 0;
      const lo = p.rowLower[i] ?? 0;
      const hi = p.rowUpper[i] ?? 0;
      const slack = Math.min(hi - a, a - lo);
      const tol = (b: number): number => o.bindingTolerance * Math.max(1, Math.abs(b));
      const isBinding =
        hasSolution &&
        ((Number.isFinite(hi) && Math.abs(hi - a) <= tol(hi)) ||
          (Number.isFinite(lo) && Math.abs(a - lo) <= tol(lo)));
      const name = p.rowNames[i] ?? '';
      if (isBinding) binding.push(name);
      const range = ranges?.[i];
      constraints.push({
        name,
        activity: a,
        lower: lo,
        upper: hi,
        slack: Number.isFinite(slack) ? Math.max(0, slack) : slack,
        dual: rowDual ? (rowDual[i] ?? 0) : null,
        binding: isBinding,
        ...(range && !Number.isNaN(range.from) ? { range } : {}),
      });
    }
    const byName = (names: readonly string[], v: readonly number[]): Record<string, number> => {
      const r: Record<string, number> = {};
      for (let k = 0; k < names.length; k++) r[names[k] ?? ''] = v[k] ?? 0;
      return r;
    };
    // An unbounded model may come with a feasible point, but its objective value means nothing.
    const objective = hasSolution && status !== 'unbounded' ? model.getObjectiveValue() : null;
    let conflict: Conflict | undefined;
    if (status === 'infeasible' && o.explainInfeasibility) conflict = findConflict(model, p, mip);
    let unboundedRay: Record<string, number> | undefined;
    if (status === 'unbounded' && !mip) {
      try {
        const ray = model.getPrimalRay();
        if (ray) {
          unboundedRay = {};
          ray.values.forEach((v, j) => {
            if (Math.abs(v) > 1e-9 && unboundedRay) unboundedRay[p.colNames[j] ?? ''] = v;
          });
        }
      } catch {
        // A ray is a courtesy; the status alone is the answer.
      }
    }
    const mipInfo = mip
      ? { gap: info('mip_gap'), bestBound: info('mip_dual_bound'), nodes: info('mip_node_count') }
      : undefined;
    const result: SolveResult = {
      status,
      message: '',
      isMip: mip,
      hasSolution,
      objective,
      offset: p.offset,
      variables: byName(p.colNames, values),
      values,
      duals: rowDual ? byName(p.rowNames, rowDual) : null,
      reducedCosts: colDual ? byName(p.colNames, colDual) : null,
      dualsFrom,
      constraints,
      binding,
      ...(mipInfo ? { mip: mipInfo } : {}),
      ...(conflict ? { conflict } : {}),
      ...(unboundedRay ? { unboundedRay } : {}),
      iterations: Math.max(0, info('simplex_iteration_count') || 0),
      timeSeconds: (performance.now() - started) / 1000,
    };
    return { ...result, message: statusMessage(result) };
  }
}

/** The LP left when every integer variable is fixed at its (rounded) solution value. */
export function fixIntegers(p: LinearProgram, values: readonly number[]): LinearProgram {
  const colLower = [...p.colLower];
  const colUpper = [...p.colUpper];
  p.colInteger.forEach((isInt, j) => {
    if (!isInt) return;
    const v = Math.round(values[j] ?? 0);
    colLower[j] = v;
    colUpper[j] = v;
  });
  return { ...p, colLower, colUpper, colInteger: p.colInteger.map(() => false) };
}

function rowRanges(model: Model, p: LinearProgram): { from: number; to: number }[] | undefined {
  try {
    const r = model.getRanging();
    return p.rowNames.map((_, i) => ({
      from: r.rowBoundDown.value[i] ?? Number.NaN,
      to: r.rowBoundUp.value[i] ?? Number.NaN,
    }));
  } catch {
    return undefined;
  }
}

const SIDE: Record<number, ConflictItem['side']> = { 1: 'free', 2: 'lower', 3: 'upper', 4: 'both' };

function findConflict(model: Model, p: LinearProgram, mip: boolean): Conflict {
  let constraints: ConflictItem[] = [];
  let bounds: ConflictItem[] = [];
  try {
    model.options.set('iis_strategy', 6);
    const iis = model.getIis();
    constraints = Array.from(iis.rowIndex, (i, k) => ({
      name: p.rowNames[i] ?? '',
      side: SIDE[iis.rowBound[k] ?? 4] ?? 'both',
      lower: p.rowLower[i] ?? 0,
      upper: p.rowUpper[i] ?? 0,
    }));
    bounds = Array.from(iis.colIndex, (j, k) => ({
      name: p.colNames[j] ?? '',
      side: SIDE[iis.colBound[k] ?? 4] ?? 'both',
      lower: p.colLower[j] ?? 0,
      upper: p.colUpper[j] ?? 0,
    }));
  } catch {
    // No IIS: the explanation says so.
  }
  return { constraints, bounds, explanation: conflictExplanation(constraints, bounds, mip) };
}
