/** Manufacturing: production planning on the optimize engine. Plain JSON in and out, ready for a router. */
export { buildPlanModel, type PlanModel, type RowMeaning } from './build-plan-model.js';
export {
  BomSchema,
  LineSchema,
  type PlanInput,
  type PlanInputFile,
  PlanInputSchema,
  ProductSchema,
  parsePlan,
  parsePlanText,
  RoutingSchema,
} from './plan-schema.js';
export {
  type CostBreakdown,
  interpret,
  type LinePeriod,
  type PlanResult,
  type ProductPeriod,
  planOrThrow,
  type SolveFn,
  solvePlan,
} from './solve-plan.js';
export { applyScenario, comparePlans, type PlanComparison, type Scenario, whatIf } from './what-if.js';
