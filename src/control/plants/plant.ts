/**
 * The simulation contract every plant (process model) implements. States are deviation or absolute
 * variables as the model documents; `u` given to `derivative` is the plant input *after* the dead
 * time, with any load disturbance already added (loads enter at the plant input, undelayed).
 */
export interface PlantModel {
  /** Human description, e.g. `2·e^(−1s)/(10s+1)`. */
  readonly label: string;
  /** Number of states. */
  readonly order: number;
  /** Dead time on the manipulated input, seconds (≥ 0). */
  readonly deadTime: number;
  /** Fastest time constant of the dynamics, seconds: the step size is chosen from it. */
  readonly fastestTime: number;
  /** dx/dt for state `x` and (delayed) input `u`, written to `out`. */
  derivative(x: Float64Array, u: number, out: Float64Array): void;
  /** Measured output (PV) for state `x`. */
  output(x: Float64Array): number;
  /** Initial state, at rest for constant input `u0` where a steady state exists. */
  initialState(u0: number): Float64Array;
  /** Projects the state back into its physical range after a step (e.g. a tank cannot go below empty). */
  constrain?(x: Float64Array): void;
}
