/** What a solve returns: plain data, safe to send across a worker boundary or as JSON. */
/** Every status a solve can end in; also the enum of the API's result schemas. */
export const SOLVE_STATUSES = [
  'optimal',
  'infeasible',
  'unbounded',
  'infeasible_or_unbounded',
  'time_limit',
  'iteration_limit',
  'solution_limit',
  'interrupted',
  'objective_bound',
  'objective_target',
  'unknown',
  'error',
] as const;
export type SolveStatus = (typeof SOLVE_STATUSES)[number];

export interface ConstraintResult {
  readonly name: string;
  /** Value of the row's expression at the solution. */
  readonly activity: number;
  readonly lower: number;
  readonly upper: number;
  /** Distance to the nearest finite bound (0 for an equality that holds). */
  readonly slack: number;
  /**
   * Shadow price: change of the objective per unit increase of the row's bound (LP, or a MIP with
   * integers fixed); null when unavailable.
   */
  readonly dual: number | null;
  /** The row holds with equality at one of its bounds. */
  readonly binding: boolean;
  /** With ranging: the interval of the active bound over which `dual` stays valid. */
  readonly range?: { readonly from: number; readonly to: number };
}

export interface ConflictItem {
  readonly name: string;
  /** Which side takes part in the conflict. */
  readonly side: 'lower' | 'upper' | 'both' | 'free';
  readonly lower: number;
  readonly upper: number;
}

export interface Conflict {
  /** Constraints of an infeasible subset (HiGHS IIS), empty when none was found. */
  readonly constraints: readonly ConflictItem[];
  readonly bounds: readonly ConflictItem[];
  /** A sentence a plant manager can read. */
  readonly explanation: string;
}

export interface SolveResult {
  readonly status: SolveStatus;
  /** One or two sentences saying what happened. */
  readonly message: string;
  readonly isMip: boolean;
  /** A primal solution is available (optimal, or feasible at a limit). */
  readonly hasSolution: boolean;
  /** Objective including the constant offset; null without a solution. */
  readonly objective: number | null;
  readonly offset: number;
  /** Variable name → value. */
  readonly variables: Readonly<Record<string, number>>;
  /** Values by column index (same order as the program). */
  readonly values: readonly number[];
  /** Constraint name → shadow price; null for a MIP without `mipDuals`, or without a solution. */
  readonly duals: Readonly<Record<string, number>> | null;
  /** Variable name → reduced cost; null when duals are null. */
  readonly reducedCosts: Readonly<Record<string, number>> | null;
  /** Where the duals come from. */
  readonly dualsFrom: 'lp' | 'fixed-integers' | null;
  readonly constraints: readonly ConstraintResult[];
  /** Names of constraints that hold with equality at a bound. */
  readonly binding: readonly string[];
  readonly mip?: { readonly gap: number; readonly bestBound: number; readonly nodes: number };
  readonly conflict?: Conflict;
  /** For an unbounded LP: the direction (variable → component) along which the objective improves forever. */
  readonly unboundedRay?: Readonly<Record<string, number>>;
  readonly iterations: number;
  readonly timeSeconds: number;
}
