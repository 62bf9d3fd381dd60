/**
 * Options of the optimize engine, each with its default. CLI flags (`--time-limit`, `--mip-gap`)
 * and the HTTP layer derive from these.
 */
export interface SolveOptions {
  /** Wall-clock limit in seconds for one solve. Default: no limit (`Infinity`). */
  readonly timeLimit?: number;
  /** Relative MIP gap at which branch-and-bound stops. Default 1e-4 (HiGHS's own default). */
  readonly mipGap?: number;
  /** Compute an irreducible infeasible subset when a model is infeasible. Default true. */
  readonly explainInfeasibility?: boolean;
  /**
   * For a MIP, fix the integer variables at their solution and re-solve the LP to obtain duals
   * (shadow prices valid for that fixed configuration). Default false.
   */
  readonly mipDuals?: boolean;
  /** Compute right-hand-side ranging (how far a bound can move with the same dual). Default false. */
  readonly ranging?: boolean;
  /** Absolute tolerance (scaled by max(1, |bound|)) under which a constraint counts as binding. Default 1e-7. */
  readonly bindingTolerance?: number;
}

export const DEFAULT_SOLVE_OPTIONS = {
  timeLimit: Number.POSITIVE_INFINITY,
  mipGap: 1e-4,
  explainInfeasibility: true,
  mipDuals: false,
  ranging: false,
  bindingTolerance: 1e-7,
} as const satisfies Required<SolveOptions>;
