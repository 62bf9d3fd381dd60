/** Staffing: servers per shift for a service-level target, arrivals given or forecast from a series. */
export {
  planStaffing,
  type StaffedShift,
  type StaffingPlan,
  type StaffingRequest,
} from './staffing-service.js';
