/** The demo factory, farm and fleet that `xinzhi serve --demo` and `xinzhi demo` run. */

export { createRng, type Rng } from '../core/index.js';
export { DAY, HOUR, localDay, productionDayAnchor, SHIFT_PLAN } from './calendar.js';
export {
  CAMERA_ID,
  CAMERA_MODEL,
  CAMERA_SCRIPT,
  CAMERA_TOPIC,
  cameraFrame,
  cameraFrameClass,
  type DemoCamera,
  provisionDemoCamera,
  startDemoCamera,
} from './camera.js';
export { createDemo, type Demo, type DemoStats, type HistorySink } from './demo.js';
export { demoMonitorOverrides, provisionDemoMonitoring } from './demo-monitoring.js';
export { DEMO_REPORT_SCHEDULE, DEMO_REPORT_SPEC, provisionDemoReports } from './demo-reports.js';
export { FARM } from './farm.js';
export { demoFieldParams, provisionFarmFields } from './farm-fields.js';
export { seedFarmHistory } from './farm-history.js';
export { FAULT_SCRIPT, type FaultCalendar } from './faults.js';
export { FLEET, type FleetPlanSource, VAN_STATUS } from './fleet.js';
export { demoDeliveryProblem, demoPlanId } from './fleet-orders.js';
export { FACTORY, MACHINES, type MachineSpec, machineAssetId, TYPE_SPECS } from './machines.js';
export {
  createDemoModel,
  type DemoHistory,
  type DemoModel,
  type DemoPoint,
  HISTORY_INTERVALS,
} from './model.js';
export { DEFAULT_INTERVALS, type DemoIntervals, type DemoOptions } from './options.js';
export {
  OVEN_CMD_TOPIC,
  OVEN_ID,
  OVEN_LOOP,
  OVEN_META,
  OVEN_PLANT,
  type OvenDevice,
  startOvenDevice,
} from './oven.js';
export { provisionAssets, storeInputsOf } from './provision.js';
export { DATA_PREFIX, dataTopic, META_PREFIX, metaTopic } from './topics.js';
export type { AssetMeta, MetricMeta } from './types.js';
