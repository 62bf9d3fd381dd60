export {
  type ClosedLoopOptions,
  type ClosedLoopResult,
  type ContinuousPidSpec,
  chooseStep,
  type DiscretePidSpec,
  type Step,
  simulateClosedLoop,
  simulateStep,
} from './closed-loop.js';
export { DelayLine } from './delay-line.js';
export { DiscreteFopdt } from './discrete-fopdt.js';
export { LinearPlant, linearPlant, type ProcessSpec } from './linear-plant.js';
export {
  type LoadMetrics,
  loadMetrics,
  type SetpointMetrics,
  setpointMetrics,
  type Trace,
} from './metrics.js';
export type { PlantModel } from './plant.js';
export { type Rhs, Rk4 } from './rk4.js';
export { TANK_DEFAULTS, type TankOptions, TankPlant } from './tank-plant.js';
export { THERMAL_DEFAULTS, type ThermalOptions, ThermalPlant } from './thermal-plant.js';
