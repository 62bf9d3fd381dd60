import { z } from '@hono/zod-openapi';
import { changeSeries, requireSeries } from '../../domains/series/index.js';
import { auditSnapshot } from '../auth/audit.js';
import { guardedRoute } from '../auth/guard.js';
import { scopeOf } from '../auth/scope.js';
import { router, type ServerDeps } from '../context.js';
import {
  notFoundResponse,
  problemResponses,
  SeriesIdPath,
  SeriesPatchSchema,
  SeriesSchema,
} from '../schemas.js';
import { readOneRoute } from './read-one-route.js';

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

const get = readOneRoute({
  path: '/series/{id}',
  tags: ['series'],
  summary: 'One series with its settings',
  params: SeriesIdPath,
  schema: SeriesSchema,
  description: 'The series',
});

const patch = guardedRoute('series:manage', {
  method: 'patch',
  path: '/series/{id}',
  tags: ['series'],
  summary: 'Change settings: range limits, retention, expected interval, description (operator)',
  request: {
    params: SeriesIdPath,
    body: { required: true, content: { 'application/json': { schema: SeriesPatchSchema } } },
  },
  responses: {
    200: { description: 'The updated series', content: { 'application/json': { schema: SeriesSchema } } },
    ...problemResponses,
    ...notFoundResponse,
  },
});

export function seriesRoutes(deps: ServerDeps) {
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
      return c.json(await requireSeries(deps.store, id), 200);
    })
    .openapi(patch, async (c) => {
      const { id } = c.req.valid('param');
      (await scopeOf(c, deps.store)).assertWritable(id);
      return c.json((await changeSeries(deps.store, id, c.req.valid('json'))).series, 200);
    });
}
