/** Logistics: delivery planning and re-planning on the routing engine. */
export type { DeliveryPlan, DeliveryProblem, Order, Place, Stop, Van, VanRoute } from './delivery-types.js';
export { type PlanOptions, planDeliveries, replanDeliveries } from './plan-deliveries.js';
