/**
 * The routing engine's data model. Node 0 is the depot, nodes 1..n are customers. One matrix holds
 * both travel cost and travel time (as in CVRPLIB and Solomon); service starts within [ready, due].
 */
export interface RoutingInstance {
  readonly name: string;
  /** Nodes including the depot (customers = size − 1). */
  readonly size: number;
  /** size × size row-major travel cost = travel time. */
  readonly dist: Float64Array;
  readonly demand: Float64Array;
  readonly capacity: number;
  readonly service: Float64Array;
  /** Earliest start of service per node (depot: earliest departure). */
  readonly ready: Float64Array;
  /** Latest start of service per node (depot: latest return). */
  readonly due: Float64Array;
  /** True when some window is finite; false means plain CVRP timing. */
  readonly hasTimeWindows: boolean;
  /** Maximum route duration (travel + service + waiting); Infinity when unlimited. */
  readonly maxDuration: number;
  /** At most this many routes; Infinity when the fleet is unlimited. */
  readonly maxVehicles: number;
  /** Optional planar coordinates (x, y interleaved) used for polar sectors; lat/lon works too. */
  readonly coords?: Float64Array;
  /** The id of each node as numbered in the source (file node id, order id…). */
  readonly labels: readonly number[];
}

/** A solution as routes of customer indices (1..size−1) in visit order, depot implied at both ends. */
export interface RoutingSolution {
  readonly routes: readonly (readonly number[])[];
  /** Total travel cost (sum of route distances). */
  readonly cost: number;
  /** Feasible for capacity, windows, duration and fleet size, as judged by the solver itself. */
  readonly feasible: boolean;
}

export interface SolveStats {
  readonly iterations: number;
  readonly restarts: number;
  readonly timeS: number;
  /** Seconds after the start when the best solution was found. */
  readonly bestFoundS: number;
}

export interface SolveResult extends RoutingSolution {
  readonly stats: SolveStats;
}
