/** The demo factory, farm and fleet that `xinzhi serve --demo` and `xinzhi demo` run. */
export { DAY, HOUR, productionDayAnchor, SHIFT_PLAN } from './calendar.js';
export { createDemo, type Demo, type DemoStats } from './demo.js';
export { FARM } from './farm.js';
export { demoFieldParams, provisionFarmFields } from './farm-fields.js';
export { seedFarmHistory } from './farm-history.js';
export { FAULT_SCRIPT, type FaultCalendar } from './faults.js';
export { FLEET, VAN_STATUS } from './fleet.js';
export { FACTORY, MACHINES, type MachineSpec, machineAssetId, TYPE_SPECS } from './machines.js';
export { createDemoModel, type DemoModel, type DemoPoint } from './model.js';
export { DEFAULT_INTERVALS, type DemoIntervals, type DemoOptions } from './options.js';
export { createRng, type Rng } from './prng.js';
export { provisionAssets, storeInputsOf } from './provision.js';
export { DATA_PREFIX, dataTopic, META_PREFIX, metaTopic } from './topics.js';
export type { AssetMeta, MetricMeta } from './types.js';
