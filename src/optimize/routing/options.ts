/**
 * Options of the hybrid genetic search, with defaults. The population parameters are those
 * published for HGS-CVRP (Vidal 2022, Table 2): μ = 25, λ = 40, 4 elite, 5 close, Γ = 20,
 * 20 000 iterations without improvement before a restart, 20 % feasible target.
 */
export interface HgsOptions {
  /** Wall-clock limit in seconds (default 10). The best solution so far is returned at the limit. */
  readonly timeLimitS: number;
  /** Stop after this many genetic iterations (default unlimited); with a seed, fully reproducible. */
  readonly maxIterations: number;
  /** Seed of the random generator (default 1). */
  readonly seed: number;
  /** Granular neighbourhood size Γ: each customer is tried next to its Γ closest (default 20). */
  readonly granularity: number;
  /** Minimum subpopulation size μ (default 25). */
  readonly mu: number;
  /** Generation size λ (default 40). */
  readonly lambda: number;
  /** Elite individuals protected by the biased fitness (default 4). */
  readonly nbElite: number;
  /** Neighbours used to measure diversity (default 5). */
  readonly nbClose: number;
  /** Restart the population after this many iterations without improvement (default 20 000). */
  readonly itNoImprovement: number;
  /** Target fraction of feasible offspring for the adaptive penalties (default 0.2). */
  readonly targetFeasible: number;
  /** Try SWAP* between routes with overlapping polar sectors (default true). */
  readonly swapStar: boolean;
  /** Called with each new best feasible solution (cost, seconds since start). */
  readonly onImprovement?: (cost: number, elapsedS: number) => void;
}

export const HGS_DEFAULTS: HgsOptions = {
  timeLimitS: 10,
  maxIterations: Number.POSITIVE_INFINITY,
  seed: 1,
  granularity: 20,
  mu: 25,
  lambda: 40,
  nbElite: 4,
  nbClose: 5,
  itNoImprovement: 20_000,
  targetFeasible: 0.2,
  swapStar: true,
};
