import { z } from '@hono/zod-openapi';
import { DEFAULT_ORG, XinzhiError } from '../../core/index.js';
import { resubmitQuarantine } from '../../ingest/index.js';
import type { QuarantineRow } from '../../store/index.js';
import { guardedRoute } from '../auth/guard.js';
import { type ScopeCheck, scopedPipeline, scopeOf } from '../auth/scope.js';
import { router, type ServerDeps } from '../context.js';
import {
  IdParam,
  IngestResultSchema,
  notFoundResponse,
  problemResponses,
  QuarantineRowSchema,
} from '../schemas.js';

const list = guardedRoute('read', {
  method: 'get',
  path: '/quarantine',
  tags: ['quarantine'],
  summary: 'Rejected input with the reasons',
  request: {
    query: z.object({
      status: z
        .enum(['open', 'resubmitted', 'discarded'])
        .optional()
        .openapi({ description: 'Default: open' }),
      series: z.string().optional(),
      import: z.coerce.number().int().positive().optional(),
      limit: z.coerce.number().int().min(1).max(10_000).optional().openapi({ description: 'Default 100' }),
      offset: z.coerce.number().int().min(0).optional(),
    }),
  },
  responses: {
    200: {
      description: 'Quarantined rows',
      content: { 'application/json': { schema: z.object({ rows: z.array(QuarantineRowSchema) }) } },
    },
    ...problemResponses,
  },
});

const show = guardedRoute('read', {
  method: 'get',
  path: '/quarantine/{id}',
  tags: ['quarantine'],
  summary: 'One quarantined row',
  request: { params: IdParam },
  responses: {
    200: { description: 'The row', content: { 'application/json': { schema: QuarantineRowSchema } } },
    ...problemResponses,
    ...notFoundResponse,
  },
});

const discard = guardedRoute('data:write', {
  method: 'post',
  path: '/quarantine/{id}/discard',
  tags: ['quarantine'],
  summary: 'Discard a row for good (operator)',
  request: { params: IdParam },
  responses: {
    200: {
      description: 'The row, now discarded',
      content: { 'application/json': { schema: QuarantineRowSchema } },
    },
    ...problemResponses,
    ...notFoundResponse,
  },
});

const resubmit = guardedRoute('data:write', {
  method: 'post',
  path: '/quarantine/{id}/resubmit',
  tags: ['quarantine'],
  summary: 'Fix and send a row through the pipeline again (operator); 400 if it is still rejected',
  request: {
    params: IdParam,
    body: {
      required: false,
      content: {
        'application/json': {
          schema: z
            .object({
              raw: z
                .string()
                .optional()
                .openapi({ description: 'Corrected verbatim text (CSV line or JSON reading)' }),
              seriesId: z.string().min(1).optional(),
              ts: z.union([z.string(), z.number()]).optional(),
              value: z.union([z.string(), z.number()]).optional(),
              unit: z.string().optional(),
            })
            .strict()
            .openapi('QuarantineFix'),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'What the pipeline accepted',
      content: { 'application/json': { schema: IngestResultSchema.extend({ id: z.number().int() }) } },
    },
    ...problemResponses,
    ...notFoundResponse,
  },
});

const copy = (r: QuarantineRow) => ({
  ...r,
  reasons: r.reasons.map((x) => ({
    code: x.code,
    message: x.message,
    ...(x.where === undefined ? {} : { where: x.where }),
  })),
});

/** A row is seen by its series' scope; rows naming no series only by whole-installation principals. */
const visible = (scope: ScopeCheck, row: { seriesId: string | null }): boolean =>
  row.seriesId === null ? !scope.narrowed && scope.inOrg(DEFAULT_ORG) : scope.covers(row.seriesId);

function mayChange(scope: ScopeCheck, row: { id: number; seriesId: string | null }): void {
  if (!visible(scope, row))
    throw new XinzhiError(
      'FORBIDDEN',
      `quarantine row ${row.id} is outside the scope of ${scope.principal.name}`,
      {
        field: 'id',
      },
    );
}

export function quarantineRoutes(deps: ServerDeps) {
  const mustGet = async (id: number) => {
    const row = await deps.store.getQuarantine(id);
    if (!row) throw new XinzhiError('NOT_FOUND', `no quarantine row ${id}`, { field: 'id' });
    return row;
  };
  return router()
    .openapi(list, async (c) => {
      const q = c.req.valid('query');
      const scope = await scopeOf(c, deps.store);
      const rows = await deps.store.listQuarantine({
        status: q.status ?? 'open',
        limit: q.limit ?? 100,
        ...(q.series === undefined ? {} : { seriesId: q.series }),
        ...(q.import === undefined ? {} : { importId: q.import }),
        ...(q.offset === undefined ? {} : { offset: q.offset }),
      });
      return c.json({ rows: rows.filter((r) => visible(scope, r)).map(copy) }, 200);
    })
    .openapi(show, async (c) => {
      const scope = await scopeOf(c, deps.store);
      const row = await mustGet(c.req.valid('param').id);
      if (!visible(scope, row))
        throw new XinzhiError('NOT_FOUND', `no quarantine row ${row.id}`, { field: 'id' });
      return c.json(copy(row), 200);
    })
    .openapi(discard, async (c) => {
      const { id } = c.req.valid('param');
      const scope = await scopeOf(c, deps.store);
      const row = await mustGet(id);
      mayChange(scope, row);
      if (row.status !== 'open')
        throw new XinzhiError('CONFLICT', `quarantine row ${id} is already ${row.status}`, { field: 'id' });
      await deps.store.resolveQuarantine(id, 'discarded');
      return c.json(copy(await mustGet(id)), 200);
    })
    .openapi(resubmit, async (c) => {
      const { id } = c.req.valid('param');
      // An empty body means "try again as it is" (e.g. after fixing the series' range limits).
      const text = await c.req.text();
      const fix = text.trim() === '' ? {} : c.req.valid('json');
      const scope = await scopeOf(c, deps.store);
      mayChange(scope, await mustGet(id));
      const pipeline = scopedPipeline(deps.pipeline, scope);
      const r = await resubmitQuarantine(id, fix, { store: deps.store, pipeline });
      return c.json(
        {
          id: r.id,
          accepted: r.accepted,
          quarantined: r.quarantined,
          duplicates: r.duplicates,
          outliers: r.outliers,
          series: [...r.series],
          rejections: r.rejections.map((x) => ({ location: x.location, issues: [...x.issues] })),
        },
        200,
      );
    });
}
