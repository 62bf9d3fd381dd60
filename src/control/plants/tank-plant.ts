/**
 * A liquid tank whose level integrates the difference between a pumped inflow and a demanded outflow:
 *
 *   A·dh/dt = qmax·u − qout,   0 ≤ h ≤ height,   PV = h (m), u = pump speed in [0, 1]
 *
 * An integrating process (k' = qmax/A m/s per unit speed) with a dead time for the pipe between pump
 * and tank. The level is clamped at empty and at overflow; `outflow` is the load disturbance.
 */
import { compact, XinzhiError } from '../../core/index.js';
import type { PlantModel } from './plant.js';

export interface TankOptions {
  /** Cross-section area, m². Default 2. */
  readonly area?: number;
  /** Pump flow at full speed, m³/s. Default 0.05. */
  readonly maxInflow?: number;
  /** Demanded outflow, m³/s. Default 0.02. */
  readonly outflow?: number;
  /** Tank height, m. Default 3. */
  readonly height?: number;
  /** Pipe dead time, s. Default 2. */
  readonly deadTime?: number;
  /** Initial level, m. Default 1. */
  readonly level?: number;
}

export const TANK_DEFAULTS: Required<TankOptions> = {
  area: 2,
  maxInflow: 0.05,
  outflow: 0.02,
  height: 3,
  deadTime: 2,
  level: 1,
};

export class TankPlant implements PlantModel {
  readonly order = 1;
  readonly label: string;
  readonly deadTime: number;
  readonly fastestTime: number;
  readonly p: Required<TankOptions>;
  /** Demanded outflow, m³/s: the load disturbance. */
  outflow: number;

  constructor(o: TankOptions = {}) {
    this.p = {
      ...TANK_DEFAULTS,
      ...compact(o),
    };
    for (const k of ['area', 'maxInflow', 'height'] as const)
      if (!(this.p[k] > 0) || !Number.isFinite(this.p[k]))
        throw new XinzhiError('BAD_INPUT', `tank ${k} must be > 0`, { field: k });
    for (const k of ['outflow', 'deadTime', 'level'] as const)
      if (!(this.p[k] >= 0) || !Number.isFinite(this.p[k]))
        throw new XinzhiError('BAD_INPUT', `tank ${k} must be ≥ 0`, { field: k });
    this.outflow = this.p.outflow;
    this.deadTime = this.p.deadTime;
    // No time constant: one second resolves the pump dynamics of interest.
    this.fastestTime = 1;
    this.label = `tank ${this.p.area} m², k' = ${this.gain} m/s per unit speed, θ = ${this.deadTime} s`;
  }

  /** Integrating gain k' (m/s per unit pump speed). */
  get gain(): number {
    return this.p.maxInflow / this.p.area;
  }

  derivative(x: Float64Array, u: number, out: Float64Array): void {
    const speed = Math.min(Math.max(u, 0), 1);
    let dh = (this.p.maxInflow * speed - this.outflow) / this.p.area;
    if ((x[0]! <= 0 && dh < 0) || (x[0]! >= this.p.height && dh > 0)) dh = 0;
    out[0] = dh;
  }

  output(x: Float64Array): number {
    return x[0]!;
  }

  initialState(): Float64Array {
    return Float64Array.from([Math.min(this.p.level, this.p.height)]);
  }

  constrain(x: Float64Array): void {
    x[0] = Math.min(Math.max(x[0]!, 0), this.p.height);
  }
}
