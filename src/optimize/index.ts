/** The optimize engine: LP/MILP modelling over HiGHS, and queueing and staffing. */
export * from './model/index.js';
export { DEFAULT_SOLVE_OPTIONS, type SolveOptions } from './options.js';
export * from './queueing/index.js';
