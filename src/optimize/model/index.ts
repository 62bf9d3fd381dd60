export { expr, LinExpr, linear, type Term, type Var } from './expr.js';
export { lpNameProblem } from './lp-format.js';
export { readLp } from './lp-reader.js';
export { writeLp } from './lp-writer.js';
export { type ConstraintRef, ModelBuilder, type Relation, type VarOptions } from './model-builder.js';
export { type MpsReadOptions, readMps } from './mps-reader.js';
export { type MpsWriteOptions, writeMps } from './mps-writer.js';
export {
  isMip,
  type LinearProgram,
  numCols,
  numNonzeros,
  numRows,
  type ObjectiveSense,
  relax,
} from './program.js';
export { readModel } from './read-model.js';
export { SolverWorker, solveInWorker } from './solve-in-worker.js';
export {
  type Conflict,
  type ConflictItem,
  type ConstraintResult,
  SOLVE_STATUSES,
  type SolveResult,
  type SolveStatus,
} from './solve-result.js';
export { fixIntegers, Solver } from './solver.js';
