/** A decision variable of a {@link ModelBuilder}: an index into the program's columns and its name. */
export interface Var {
  readonly index: number;
  readonly name: string;
}

/** Anything that can appear in a linear expression. */
export type Term = Var | LinExpr | number;

/**
 * A linear expression Σ aⱼ·xⱼ + constant. Coefficients of a repeated variable are summed, so
 * `expr().add(x).add(x, 2)` is `3·x`. Mutating methods return `this` for chaining.
 *
 * @example
 *   const cost = expr().add(x1, 2).add(x2, 3).add(x3, 4);
 */
export class LinExpr {
  readonly coeffs = new Map<number, number>();
  constant = 0;

  /** Adds `coef × term` (a variable, another expression or a constant). */
  add(term: Term, coef = 1): this {
    if (typeof term === 'number') {
      this.constant += coef * term;
    } else if (term instanceof LinExpr) {
      for (const [i, a] of term.coeffs) this.addIndex(i, a * coef);
      this.constant += coef * term.constant;
    } else {
      this.addIndex(term.index, coef);
    }
    return this;
  }

  /** Subtracts `coef × term`. */
  sub(term: Term, coef = 1): this {
    return this.add(term, -coef);
  }

  /** Multiplies every coefficient and the constant by `k`. */
  scale(k: number): this {
    for (const [i, a] of this.coeffs) this.coeffs.set(i, a * k);
    this.constant *= k;
    return this;
  }

  private addIndex(i: number, a: number): void {
    this.coeffs.set(i, (this.coeffs.get(i) ?? 0) + a);
  }
}

/** A new expression, optionally the sum of `terms`. */
export function expr(...terms: readonly Term[]): LinExpr {
  const e = new LinExpr();
  for (const t of terms) e.add(t);
  return e;
}

/** Σ coefᵢ·termᵢ from `[coef, term]` pairs. */
export function linear(pairs: readonly (readonly [number, Term])[]): LinExpr {
  const e = new LinExpr();
  for (const [c, t] of pairs) e.add(t, c);
  return e;
}
