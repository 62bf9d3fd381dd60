/** Staffing: servers per shift for a service-level target, arrivals given or forecast from a series. */

export {
  type MissingParam,
  omitMetrics,
  pickMetrics,
  QUEUE_MODELS,
  type QueueModel,
  type QueueParams,
  type QueueResult,
  queueMetrics,
} from './queueing.js';
export {
  planStaffing,
  type StaffedShift,
  type StaffingPlan,
  type StaffingRequest,
} from './staffing-service.js';
