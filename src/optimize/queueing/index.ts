export { erlangB, erlangBCapacity, erlangC } from './erlang.js';
export { kingmanWq } from './kingman.js';
export { type Mm1Metrics, mm1, mm1ProbAtLeast } from './mm1.js';
export { type MmcMetrics, mmc, serviceLevel } from './mmc.js';
export { type MmckMetrics, mmck } from './mmck.js';
export {
  type Distribution,
  moments,
  type SimulationInput,
  type SimulationResult,
  simulateQueue,
} from './simulate.js';
export {
  type ShiftDemand,
  type ShiftStaffing,
  type StaffingInput,
  type StaffingResult,
  type StaffingTarget,
  staffServers,
  staffShifts,
  withShrinkage,
} from './staffing.js';
