/**
 * An electric oven as two thermal capacities (heating element and chamber) with heat loss to ambient
 * and a transport dead time on the heater command:
 *
 *   Ch·dTh/dt = Pmax·u − Gh·(Th − Tc)
 *   Cc·dTc/dt = Gh·(Th − Tc) − Ga·(Tc − Tamb)          PV = Tc (°C), u = heater duty in [0, 1]
 *
 * The duty is clamped to [0, 1] (a heater cannot cool), so it is nonlinear at the limits; inside them it
 * is a second-order-plus-dead-time process with steady gain Pmax/Ga (K per unit duty).
 */
import { compact, XinzhiError } from '../../core/index.js';
import type { PlantModel } from './plant.js';

export interface ThermalOptions {
  /** Heater power at full duty, W. Default 4000. */
  readonly maxPower?: number;
  /** Element heat capacity, J/K. Default 2000. */
  readonly elementCapacity?: number;
  /** Chamber heat capacity (air, walls, load), J/K. Default 40000. */
  readonly chamberCapacity?: number;
  /** Element → chamber conductance, W/K. Default 40. */
  readonly elementConductance?: number;
  /** Chamber → ambient conductance, W/K. Default 20. */
  readonly lossConductance?: number;
  /** Ambient temperature, °C. Default 20. */
  readonly ambient?: number;
  /** Dead time from heater command to heat flow, s. Default 10. */
  readonly deadTime?: number;
}

export const THERMAL_DEFAULTS: Required<ThermalOptions> = {
  maxPower: 4000,
  elementCapacity: 2000,
  chamberCapacity: 40000,
  elementConductance: 40,
  lossConductance: 20,
  ambient: 20,
  deadTime: 10,
};

export class ThermalPlant implements PlantModel {
  readonly order = 2;
  readonly label: string;
  readonly deadTime: number;
  readonly fastestTime: number;
  readonly p: Required<ThermalOptions>;
  /** Ambient temperature; change it to apply a load disturbance (door opened, cold charge). */
  ambient: number;

  constructor(o: ThermalOptions = {}) {
    this.p = {
      ...THERMAL_DEFAULTS,
      ...compact(o),
    };
    for (const [k, v] of Object.entries(this.p))
      if (
        !Number.isFinite(v) ||
        (k !== 'ambient' && k !== 'deadTime' && !(v > 0)) ||
        (k === 'deadTime' && v < 0)
      )
        throw new XinzhiError('BAD_INPUT', `thermal ${k} must be a positive number`, { field: k });
    this.ambient = this.p.ambient;
    this.deadTime = this.p.deadTime;
    const { elementCapacity: ch, chamberCapacity: cc, elementConductance: gh, lossConductance: ga } = this.p;
    // Eigenvalues of the 2×2 system matrix give the fastest time constant.
    const a11 = -gh / ch;
    const a22 = -(gh + ga) / cc;
    const tr = a11 + a22;
    const det = a11 * a22 - (gh / ch) * (gh / cc);
    const fast = (-tr + Math.sqrt(tr * tr - 4 * det)) / 2;
    this.fastestTime = 1 / fast;
    this.label = `oven ${this.p.maxPower} W, K = ${this.p.maxPower / ga} K/duty, θ = ${this.deadTime} s`;
  }

  /** Steady-state gain in K per unit duty. */
  get gain(): number {
    return this.p.maxPower / this.p.lossConductance;
  }

  derivative(x: Float64Array, u: number, out: Float64Array): void {
    const duty = Math.min(Math.max(u, 0), 1);
    const { maxPower, elementCapacity, chamberCapacity, elementConductance, lossConductance } = this.p;
    const flow = elementConductance * (x[0]! - x[1]!);
    out[0] = (maxPower * duty - flow) / elementCapacity;
    out[1] = (flow - lossConductance * (x[1]! - this.ambient)) / chamberCapacity;
  }

  output(x: Float64Array): number {
    return x[1]!;
  }

  initialState(u0: number): Float64Array {
    const duty = Math.min(Math.max(u0, 0), 1);
    const { maxPower, elementConductance, lossConductance } = this.p;
    const tc = this.ambient + (maxPower * duty) / lossConductance;
    return Float64Array.from([tc + (maxPower * duty) / elementConductance, tc]);
  }
}
