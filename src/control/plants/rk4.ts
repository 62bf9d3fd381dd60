/**
 * Classic fixed-step fourth-order Runge–Kutta. `f(stage, x, out)` gets the stage's position in the
 * step (0, ½ or 1) so callers can feed inputs known on the step grid (delayed inputs, held outputs).
 * Written by hand: it is 20 lines, and it must call back per stage with that position, which general
 * ODE packages do not offer.
 */
export type Rhs = (stage: 0 | 0.5 | 1, x: Float64Array, out: Float64Array) => void;

export class Rk4 {
  readonly #k1: Float64Array;
  readonly #k2: Float64Array;
  readonly #k3: Float64Array;
  readonly #k4: Float64Array;
  readonly #tmp: Float64Array;

  constructor(readonly size: number) {
    this.#k1 = new Float64Array(size);
    this.#k2 = new Float64Array(size);
    this.#k3 = new Float64Array(size);
    this.#k4 = new Float64Array(size);
    this.#tmp = new Float64Array(size);
  }

  /** Advances `x` in place by `h`. */
  step(f: Rhs, x: Float64Array, h: number): void {
    const n = this.size;
    const k1 = this.#k1;
    const k2 = this.#k2;
    const k3 = this.#k3;
    const k4 = this.#k4;
    const t = this.#tmp;
    f(0, x, k1);
    for (let i = 0; i < n; i++) t[i] = x[i]! + 0.5 * h * k1[i]!;
    f(0.5, t, k2);
    for (let i = 0; i < n; i++) t[i] = x[i]! + 0.5 * h * k2[i]!;
    f(0.5, t, k3);
    for (let i = 0; i < n; i++) t[i] = x[i]! + h * k3[i]!;
    f(1, t, k4);
    for (let i = 0; i < n; i++) x[i] = x[i]! + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
  }
}
