/**
 * Production planning over HTTP: the routes of the planning service
 * (`domains/manufacturing/planning-service.ts`), which reads a plan document with its demand as
 * written, replaced by a posted table or forecast from stored series, solves it (here on the
 * solver worker thread, never on the event loop), stores it in `planning.plans` and runs
 * what-ifs. Handlers parse the request, call the service and answer with its result.
 */
import { z } from '@hono/zod-openapi';
import { manufacturing } from '../../domains/index.js';
import { solveInWorker } from '../../optimize/index.js';
import { guardedRoute } from '../auth/guard.js';
import { router, type ServerDeps } from '../context.js';
import { notFoundResponse, problemResponses } from '../schemas.js';
import { AggregateSchema } from './series-forecast.js';

/** Document namespace of stored plans (kept here for importers of the route module). */
export const PLAN_NS = manufacturing.PLAN_NS;
export const DEFAULT_PLAN_TIME_LIMIT_S = manufacturing.DEFAULT_PLAN_TIME_LIMIT_S;

const CostsSchema = z.object({
  production: z.number(),
  overtime: z.number(),
  setup: z.number(),
  holding: z.number(),
  backlog: z.number(),
  total: z.number(),
});

const PlanResultSchema = z
  .object({
    name: z.string(),
    status: z.string().openapi({ description: 'optimal, infeasible, unbounded, time_limit, …' }),
    message: z.string().openapi({ description: 'The outcome in words' }),
    currency: z.string(),
    costs: CostsSchema.nullable(),
    periods: z.array(z.string()),
    lines: z.array(
      z.object({
        line: z.string(),
        period: z.string(),
        regularHours: z.number(),
        usedHours: z.number(),
        overtimeHours: z.number(),
        utilisation: z.number().nullable().openapi({ description: 'used / regular hours' }),
        binding: z.boolean().openapi({ description: 'Regular capacity fully used and limiting' }),
        shadowPrice: z
          .number()
          .nullable()
          .openapi({ description: 'Change of total cost per extra regular hour (negative saves)' }),
        production: z.array(z.object({ product: z.string(), quantity: z.number(), hours: z.number() })),
      }),
    ),
    products: z.array(
      z.object({
        product: z.string(),
        period: z.string(),
        demand: z.number(),
        produced: z.number(),
        consumed: z.number(),
        inventory: z.number(),
        backlog: z.number(),
        marginalCost: z.number().nullable(),
      }),
    ),
    sensitivity: z.array(z.string()).openapi({ description: 'What binds and what an hour or unit is worth' }),
    conflict: z.array(z.string()),
    model: z.object({
      variables: z.number(),
      integers: z.number(),
      constraints: z.number(),
      nonzeros: z.number(),
      isMip: z.boolean(),
    }),
    mipGap: z.number().nullable(),
    solveSeconds: z.number(),
  })
  .openapi('PlanResult');

const ForecastSchema = z
  .object({
    product: z.string(),
    series: z.string(),
    aggregate: AggregateSchema,
    history: z.number().int(),
    model: z.string(),
    starts: z.array(z.number()),
    point: z.array(z.number()),
    lower: z.array(z.number()),
    upper: z.array(z.number()),
    level: z.number(),
    intervals: z.enum(['conformal', 'adaptive-conformal', 'model']).optional().openapi({
      description:
        '`conformal`: intervals calibrated on forecasts from the series’ own past; `model`: too little history for that, the model’s own (absent on plans stored before calibration)',
    }),
  })
  .openapi('DemandForecast');

const ComparisonSchema = z
  .object({
    base: z.string().openapi({ description: 'Id of the base plan' }),
    costDelta: z
      .record(z.string(), z.number())
      .openapi({ description: 'Cost component → what-if minus base' }),
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
  .openapi('PlanComparison');

const ScenarioChange = z.object({
  period: z.string().optional().openapi({ description: 'Period label; all periods when absent' }),
  delta: z.number().finite().optional().openapi({ description: 'Added (negative removes)' }),
  factor: z.number().finite().min(0).optional().openapi({ description: 'Multiplier of the current value' }),
});

const ScenarioSchema = z
  .object({
    name: z.string().min(1).max(200).optional(),
    lineHours: z.array(ScenarioChange.extend({ line: z.string().min(1) })).optional(),
    demand: z.array(ScenarioChange.extend({ product: z.string().min(1) })).optional(),
  })
  .strict()
  .refine((s) => (s.lineHours?.length ?? 0) + (s.demand?.length ?? 0) > 0, {
    message: 'give at least one change in lineHours or demand',
  })
  .openapi('PlanScenario');

const StoredPlanSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: z.number(),
    parent: z.string().nullable().openapi({ description: 'The base plan of a what-if' }),
    scenario: ScenarioSchema.nullable(),
    input: z
      .record(z.string(), z.unknown())
      .openapi({ description: 'The plan as solved (defaults filled in)' }),
    forecasts: z.array(ForecastSchema).openapi({ description: 'Demand taken from series forecasts' }),
    result: PlanResultSchema,
    comparison: ComparisonSchema.nullable(),
  })
  .openapi('StoredPlan');

const SummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.number(),
  parent: z.string().nullable(),
  status: z.string(),
  totalCost: z.number().nullable(),
  currency: z.string(),
});

export const CreateBody = z
  .object({
    plan: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: 'A plan document (the format of docs/planning.md)' }),
    planText: z
      .string()
      .max(2_000_000)
      .optional()
      .openapi({ description: 'The same as YAML or JSON text (what the dashboard editor sends)' }),
    name: z.string().min(1).max(200).optional(),
    demand: z
      .record(z.string(), z.array(z.number().finite().min(0)))
      .optional()
      .openapi({ description: 'Product → demand per period; replaces those products’ demand' }),
    demandFromSeries: z
      .array(
        z.object({
          product: z.string().min(1),
          series: z.string().min(1),
          aggregate: AggregateSchema.default('sum'),
          history: z.number().int().min(4).max(500).default(104),
        }),
      )
      .optional()
      .openapi({ description: 'Products whose demand is forecast from a stored series' }),
    period: z.string().optional().openapi({
      description: 'Length of one planning period for series demand, e.g. `1d`, `7d`',
      example: '7d',
    }),
    timeLimit: z.number().positive().max(600).optional().openapi({ description: 'Seconds; default 60' }),
    mipGap: z.number().min(0).max(1).optional(),
  })
  .strict()
  .openapi('CreatePlan');

const idParam = z.object({ id: z.string().min(1).max(100) });
const planResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: StoredPlanSchema } },
});

const example = guardedRoute('read', {
  method: 'get',
  path: '/plans/example',
  tags: ['planning'],
  summary: 'The example plan document (a four-week furniture workshop, docs/planning.md)',
  responses: {
    200: {
      description: 'A plan document',
      content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
    },
    ...problemResponses,
  },
});

const create = guardedRoute('plan', {
  method: 'post',
  path: '/plans',
  tags: ['planning'],
  summary: 'Create and solve a production plan (operator)',
  request: { body: { required: true, content: { 'application/json': { schema: CreateBody } } } },
  responses: {
    201: planResponse('The stored plan with its result'),
    ...problemResponses,
    ...notFoundResponse,
  },
});

const list = guardedRoute('read', {
  method: 'get',
  path: '/plans',
  tags: ['planning'],
  summary: 'Stored plans, newest first',
  request: {
    query: z.object({ limit: z.coerce.number().int().min(1).max(1000).optional() }),
  },
  responses: {
    200: {
      description: 'Plan summaries',
      content: { 'application/json': { schema: z.object({ plans: z.array(SummarySchema) }) } },
    },
    ...problemResponses,
  },
});

const get = guardedRoute('read', {
  method: 'get',
  path: '/plans/{id}',
  tags: ['planning'],
  summary: 'A stored plan with its input, result and (for a what-if) the comparison',
  request: { params: idParam },
  responses: { 200: planResponse('The plan'), ...problemResponses, ...notFoundResponse },
});

const whatIf = guardedRoute('plan', {
  method: 'post',
  path: '/plans/{id}/what-if',
  tags: ['planning'],
  summary: 'Change capacity or demand of a plan, solve the second plan and compare (operator)',
  request: {
    params: idParam,
    body: { required: true, content: { 'application/json': { schema: ScenarioSchema } } },
  },
  responses: {
    201: planResponse('The what-if plan, with `comparison` against the base'),
    ...problemResponses,
    ...notFoundResponse,
  },
});

export type StoredPlan = manufacturing.StoredPlan;

export function planningRoutes(deps: ServerDeps, solve: manufacturing.SolveFn = solveInWorker) {
  const planning = manufacturing.createPlanningService({
    store: deps.store,
    solve,
    clock: deps.clock,
    logger: deps.logger,
  });
  return router()
    .openapi(example, (c) => c.json(planning.example(), 200))
    .openapi(create, async (c) => c.json(await planning.create(c.req.valid('json')), 201))
    .openapi(list, async (c) =>
      c.json({ plans: await planning.list(c.req.valid('query').limit ?? 100) }, 200),
    )
    .openapi(get, async (c) => c.json(await planning.get(c.req.valid('param').id), 200))
    .openapi(whatIf, async (c) =>
      c.json(await planning.whatIf(c.req.valid('param').id, c.req.valid('json')), 201),
    );
}
