/**
 * A plant twin: a simulated process that takes an OP input and produces a PV, for trying a loop before
 * touching the real plant and for the demo's oven and tank. It integrates its model with RK4 on a
 * fixed step that divides the dead time, so the dead time is exact for inputs that change on that grid
 * (any loop whose sample time is a multiple of the step).
 *
 * `attachTwin` runs it on a Timer: every `periodMs` of (virtual or real) time the twin advances by
 * `periodMs × speed` of simulated time and publishes its PV; with a VirtualScheduler it runs as fast as
 * the CPU allows.
 */
import { type Clock, XinzhiError } from '../../core/index.js';
import { DelayLine } from '../plants/delay-line.js';
import type { PlantModel } from '../plants/plant.js';
import { Rk4 } from '../plants/rk4.js';
import type { PvSource, Reading, Timer } from './ports.js';

export interface TwinOptions {
  /** Input before the first `setInput`; the twin starts at rest for it. Default 0. */
  readonly initialInput?: number;
  /** Integration step in seconds; default min(fastest time constant/50, 0.1), adjusted to divide the dead time. */
  readonly step?: number;
}

export class PlantTwin {
  readonly step: number;
  readonly #x: Float64Array;
  readonly #rk: Rk4;
  readonly #delay: DelayLine | undefined;
  #u: number;
  #t = 0;

  constructor(
    readonly model: PlantModel,
    o: TwinOptions = {},
  ) {
    this.#u = o.initialInput ?? 0;
    let h = o.step ?? Math.min(model.fastestTime / 50, 0.1);
    if (!(h > 0)) throw new XinzhiError('BAD_INPUT', 'twin step must be > 0', { field: 'step' });
    if (model.deadTime > 0) h = model.deadTime / Math.ceil(model.deadTime / h - 1e-9);
    this.step = h;
    this.#x = model.initialState(this.#u);
    this.#rk = new Rk4(model.order);
    this.#delay = model.deadTime > 0 ? new DelayLine(model.deadTime, h, this.#u) : undefined;
  }

  /** Simulated seconds since the start. */
  get time(): number {
    return this.#t;
  }
  get input(): number {
    return this.#u;
  }
  get pv(): number {
    return this.model.output(this.#x);
  }

  /** Sets the OP; it reaches the process after the dead time. */
  setInput(u: number): void {
    if (!Number.isFinite(u)) throw new XinzhiError('BAD_INPUT', 'twin input must be finite', { field: 'op' });
    this.#u = u;
  }

  /** Advances by `seconds` (rounded to whole steps) and returns the PV. */
  advance(seconds: number): number {
    const n = Math.round(seconds / this.step);
    const u = this.#u;
    const rhs = (stage: 0 | 0.5 | 1, s: Float64Array, out: Float64Array): void =>
      this.model.derivative(s, this.#delay ? this.#delay.at(stage) : u, out);
    for (let i = 0; i < n; i++) {
      this.#rk.step(rhs, this.#x, this.step);
      this.model.constrain?.(this.#x);
      this.#delay?.push(u, u);
      this.#t += this.step;
    }
    return this.pv;
  }
}

export interface AttachTwinOptions {
  readonly twin: PlantTwin;
  readonly timer: Timer;
  readonly clock: Clock;
  /** Where the OP comes from (e.g. the loop's actuator channel). */
  readonly op: PvSource;
  /** Called with each PV reading (e.g. publish to the PV topic or the loop's channel). */
  readonly publish: (r: Reading) => void;
  /** Publishing period in timer milliseconds; default 1000. */
  readonly periodMs?: number;
  /** Simulated seconds per timer second; default 1 (real time). */
  readonly speed?: number;
}

/** Runs a twin on a timer; returns a function that stops it. */
export function attachTwin(o: AttachTwinOptions): () => void {
  const period = o.periodMs ?? 1000;
  const speed = o.speed ?? 1;
  if (!(speed > 0)) throw new XinzhiError('BAD_INPUT', 'speed must be > 0', { field: 'speed' });
  const unsub = o.op.subscribe((r) => {
    if (Number.isFinite(r.value)) o.twin.setInput(r.value);
  });
  o.publish({ ts: o.clock.now(), value: o.twin.pv });
  const cancel = o.timer.every(period, () => {
    o.publish({ ts: o.clock.now(), value: o.twin.advance((period / 1000) * speed) });
  });
  return () => {
    cancel();
    unsub();
  };
}
