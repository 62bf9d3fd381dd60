export {
  type AssetOeeOptions,
  assetOee,
  type GroupOee,
  groupOee,
  idealCycleTimeOf,
  type OeeStore,
} from './asset-oee.js';
export { MACHINE_STATE, MACHINE_STATE_NAMES, type MachineStateCode } from './machine-state.js';
export {
  combineOee,
  computeOee,
  createOeeTracker,
  DEFAULT_STATE_CLASSES,
  defaultClassify,
  type OeeInput,
  type OeeResult,
  type OeeTracker,
  type OeeTrackerOptions,
  type StateClass,
  type TimedValue,
} from './oee.js';
export { createRulMonitor, type RulMonitor, type RulMonitorOptions, type RulStatus } from './rul-monitor.js';
