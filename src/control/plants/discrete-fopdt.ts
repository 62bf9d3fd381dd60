/**
 * Exact zero-order-hold discretisation of K·e^(−θs)/(τs+1) at sample time Ts, including a dead time
 * that is not a whole number of samples (θ = d·Ts + φ, 0 ≤ φ < Ts: the modified z-transform):
 *
 *   y[k+1] = a·y[k] + K·(1 − e^(−(Ts−φ)/τ))·u[k−d] + K·(e^(−(Ts−φ)/τ) − a)·u[k−d−1],   a = e^(−Ts/τ)
 *
 * With φ = 0 this is y[k+1] = a·y[k] + K(1 − a)·u[k−d]. Inputs before k = 0 are `u0` (default 0).
 */
import { XinzhiError } from '../../core/index.js';

export class DiscreteFopdt {
  readonly a: number;
  readonly b1: number;
  readonly b2: number;
  readonly delaySamples: number;
  #y: number;
  readonly #hist: number[];

  constructor(
    readonly gain: number,
    readonly tau: number,
    readonly deadTime: number,
    readonly sampleTime: number,
    init: { y0?: number; u0?: number } = {},
  ) {
    if (!(tau > 0)) throw new XinzhiError('BAD_INPUT', 'tau must be > 0', { field: 'tau' });
    if (!(deadTime >= 0)) throw new XinzhiError('BAD_INPUT', 'deadTime must be ≥ 0', { field: 'deadTime' });
    if (!(sampleTime > 0))
      throw new XinzhiError('BAD_INPUT', 'sampleTime must be > 0', { field: 'sampleTime' });
    let d = Math.floor(deadTime / sampleTime + 1e-12);
    let phi = deadTime - d * sampleTime;
    if (phi < 1e-12 * sampleTime) phi = 0;
    if (phi > sampleTime * (1 - 1e-12)) {
      d += 1;
      phi = 0;
    }
    this.delaySamples = d;
    this.a = Math.exp(-sampleTime / tau);
    const g = Math.exp(-(sampleTime - phi) / tau);
    this.b1 = gain * (1 - g);
    this.b2 = gain * (g - this.a);
    this.#y = init.y0 ?? 0;
    // History of the last d + 2 inputs, oldest first.
    this.#hist = new Array<number>(d + 2).fill(init.u0 ?? 0);
  }

  get y(): number {
    return this.#y;
  }

  /** Applies u[k] over one sample and returns y[k+1]. */
  step(u: number): number {
    this.#hist.push(u);
    this.#hist.shift();
    const n = this.#hist.length;
    const ud = this.#hist[n - 1 - this.delaySamples]!;
    const ud1 = this.#hist[n - 2 - this.delaySamples]!;
    this.#y = this.a * this.#y + this.b1 * ud + this.b2 * ud1;
    return this.#y;
  }
}
