/** Logistics: delivery planning and re-planning on the routing engine. */
export type { DeliveryPlan, DeliveryProblem, Order, Place, Stop, Van, VanRoute } from './delivery-types.js';
export {
  type PlanOptions,
  planDeliveries,
  planDeliveriesInWorker,
  type RoutingSolver,
  replanDeliveries,
  replanDeliveriesInWorker,
} from './plan-deliveries.js';
export { listPlans, loadPlan, PLAN_NS, type StoredPlan, savePlan } from './plan-store.js';
