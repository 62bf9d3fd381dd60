/** How agriculture reaches a solver: `solver.solve` in a CLI, `solveInWorker` in a server. */
import type { LinearProgram, SolveOptions, SolveResult } from '../../optimize/index.js';

export type SolveFn = (program: LinearProgram, options: SolveOptions) => SolveResult | Promise<SolveResult>;
