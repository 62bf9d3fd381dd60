/** Routing engine: CVRP / VRPTW by hybrid genetic search, formats, and an independent checker. */

export { checkSolution, type SolutionCheck } from './check-solution.js';
export { createInstance, type InstanceInput } from './create-instance.js';
export { euclideanMatrix, haversineMatrix, type Rounding } from './distances.js';
export { routeSlots, solveHgs } from './hgs.js';
export { HGS_DEFAULTS, type HgsOptions } from './options.js';
export { parseSol, type SolFile, writeSol } from './sol-format.js';
export { parseSolomon } from './solomon-reader.js';
export { solveInWorker, type WorkerOptions } from './solve-in-worker.js';
export type { RoutingInstance, RoutingSolution, SolveResult, SolveStats } from './types.js';
export { explicitMatrix, parseVrp, type VrpFile, type VrpReadOptions } from './vrp-reader.js';
