import { z } from '@hono/zod-openapi';
import { XinzhiError } from '../../core/index.js';
import type { SeriesInput } from '../../store/index.js';
import { auditSnapshot } from '../auth/audit.js';
import { guardedRoute } from '../auth/guard.js';
import { scopeOf } from '../auth/scope.js';
import { router, type ServerDeps } from '../context.js';
import { notFoundResponse, problemResponses, SeriesPatchSchema, SeriesSchema } from '../schemas.js';

const IdPath = z.object({
  id: z
    .string()
    .min(1)
    .openapi({
      param: { name: 'id', in: 'path' },
      description: 'Series id, URL-encoded',
      example: 'plant1%2Fm3%2Ftemp',
    }),
});

const list = guardedRoute('read', {
  method: 'get',
  path: '/series',
  tags: ['series'],
  summary: 'List series',
  request: {
    query: z.object({ asset: z.string().optional().openapi({ description: 'Only series of this asset' }) }),
  },
  responses: {
    200: {
      description: 'Series',
      content: { 'application/json': { schema: z.object({ series: z.array(SeriesSchema) }) } },
    },
    ...problemResponses,
  },
});

const get = guardedRoute('read', {
  method: 'get',
  path: '/series/{id}',
  tags: ['series'],
  summary: 'One series with its settings',
  request: { params: IdPath },
  responses: {
    200: { description: 'The series', content: { 'application/json': { schema: SeriesSchema } } },
    ...problemResponses,
    ...notFoundResponse,
  },
});

const patch = guardedRoute('series:manage', {
  method: 'patch',
  path: '/series/{id}',
  tags: ['series'],
  summary: 'Change settings: range limits, retention, expected interval, description (operator)',
  request: {
    params: IdPath,
    body: { required: true, content: { 'application/json': { schema: SeriesPatchSchema } } },
  },
  responses: {
    200: { description: 'The updated series', content: { 'application/json': { schema: SeriesSchema } } },
    ...problemResponses,
    ...notFoundResponse,
  },
});

export function seriesRoutes(deps: ServerDeps) {
  const mustGet = async (id: string) => {
    const s = await deps.store.getSeries(id);
    if (!s) throw new XinzhiError('NOT_FOUND', `no series '${id}'`, { field: 'id' });
    return s;
  };
  const app = router();
  // Series settings before and after each change, in the request's audit line.
  app.use(
    '/series/:id',
    auditSnapshot(
      () => 'series.update',
      (c) => deps.store.getSeries(c.req.param('id') ?? ''),
    ),
  );
  return app
    .openapi(list, async (c) => {
      const { asset } = c.req.valid('query');
      const scope = await scopeOf(c, deps.store);
      const all = await deps.store.listSeries(asset === undefined ? {} : { assetId: asset });
      return c.json({ series: scope.filter(all, (s) => s.id) }, 200);
    })
    .openapi(get, async (c) => {
      const { id } = c.req.valid('param');
      (await scopeOf(c, deps.store)).assertReadable(id);
      return c.json(await mustGet(id), 200);
    })
    .openapi(patch, async (c) => {
      (await scopeOf(c, deps.store)).assertWritable(c.req.valid('param').id);
      const s = await mustGet(c.req.valid('param').id);
      const body = c.req.valid('json');
      const min = body.minValue === undefined ? s.minValue : body.minValue;
      const max = body.maxValue === undefined ? s.maxValue : body.maxValue;
      if (min !== null && max !== null && min > max)
        throw new XinzhiError('BAD_INPUT', `minValue ${min} is above maxValue ${max}`, { field: 'minValue' });
      const input: SeriesInput = {
        assetId: s.assetId,
        metric: s.metric,
        unit: s.unit,
        ...(body.description === undefined ? {} : { description: body.description }),
        ...(body.minValue === undefined ? {} : { minValue: body.minValue }),
        ...(body.maxValue === undefined ? {} : { maxValue: body.maxValue }),
        ...(body.retentionDays === undefined ? {} : { retentionDays: body.retentionDays }),
        ...(body.expectedIntervalMs === undefined ? {} : { expectedIntervalMs: body.expectedIntervalMs }),
        ...(body.signal === undefined ? {} : { signal: body.signal }),
      };
      return c.json(await deps.store.upsertSeries(input), 200);
    });
}
