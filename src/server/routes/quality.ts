import { z } from '@hono/zod-openapi';
import { XinzhiError } from '../../core/index.js';
import { allSeriesQuality, importQuality, seriesQuality } from '../../ingest/index.js';
import { guardedRoute } from '../auth/guard.js';
import { scopeOf } from '../auth/scope.js';
import { router, type ServerDeps } from '../context.js';
import { notFoundResponse, problemResponses } from '../schemas.js';

const SeriesQualitySchema = z
  .object({
    series: z.string(),
    unit: z.string(),
    points: z.number(),
    first: z.number().nullable(),
    last: z.number().nullable(),
    intervalMs: z.number().nullable(),
    intervalSource: z.enum(['configured', 'learned', 'unknown']),
    completeness: z.number(),
    validity: z.number(),
    accepted: z.number(),
    quarantined: z.number(),
    duplicates: z.number(),
    outliers: z.number(),
    gaps: z.object({ count: z.number(), totalMs: z.number() }),
    stuck: z.object({ runs: z.number(), points: z.number() }),
    ageMs: z.number().nullable(),
    freshness: z.number(),
    score: z.number(),
  })
  .openapi('SeriesQuality');

const route = guardedRoute('read', {
  method: 'get',
  path: '/quality',
  tags: ['quality'],
  summary: 'Data-quality report: completeness, validity, duplicates, outliers, gaps, freshness, score',
  request: {
    query: z.object({
      series: z.string().optional().openapi({ description: 'One series' }),
      asset: z.string().optional().openapi({ description: 'Series of this asset' }),
      import: z.coerce.number().int().positive().optional().openapi({ description: 'One import' }),
    }),
  },
  responses: {
    200: {
      description: 'Per series (and per import when `import` is given)',
      content: {
        'application/json': {
          schema: z.object({
            series: z.array(SeriesQualitySchema),
            import: z
              .object({
                import: z.number(),
                file: z.string(),
                status: z.string(),
                rows: z.number(),
                accepted: z.number(),
                quarantined: z.number(),
                duplicates: z.number(),
                outliers: z.number(),
                validity: z.number(),
                score: z.number(),
              })
              .optional(),
          }),
        },
      },
    },
    ...problemResponses,
    ...notFoundResponse,
  },
});

export function qualityRoutes(deps: ServerDeps) {
  return router().openapi(route, async (c) => {
    const q = c.req.valid('query');
    const now = deps.clock.now();
    const scope = await scopeOf(c, deps.store);
    if (q.import !== undefined) {
      const { series, ...imp } = await importQuality(deps.store, q.import, now);
      const mine = scope.filter(series, (s) => s.series);
      // Like GET /imports/{id}: an import none of whose series are in scope does not exist here.
      if (series.length > 0 ? mine.length === 0 : scope.narrowed || !scope.inOrg(undefined))
        throw new XinzhiError('NOT_FOUND', `no import ${q.import}`, { field: 'import' });
      return c.json({ series: mine, import: imp }, 200);
    }
    if (q.series !== undefined) {
      scope.assertReadable(q.series, 'series');
      return c.json({ series: [await seriesQuality(deps.store, q.series, now)] }, 200);
    }
    const all = await allSeriesQuality(deps.store, now, q.asset);
    return c.json({ series: scope.filter(all, (s) => s.series) }, 200);
  });
}
