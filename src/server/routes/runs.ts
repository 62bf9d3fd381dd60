import { createRoute, z } from '@hono/zod-openapi';
import {
  compareRuns,
  getRegisteredModel,
  getRun,
  listRegisteredModels,
  listRuns,
} from '../../analytics/runs/index.js';
import { router, type ServerDeps } from '../context.js';
import { problemResponses } from '../schemas.js';

/** Read-only access to tracked training runs and the model registry (for the dashboard). */
const Json = z.record(z.string(), z.unknown());

const list = createRoute({
  method: 'get',
  path: '/runs',
  tags: ['runs'],
  summary: 'Training runs, newest first (without metric series)',
  request: {
    query: z.object({
      kind: z.string().optional(),
      limit: z.coerce.number().int().min(1).max(10_000).optional(),
    }),
  },
  responses: {
    200: {
      description: 'Runs',
      content: { 'application/json': { schema: z.object({ runs: z.array(Json) }) } },
    },
    ...problemResponses,
  },
});

const show = createRoute({
  method: 'get',
  path: '/runs/{id}',
  tags: ['runs'],
  summary: 'One run: config, data fingerprint, per-step metrics, evaluation, artefacts',
  request: { params: z.object({ id: z.string() }) },
  responses: {
    200: { description: 'The run', content: { 'application/json': { schema: Json } } },
    ...problemResponses,
  },
});

const compare = createRoute({
  method: 'get',
  path: '/runs-compare',
  tags: ['runs'],
  summary: 'Final evaluation and config of several runs side by side',
  request: { query: z.object({ ids: z.string().openapi({ description: 'Comma-separated run ids' }) }) },
  responses: {
    200: {
      description: 'Runs',
      content: { 'application/json': { schema: z.object({ runs: z.array(Json) }) } },
    },
    ...problemResponses,
  },
});

const models = createRoute({
  method: 'get',
  path: '/models',
  tags: ['runs'],
  summary: 'Registered models: versions and the one in production',
  responses: {
    200: {
      description: 'Models',
      content: { 'application/json': { schema: z.object({ models: z.array(Json) }) } },
    },
    ...problemResponses,
  },
});

const model = createRoute({
  method: 'get',
  path: '/models/{name}',
  tags: ['runs'],
  summary: 'One registered model',
  request: { params: z.object({ name: z.string() }) },
  responses: {
    200: { description: 'The model', content: { 'application/json': { schema: Json } } },
    ...problemResponses,
  },
});

export function runRoutes(deps: ServerDeps) {
  return router()
    .openapi(list, async (c) => {
      const q = c.req.valid('query');
      const runs = await listRuns(deps.store, {
        ...(q.kind === undefined ? {} : { kind: q.kind }),
        ...(q.limit === undefined ? {} : { limit: q.limit }),
      });
      return c.json({ runs: runs as unknown as Record<string, unknown>[] }, 200);
    })
    .openapi(show, async (c) => {
      const r = await getRun(deps.store, c.req.valid('param').id);
      return c.json(r as unknown as Record<string, unknown>, 200);
    })
    .openapi(compare, async (c) => {
      const ids = c.req
        .valid('query')
        .ids.split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      return c.json({ runs: await compareRuns(deps.store, ids) }, 200);
    })
    .openapi(models, async (c) => {
      const ms = await listRegisteredModels(deps.store);
      return c.json({ models: ms as unknown as Record<string, unknown>[] }, 200);
    })
    .openapi(model, async (c) => {
      const m = await getRegisteredModel(deps.store, c.req.valid('param').name);
      return c.json(m as unknown as Record<string, unknown>, 200);
    });
}
