/**
 * Dead time on a fixed step grid. The delay must be a whole number m of steps, so the delayed input
 * at each RK4 stage falls on the stored grid: step n reads the input of step n − m at the same stage
 * position. Each step stores its input at the start (right limit) and at the end (left limit), so a
 * jump placed on a grid point is reproduced exactly; the mid-stage value is their mean (error O(h²)
 * where the input is smooth, exact where it is constant).
 */
import { XinzhiError } from '../../core/index.js';

export class DelayLine {
  readonly steps: number;
  readonly #start: Float64Array;
  readonly #end: Float64Array;
  #count = 0;

  constructor(
    deadTime: number,
    readonly h: number,
    readonly initial: number,
  ) {
    const m = Math.round(deadTime / h);
    if (Math.abs(m * h - deadTime) > 1e-9 * Math.max(1, deadTime))
      throw new XinzhiError('BAD_INPUT', `dead time ${deadTime} is not a multiple of the step ${h}`, {
        field: 'deadTime',
      });
    this.steps = m;
    const cap = Math.max(1, m + 1);
    this.#start = new Float64Array(cap).fill(initial);
    this.#end = new Float64Array(cap).fill(initial);
  }

  /** Records the input over the step just taken (start and end values). */
  push(start: number, end: number): void {
    const cap = this.#start.length;
    this.#start[this.#count % cap] = start;
    this.#end[this.#count % cap] = end;
    this.#count++;
  }

  /** The delayed input for the step about to be taken (index = count of pushed steps) at a stage position. */
  at(stage: 0 | 0.5 | 1): number {
    const n = this.#count - this.steps;
    if (n < 0) return this.initial;
    const cap = this.#start.length;
    const s = this.#start[n % cap]!;
    const e = this.#end[n % cap]!;
    return stage === 0 ? s : stage === 1 ? e : 0.5 * (s + e);
  }
}
