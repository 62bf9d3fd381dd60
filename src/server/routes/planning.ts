/**
 * Production planning over HTTP: create a plan from a plan document (JSON object or YAML/JSON
 * text) with its demand as written, replaced by a posted demand table, or forecast from stored
 * series; solve it on the solver worker thread (never on the event loop); keep plans and results
 * in the Store's documents (namespace `plans`); list and read them; and run a what-if (more or
 * fewer hours on a line, more or less demand) that stores a second plan with the side-by-side
 * comparison.
 */
import { z } from '@hono/zod-openapi';
import { parseDuration, XinzhiError } from '../../core/index.js';
import { manufacturing } from '../../domains/index.js';
import { solveInWorker } from '../../optimize/index.js';
import { guardedRoute } from '../auth/guard.js';
import { router, type ServerDeps } from '../context.js';
import { notFoundResponse, problemResponses } from '../schemas.js';
import { AggregateSchema, forecastPeriods, type PeriodForecast } from './series-forecast.js';

/** Document namespace of stored plans (kept here for importers of the route module). */
export const PLAN_NS = manufacturing.PLAN_NS;
export const DEFAULT_PLAN_TIME_LIMIT_S = manufacturing.DEFAULT_PLAN_TIME_LIMIT_S;

const { PlanSummarySchema, ScenarioInputSchema, StoredPlanSchema } = manufacturing;

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
      content: { 'application/json': { schema: manufacturing.PlanInputSchema } },
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
      content: { 'application/json': { schema: z.object({ plans: z.array(PlanSummarySchema) }) } },
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
    body: { required: true, content: { 'application/json': { schema: ScenarioInputSchema } } },
  },
  responses: {
    201: planResponse('The what-if plan, with `comparison` against the base'),
    ...problemResponses,
    ...notFoundResponse,
  },
});

export type StoredPlan = manufacturing.StoredPlan;
type Forecast = manufacturing.PlanForecast;
const planProblem = manufacturing.planProblem;

export function planningRoutes(deps: ServerDeps, solve: manufacturing.SolveFn = solveInWorker) {
  const plans: manufacturing.PlanStoreDeps = {
    store: deps.store,
    solve,
    now: () => deps.clock.now(),
    newId: manufacturing.planIdFactory(() => deps.clock.now()),
  };
  const solveAndStore = async (
    input: manufacturing.PlanInput,
    extra: Pick<StoredPlan, 'parent' | 'scenario' | 'forecasts'>,
  ): Promise<StoredPlan> => {
    const doc = await manufacturing.solveAndStorePlan(plans, input, extra);
    deps.logger.info(
      { plan: doc.id, status: doc.result.status, seconds: doc.result.solveSeconds },
      'plan solved',
    );
    return doc;
  };

  return (
    router()
      // The example is the plan as written, defaults left out: the document marks fields with a
      // default optional (zod-openapi reads the schema's input), the typed response is its output.
      .openapi(example, (c) => c.json(manufacturing.EXAMPLE_PLAN as manufacturing.PlanInput, 200))
      .openapi(create, async (c) => {
        const b = c.req.valid('json');
        if ((b.plan === undefined) === (b.planText === undefined))
          throw new XinzhiError(
            'BAD_INPUT',
            'give the plan as `plan` (an object) or `planText` (YAML or JSON), not both',
            {
              field: 'plan',
            },
          );
        const parsed =
          b.planText !== undefined
            ? manufacturing.parsePlanText(b.planText)
            : manufacturing.parsePlan(b.plan);
        if (!parsed.ok) throw planProblem(parsed.issues, b.planText !== undefined ? 'planText' : 'plan');
        let input = parsed.value;
        const T = input.periods.length;
        const demand: Record<string, number[]> = { ...input.demand };
        const products = new Set(input.products.map((p) => p.id));
        for (const [product, d] of Object.entries(b.demand ?? {})) {
          if (!products.has(product))
            throw new XinzhiError('BAD_INPUT', `demand for unknown product '${product}'`, {
              field: `demand.${product}`,
            });
          if (d.length !== T)
            throw new XinzhiError(
              'BAD_INPUT',
              `demand for '${product}' has ${d.length} values for ${T} periods`,
              {
                field: `demand.${product}`,
              },
            );
          demand[product] = d;
        }
        const forecasts: Forecast[] = [];
        if (b.demandFromSeries && b.demandFromSeries.length > 0) {
          const periodMs = b.period === undefined ? undefined : parseDuration(b.period);
          if (periodMs === undefined || periodMs <= 0)
            throw new XinzhiError(
              'BAD_INPUT',
              'demand from series needs `period`, the length of one planning period (e.g. 7d)',
              {
                field: 'period',
              },
            );
          const now = deps.clock.now();
          for (const [i, s] of b.demandFromSeries.entries()) {
            if (!products.has(s.product))
              throw new XinzhiError('BAD_INPUT', `unknown product '${s.product}'`, {
                field: `demandFromSeries.${i}.product`,
              });
            const f: PeriodForecast = await forecastPeriods(deps.store, s.series, {
              periodMs,
              now,
              history: s.history,
              aggregate: s.aggregate,
              horizon: T,
              field: `demandFromSeries.${i}.series`,
            });
            demand[s.product] = f.point.map((x) => Math.round(x * 1000) / 1000);
            forecasts.push({ product: s.product, ...f });
          }
        }
        const withDemand = manufacturing.parsePlan({
          ...input,
          ...(b.name === undefined ? {} : { name: b.name }),
          demand,
          options: {
            ...input.options,
            ...(b.timeLimit === undefined ? {} : { timeLimit: b.timeLimit }),
            ...(b.mipGap === undefined ? {} : { mipGap: b.mipGap }),
          },
        });
        if (!withDemand.ok) throw planProblem(withDemand.issues, 'demand');
        input = withDemand.value;
        const doc = await solveAndStore(input, { parent: null, scenario: null, forecasts });
        return c.json(doc, 201);
      })
      .openapi(list, async (c) => {
        const { limit } = c.req.valid('query');
        return c.json({ plans: await manufacturing.listPlans(deps.store, limit ?? 100) }, 200);
      })
      .openapi(get, async (c) =>
        c.json(await manufacturing.loadPlan(deps.store, c.req.valid('param').id), 200),
      )
      .openapi(whatIf, async (c) => {
        const doc = await manufacturing.whatIfPlan(plans, c.req.valid('param').id, c.req.valid('json'));
        deps.logger.info(
          { plan: doc.id, status: doc.result.status, seconds: doc.result.solveSeconds },
          'plan solved',
        );
        return c.json(doc, 201);
      })
  );
}
