/**
 * The plain, serialisable form of a linear or mixed-integer program: what the readers produce, the
 * writers consume, the solver loads and worker threads pass by structured clone. Rows are stored
 * as a compressed sparse row matrix because that is what HiGHS takes without a copy per row.
 *
 *   minimise/maximise  cost·x + offset
 *   subject to         rowLower ≤ A x ≤ rowUpper
 *                      colLower ≤ x ≤ colUpper,  x_j integer where `colInteger[j]`
 *
 * Infinite bounds are `±Infinity`.
 */
export type ObjectiveSense = 'minimize' | 'maximize';

export interface LinearProgram {
  readonly name: string;
  readonly sense: ObjectiveSense;
  /** Constant added to the objective (MPS: minus the RHS given on the objective row). */
  readonly offset: number;
  readonly objectiveName: string;
  readonly colNames: readonly string[];
  readonly colLower: readonly number[];
  readonly colUpper: readonly number[];
  readonly colCost: readonly number[];
  readonly colInteger: readonly boolean[];
  readonly rowNames: readonly string[];
  readonly rowLower: readonly number[];
  readonly rowUpper: readonly number[];
  /** CSR matrix: row i's entries are `rowIndex/rowValue[rowStart[i] .. rowStart[i+1])`. */
  readonly rowStart: readonly number[];
  readonly rowIndex: readonly number[];
  readonly rowValue: readonly number[];
}

export const numCols = (p: LinearProgram): number => p.colNames.length;
export const numRows = (p: LinearProgram): number => p.rowNames.length;
export const isMip = (p: LinearProgram): boolean => p.colInteger.some((b) => b);

/** Number of stored nonzeros of the constraint matrix. */
export const numNonzeros = (p: LinearProgram): number => p.rowIndex.length;

/** The same program with every integer variable relaxed to continuous. */
export function relax(p: LinearProgram): LinearProgram {
  return { ...p, colInteger: p.colInteger.map(() => false) };
}
