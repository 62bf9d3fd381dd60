import { z } from 'zod';
import { SOLVE_STATUSES } from '../../optimize/index.js';
import { PlanInputSchema } from './plan-schema.js';

/**
 * The shapes of a stored production plan, written once: the domain's types are inferred from
 * these schemas, the HTTP API answers with them and the dashboard's client is generated from the
 * OpenAPI document they produce (`id` names each there). A stored result is the solver's
 * `PlanResult` made JSON-safe: an unbounded utilisation (Infinity) is null.
 */
// `X.nullable()` of a named schema would rename the null-accepting copy to X (zod-to-openapi
// copies the id), making X nullable everywhere in the document; a union with null keeps X as it is.
const orNull = <T extends z.ZodType>(s: T) => z.union([s, z.null()]);

export const PlanCostsSchema = z
  .object({
    production: z.number(),
    overtime: z.number(),
    setup: z.number(),
    holding: z.number(),
    backlog: z.number(),
    total: z.number(),
  })
  .meta({ id: 'PlanCosts' });

export const PlanLinePeriodSchema = z
  .object({
    line: z.string(),
    period: z.string(),
    regularHours: z.number(),
    usedHours: z.number(),
    overtimeHours: z.number(),
    utilisation: z.number().nullable().meta({ description: 'used / regular hours; null when unbounded' }),
    binding: z.boolean().meta({ description: 'Regular capacity fully used and limiting' }),
    shadowPrice: z
      .number()
      .nullable()
      .meta({ description: 'Change of total cost per extra regular hour (negative saves)' }),
    production: z.array(z.object({ product: z.string(), quantity: z.number(), hours: z.number() })),
  })
  .meta({ id: 'PlanLinePeriod' });

export const PlanProductPeriodSchema = z
  .object({
    product: z.string(),
    period: z.string(),
    demand: z.number(),
    produced: z.number(),
    consumed: z.number().meta({ description: 'Used as a component by other products' }),
    inventory: z.number(),
    backlog: z.number(),
    marginalCost: z
      .number()
      .nullable()
      .meta({ description: 'Change of total cost per extra unit of demand; null if unknown' }),
  })
  .meta({ id: 'PlanProductPeriod' });

export const StoredPlanResultSchema = z
  .object({
    name: z.string(),
    status: z.enum(SOLVE_STATUSES).meta({ description: 'optimal, infeasible, unbounded, time_limit, …' }),
    message: z.string().meta({ description: 'The outcome in words' }),
    currency: z.string(),
    costs: orNull(PlanCostsSchema),
    periods: z.array(z.string()),
    lines: z.array(PlanLinePeriodSchema),
    products: z.array(PlanProductPeriodSchema),
    sensitivity: z.array(z.string()).meta({ description: 'What binds and what an hour or unit is worth' }),
    conflict: z.array(z.string()).meta({ description: 'Conflicting constraints in words, when infeasible' }),
    model: z.object({
      variables: z.number(),
      integers: z.number(),
      constraints: z.number(),
      nonzeros: z.number(),
      isMip: z.boolean(),
    }),
    mipGap: z.number().nullable(),
    dualsFrom: z
      .enum(['lp', 'fixed-integers'])
      .nullable()
      .optional()
      .meta({ description: 'Where the shadow prices come from (absent on plans stored before it was kept)' }),
    solveSeconds: z.number(),
  })
  .meta({ id: 'PlanResult' });

const ScenarioChange = {
  period: z.string().optional().meta({ description: 'Period label; all periods when absent' }),
  delta: z.number().finite().optional().meta({ description: 'Added (negative removes)' }),
  factor: z.number().finite().min(0).optional().meta({ description: 'Multiplier of the current value' }),
};

/** A what-if as the API takes it: changes of line hours or demand, all or one period. */
export const ScenarioInputSchema = z
  .object({
    name: z.string().min(1).max(200).optional(),
    lineHours: z.array(z.object({ line: z.string().min(1), ...ScenarioChange })).optional(),
    demand: z.array(z.object({ product: z.string().min(1), ...ScenarioChange })).optional(),
  })
  .strict()
  .refine((s) => (s.lineHours?.length ?? 0) + (s.demand?.length ?? 0) > 0, {
    message: 'give at least one change in lineHours or demand',
  })
  .meta({ id: 'PlanScenario' });

export const PlanForecastSchema = z
  .object({
    product: z.string(),
    series: z.string(),
    aggregate: z.enum(['sum', 'mean', 'last', 'increase']),
    history: z.number().int(),
    model: z.string(),
    starts: z.array(z.number()),
    point: z.array(z.number()),
    lower: z.array(z.number()),
    upper: z.array(z.number()),
    level: z.number(),
    intervals: z.enum(['conformal', 'adaptive-conformal', 'model']).optional().meta({
      description:
        '`conformal`: intervals calibrated on forecasts from the series’ own past; `model`: too little history for that, the model’s own (absent on plans stored before calibration)',
    }),
  })
  .meta({ id: 'DemandForecast' });

export const PlanComparisonSchema = z
  .object({
    base: z.string().meta({ description: 'Id of the base plan' }),
    costDelta: z.record(z.string(), z.number()).meta({ description: 'Cost component → what-if minus base' }),
    utilisation: z.array(
      z.object({
        line: z.string(),
        period: z.string(),
        base: z.number().nullable(),
        alternative: z.number().nullable(),
      }),
    ),
    summary: z.string(),
  })
  .meta({ id: 'PlanComparison' });

export const StoredPlanSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: z.number(),
    parent: z.string().nullable().meta({ description: 'The base plan of a what-if' }),
    scenario: orNull(ScenarioInputSchema),
    input: PlanInputSchema.meta({ description: 'The plan as solved (defaults filled in)' }),
    forecasts: z.array(PlanForecastSchema).meta({ description: 'Demand taken from series forecasts' }),
    result: StoredPlanResultSchema,
    comparison: orNull(PlanComparisonSchema),
  })
  .meta({ id: 'StoredPlan' });

export const PlanSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: z.number(),
    parent: z.string().nullable(),
    status: z.string(),
    totalCost: z.number().nullable(),
    currency: z.string(),
  })
  .meta({ id: 'PlanSummary' });

export type StoredPlanResult = z.infer<typeof StoredPlanResultSchema>;
export type ScenarioInput = z.infer<typeof ScenarioInputSchema>;
export type PlanForecast = z.infer<typeof PlanForecastSchema>;
export type StoredPlan = z.infer<typeof StoredPlanSchema>;
export type PlanSummary = z.infer<typeof PlanSummarySchema>;
