import type { PlantSpec } from './plant-spec.js';

/**
 * The demo oven's heater and chamber at the plant's default ambient: a lag-dominated loop the
 * tuning tests identify and tune.
 */
export const TEST_OVEN: PlantSpec = {
  kind: 'thermal',
  maxPower: 3000,
  elementCapacity: 150,
  chamberCapacity: 900,
  elementConductance: 30,
  lossConductance: 15,
  deadTime: 2,
  opScale: 0.01,
};
