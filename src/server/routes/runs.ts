import { z } from '@hono/zod-openapi';
import {
  compareRuns,
  getRegisteredModel,
  getRun,
  listRegisteredModels,
  listRuns,
  promoteModel,
  RegisteredModelSchema,
  RunComparisonSchema,
  RunRecordSchema,
  RunSummarySchema,
  registerModel,
  rollbackModel,
} from '../../analytics/runs/index.js';
import type { RulFeed } from '../../domains/maintenance/index.js';
import { guardedRoute } from '../auth/guard.js';
import { router, type ServerDeps } from '../context.js';
import { notFoundResponse, problemResponses } from '../schemas.js';

/**
 * Tracked training runs and the model registry (for the dashboard): reads for viewers; registering
 * a run's model, promoting a version and rolling back need the operator role (all writes do). A
 * change of production version restarts the live RUL monitors that use that model.
 */

const list = guardedRoute('read', {
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
      content: { 'application/json': { schema: z.object({ runs: z.array(RunSummarySchema) }) } },
    },
    ...problemResponses,
  },
});

const show = guardedRoute('read', {
  method: 'get',
  path: '/runs/{id}',
  tags: ['runs'],
  summary: 'One run: config, data fingerprint, per-step metrics, evaluation, artefacts',
  request: { params: z.object({ id: z.string() }) },
  responses: {
    200: { description: 'The run', content: { 'application/json': { schema: RunRecordSchema } } },
    ...problemResponses,
  },
});

const compare = guardedRoute('read', {
  method: 'get',
  path: '/runs-compare',
  tags: ['runs'],
  summary: 'Final evaluation and config of several runs side by side',
  request: { query: z.object({ ids: z.string().openapi({ description: 'Comma-separated run ids' }) }) },
  responses: {
    200: {
      description: 'Runs',
      content: { 'application/json': { schema: z.object({ runs: z.array(RunComparisonSchema) }) } },
    },
    ...problemResponses,
  },
});

const models = guardedRoute('read', {
  method: 'get',
  path: '/models',
  tags: ['runs'],
  summary: 'Registered models: versions and the one in production',
  responses: {
    200: {
      description: 'Models',
      content: { 'application/json': { schema: z.object({ models: z.array(RegisteredModelSchema) }) } },
    },
    ...problemResponses,
  },
});

const model = guardedRoute('read', {
  method: 'get',
  path: '/models/{name}',
  tags: ['runs'],
  summary: 'One registered model',
  request: { params: z.object({ name: z.string() }) },
  responses: {
    200: { description: 'The model', content: { 'application/json': { schema: RegisteredModelSchema } } },
    ...problemResponses,
  },
});

const NameParam = z.object({ name: z.string().min(1) });
const registryResponses = {
  200: {
    description: 'The registered model after the change',
    content: { 'application/json': { schema: RegisteredModelSchema } },
  },
  ...problemResponses,
  ...notFoundResponse,
} as const;

const register = guardedRoute('series:manage', {
  method: 'post',
  path: '/models/{name}/versions',
  tags: ['runs'],
  summary: 'Add a finished run’s model as the next version (operator)',
  request: {
    params: NameParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ runId: z.string().min(1), note: z.string().max(500).optional() }),
        },
      },
    },
  },
  responses: registryResponses,
});

const promote = guardedRoute('series:manage', {
  method: 'post',
  path: '/models/{name}/promote',
  tags: ['runs'],
  summary: 'Put a version in production (operator)',
  request: {
    params: NameParam,
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ version: z.number().int().min(1) }) } },
    },
  },
  responses: registryResponses,
});

const rollback = guardedRoute('series:manage', {
  method: 'post',
  path: '/models/{name}/rollback',
  tags: ['runs'],
  summary: 'Restore the version that was in production before the current one (operator)',
  request: { params: NameParam },
  responses: registryResponses,
});

export function runRoutes(deps: ServerDeps, rul?: RulFeed) {
  const changed = async (name: string) => {
    await rul?.reloadModel(name);
    return getRegisteredModel(deps.store, name);
  };
  return router()
    .openapi(list, async (c) => {
      const q = c.req.valid('query');
      const runs = await listRuns(deps.store, {
        ...(q.kind === undefined ? {} : { kind: q.kind }),
        ...(q.limit === undefined ? {} : { limit: q.limit }),
      });
      return c.json({ runs }, 200);
    })
    .openapi(show, async (c) => {
      const r = await getRun(deps.store, c.req.valid('param').id);
      return c.json(r, 200);
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
      return c.json({ models: ms }, 200);
    })
    .openapi(model, async (c) => {
      const m = await getRegisteredModel(deps.store, c.req.valid('param').name);
      return c.json(m, 200);
    })
    .openapi(register, async (c) => {
      const { name } = c.req.valid('param');
      const body = c.req.valid('json');
      await registerModel(deps.store, name, body.runId, {
        now: deps.clock.now(),
        ...(body.note === undefined ? {} : { note: body.note }),
      });
      return c.json(await changed(name), 200);
    })
    .openapi(promote, async (c) => {
      const { name } = c.req.valid('param');
      const { version } = c.req.valid('json');
      await promoteModel(deps.store, name, version, deps.clock.now());
      return c.json(await changed(name), 200);
    })
    .openapi(rollback, async (c) => {
      const { name } = c.req.valid('param');
      await rollbackModel(deps.store, name, deps.clock.now());
      return c.json(await changed(name), 200);
    });
}
