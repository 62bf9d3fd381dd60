/** The optimize engine: LP/MILP modelling over HiGHS, queueing and staffing; games, routing and slotting by namespace. */

export * as games from './games/index.js';
export * from './model/index.js';
export { DEFAULT_SOLVE_OPTIONS, type SolveOptions } from './options.js';
export * from './queueing/index.js';
export * as routing from './routing/index.js';
export * as slotting from './slotting/index.js';
