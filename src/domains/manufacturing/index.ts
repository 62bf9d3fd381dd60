/** Manufacturing: OEE per ISO 22400 and production planning on the optimize engine; plain JSON in and out. */
export {
  type AssetOeeOptions,
  assetOee,
  type GroupOee,
  groupOee,
  idealCycleTimeOf,
  type OeeStore,
} from './asset-oee.js';
export { buildPlanModel, type PlanModel, type RowMeaning } from './build-plan-model.js';
export { EXAMPLE_PLAN } from './example-plan.js';
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
export { OEE_STALE_AFTER_MS, type OeeFigures, type OeeReport, oeeFigures, oeeReport } from './oee-report.js';
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
  DEFAULT_PLAN_TIME_LIMIT_S,
  listPlans,
  loadPlan,
  PLAN_NS,
  type PlanForecast,
  type PlanStoreDeps,
  type PlanSummary,
  planIdFactory,
  planProblem,
  type ScenarioInput,
  type StoredPlan,
  type StoredPlanResult,
  solveAndStorePlan,
  whatIfPlan,
} from './plan-store.js';
export {
  type CreatePlanRequest,
  createPlanningService,
  type PlanningService,
  type PlanningServiceDeps,
} from './planning-service.js';
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
export {
  PlanComparisonSchema,
  PlanCostsSchema,
  PlanForecastSchema,
  PlanLinePeriodSchema,
  PlanProductPeriodSchema,
  PlanSummarySchema,
  ScenarioInputSchema,
  StoredPlanResultSchema,
  StoredPlanSchema,
} from './stored-plan-schema.js';
export { applyScenario, comparePlans, type PlanComparison, type Scenario, whatIf } from './what-if.js';
