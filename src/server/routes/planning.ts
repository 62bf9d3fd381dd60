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

const { PlanSummarySchema, ScenarioInputSchema, StoredPlanSchema } = manufacturing;

export const CreateBody = z
  .object({
    // Free-form here on purpose: the domain parses it as it parses planText (the same document as
    // YAML or JSON text), so both ways name every problem alike, under `plan.` or `planText`.
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
