import { XinzhiError } from '../../core/index.js';
import { expr, LinExpr, type Term, type Var } from './expr.js';
import type { LinearProgram, ObjectiveSense } from './program.js';

export type Relation = '<=' | '>=' | '=';

export interface VarOptions {
  /** Lower bound; default 0 (as in LP and MPS files). Use `-Infinity` for a free variable. */
  readonly lower?: number;
  /** Upper bound; default `Infinity` (1 for binaries). */
  readonly upper?: number;
  readonly integer?: boolean;
  /** Integer in [0, 1]. */
  readonly binary?: boolean;
  /** Objective coefficient; an objective set later with `minimize`/`maximize` replaces it. */
  readonly cost?: number;
}

/** A constraint handle: its row index and name in the built program. */
export interface ConstraintRef {
  readonly index: number;
  readonly name: string;
}

const finiteOrInf = (v: number, what: string, name: string): number => {
  if (Number.isNaN(v)) throw new XinzhiError('BAD_INPUT', `${what} of '${name}' is NaN`, { field: name });
  return v;
};

/**
 * Typed algebraic modelling: variables with bounds and integrality, linear expressions, named
 * constraints and an objective, built into a {@link LinearProgram} for the solver or the writers.
 *
 * @example
 *   const m = new ModelBuilder('seed');
 *   const [x1, x2, x3] = ['x1', 'x2', 'x3'].map((n) => m.addVar(n));
 *   m.addConstraint('c1', expr(x1, x2, x3), '>=', 4);
 *   m.minimize(linear([[2, x1], [3, x2], [4, x3]]));
 *   const program = m.build();
 */
export class ModelBuilder {
  private sense: ObjectiveSense = 'minimize';
  private offset = 0;
  private readonly colNames: string[] = [];
  private readonly colLower: number[] = [];
  private readonly colUpper: number[] = [];
  private readonly colCost: number[] = [];
  private readonly colInteger: boolean[] = [];
  private readonly rowNames: string[] = [];
  private readonly rowLower: number[] = [];
  private readonly rowUpper: number[] = [];
  private readonly rowStart: number[] = [0];
  private readonly rowIndex: number[] = [];
  private readonly rowValue: number[] = [];
  private readonly colByName = new Map<string, number>();
  private readonly rowByName = new Set<string>();

  constructor(
    readonly name = 'model',
    private readonly objectiveName = 'obj',
  ) {}

  get numVars(): number {
    return this.colNames.length;
  }

  get numConstraints(): number {
    return this.rowNames.length;
  }

  /** Adds a variable; names must be unique (an empty name becomes `x<index>`). */
  addVar(name: string, options: VarOptions = {}): Var {
    const index = this.colNames.length;
    const n = name || `x${index}`;
    if (this.colByName.has(n))
      throw new XinzhiError('BAD_INPUT', `duplicate variable name '${n}'`, { field: n });
    const binary = options.binary === true;
    const lower = finiteOrInf(options.lower ?? 0, 'lower bound', n);
    const upper = finiteOrInf(options.upper ?? (binary ? 1 : Number.POSITIVE_INFINITY), 'upper bound', n);
    this.colByName.set(n, index);
    this.colNames.push(n);
    this.colLower.push(binary ? Math.max(0, lower) : lower);
    this.colUpper.push(binary ? Math.min(1, upper) : upper);
    this.colCost.push(finiteOrInf(options.cost ?? 0, 'cost', n));
    this.colInteger.push(binary || options.integer === true);
    return { index, name: n };
  }

  /** The variable called `name`, if any. */
  getVar(name: string): Var | undefined {
    const index = this.colByName.get(name);
    return index === undefined ? undefined : { index, name };
  }

  /** Adds `lhs rel rhs`; constants on either side move to the bound. */
  addConstraint(name: string, lhs: Term, rel: Relation, rhs: Term = 0): ConstraintRef {
    // A plain LinExpr with a numeric right-hand side is used as is (no copy): the common case.
    const e = lhs instanceof LinExpr && typeof rhs === 'number' ? lhs : expr(lhs).sub(rhs);
    const bound = (typeof rhs === 'number' && e === lhs ? rhs : 0) - e.constant;
    const lower = rel === '<=' ? Number.NEGATIVE_INFINITY : bound;
    const upper = rel === '>=' ? Number.POSITIVE_INFINITY : bound;
    return this.pushRow(name, e, lower, upper);
  }

  /** Adds `lower ≤ e ≤ upper` (a ranged row); constants in `e` shift both bounds. */
  addRange(name: string, lower: number, e: Term, upper: number): ConstraintRef {
    const x = expr(e);
    return this.pushRow(name, x, lower - x.constant, upper - x.constant);
  }

  minimize(objective: Term): this {
    return this.setObjective('minimize', objective);
  }

  maximize(objective: Term): this {
    return this.setObjective('maximize', objective);
  }

  /** Replaces the objective; the expression's constant becomes the objective offset. */
  setObjective(sense: ObjectiveSense, objective: Term): this {
    const e = expr(objective);
    this.sense = sense;
    this.colCost.fill(0);
    for (const [i, a] of e.coeffs)
      this.colCost[i] = finiteOrInf(a, 'objective coefficient', this.colNames[i] ?? `#${i}`);
    this.offset = e.constant;
    return this;
  }

  /** A snapshot of the model as a plain program (arrays are copied). */
  build(): LinearProgram {
    return {
      name: this.name,
      sense: this.sense,
      offset: this.offset,
      objectiveName: this.objectiveName,
      colNames: [...this.colNames],
      colLower: [...this.colLower],
      colUpper: [...this.colUpper],
      colCost: [...this.colCost],
      colInteger: [...this.colInteger],
      rowNames: [...this.rowNames],
      rowLower: [...this.rowLower],
      rowUpper: [...this.rowUpper],
      rowStart: [...this.rowStart],
      rowIndex: [...this.rowIndex],
      rowValue: [...this.rowValue],
    };
  }

  private pushRow(name: string, e: LinExpr, lower: number, upper: number): ConstraintRef {
    const index = this.rowNames.length;
    const n = name || `c${index}`;
    if (this.rowByName.has(n))
      throw new XinzhiError('BAD_INPUT', `duplicate constraint name '${n}'`, { field: n });
    if (Number.isNaN(lower) || Number.isNaN(upper))
      throw new XinzhiError('BAD_INPUT', `bound of constraint '${n}' is NaN`, { field: n });
    this.rowByName.add(n);
    for (const [i, a] of e.coeffs) {
      if (i < 0 || i >= this.colNames.length)
        throw new XinzhiError('BAD_INPUT', `constraint '${n}' uses a variable of another model`, {
          field: n,
        });
      if (Number.isNaN(a))
        throw new XinzhiError('BAD_INPUT', `coefficient of '${this.colNames[i] ?? i}' in '${n}' is NaN`, {
          field: n,
        });
      if (a === 0) continue;
      this.rowIndex.push(i);
      this.rowValue.push(a);
    }
    this.rowNames.push(n);
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
    this.rowStart.push(this.rowIndex.length);
    return { index, name: n };
  }
}
