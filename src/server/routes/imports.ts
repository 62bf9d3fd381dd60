import { createRoute, z } from '@hono/zod-openapi';
import { XinzhiError } from '../../core/index.js';
import type { ImportRecord } from '../../store/index.js';
import { router, type ServerDeps } from '../context.js';
import { IdParam, ImportSchema, notFoundResponse, problemResponses } from '../schemas.js';

const list = createRoute({
  method: 'get',
  path: '/imports',
  tags: ['imports'],
  summary: 'Recent imports (files, HTTP batches, MQTT sessions), newest first',
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(1000).optional().openapi({ description: 'Default 50' }),
    }),
  },
  responses: {
    200: {
      description: 'Imports',
      content: { 'application/json': { schema: z.object({ imports: z.array(ImportSchema) }) } },
    },
    ...problemResponses,
  },
});

const show = createRoute({
  method: 'get',
  path: '/imports/{id}',
  tags: ['imports'],
  summary: 'One import, with live progress while it runs',
  request: { params: IdParam },
  responses: {
    200: { description: 'The import', content: { 'application/json': { schema: ImportSchema } } },
    ...problemResponses,
    ...notFoundResponse,
  },
});

/** Live progress of imports running in this process, keyed by import id. */
export type ImportProgress = Map<
  number,
  { bytes: number; rows: number; accepted: number; quarantined: number }
>;

export function importView(r: ImportRecord, progress?: ImportProgress) {
  const p = progress?.get(r.id);
  return {
    id: r.id,
    source: r.source,
    format: r.format,
    startedAt: r.startedAt,
    ...(r.finishedAt === undefined ? {} : { finishedAt: r.finishedAt }),
    ...(r.rows === undefined ? {} : { rows: r.rows }),
    ...(r.accepted === undefined ? {} : { accepted: r.accepted }),
    ...(r.quarantined === undefined ? {} : { quarantined: r.quarantined }),
    ...(r.duplicates === undefined ? {} : { duplicates: r.duplicates }),
    ...(r.outliers === undefined ? {} : { outliers: r.outliers }),
    ...(r.series === undefined ? {} : { series: [...r.series] }),
    status: r.status ?? ('running' as const),
    ...(r.error === undefined ? {} : { error: r.error }),
    ...(p ? { progress: { ...p } } : {}),
  };
}

export function importRoutes(deps: ServerDeps, progress: ImportProgress) {
  return router()
    .openapi(list, async (c) => {
      const imports = await deps.store.listImports(c.req.valid('query').limit ?? 50);
      return c.json({ imports: imports.map((r) => importView(r, progress)) }, 200);
    })
    .openapi(show, async (c) => {
      const { id } = c.req.valid('param');
      const r = await deps.store.getImport(id);
      if (!r) throw new XinzhiError('NOT_FOUND', `no import ${id}`, { field: 'id' });
      return c.json(importView(r, progress), 200);
    });
}
