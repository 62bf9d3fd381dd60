/** Logistics: delivery planning and re-planning on the routing engine. */

export {
  type CsvOrder,
  type CsvVan,
  MAX_ORDERS,
  MAX_VANS,
  type OrdersCsvOptions,
  type OrdersFile,
  parseOrdersCsv,
  parseVansCsv,
  unitFactor,
  type VansCsvOptions,
  type VansFile,
} from './delivery-csv.js';
export {
  createDeliveryService,
  type DeliveryService,
  type DeliveryServiceDeps,
} from './delivery-service.js';
export {
  type DeliveryPlan,
  DeliveryPlanSchema,
  type DeliveryProblem,
  DeliveryProblemSchema,
  type Order,
  type Place,
  type Stop,
  type Van,
  type VanRoute,
} from './delivery-types.js';
export { haversineKm } from './haversine-km.js';
export { createPlanClock, type PlanClock, todayIn } from './plan-clock.js';
export {
  type PlanOptions,
  planDeliveries,
  planDeliveriesInWorker,
  type RoutingSolver,
  replanDeliveries,
  replanDeliveriesInWorker,
} from './plan-deliveries.js';
export {
  type DayOrder,
  type DayPlan,
  type DayPlanOptions,
  type DayProblem,
  type PlannedRoute,
  type PlannedStop,
  planDay,
  type UnservedOrder,
} from './plan-orders.js';
export { listPlans, loadPlan, PLAN_NS, type StoredPlan, savePlan } from './plan-store.js';
export { StoredDeliveryPlanSchema } from './stored-plan-schema.js';
