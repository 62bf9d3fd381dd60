/**
 * `GET /series/{id}/export?format=csv|xlsx|parquet`: the HTTP side of `xinzhi query --format`.
 * The series, range, bucket and zone are checked first (a problem+json answer); then the file is
 * streamed as it is written (`exportSeries` in bounded memory), so a million points never sit in
 * the server's memory. An error after the first byte can only cut the download short: the
 * connection is reset, and a Parquet or XLSX file without its footer does not open.
 */
import { PassThrough, Readable } from 'node:stream';
import { z } from '@hono/zod-openapi';
import { XinzhiError } from '../../core/index.js';
import { type ExportFormat, exportSeries, querySeries } from '../../ingest/index.js';
import { guardedRoute } from '../auth/guard.js';
import { scopeOf } from '../auth/scope.js';
import { router, type ServerDeps } from '../context.js';
import { notFoundResponse, problemResponses } from '../schemas.js';

const TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  parquet: 'application/vnd.apache.parquet',
};

const exportRoute = guardedRoute('read', {
  method: 'get',
  path: '/series/{id}/export',
  tags: ['series'],
  summary: 'Download a series as CSV, XLSX or Parquet (points, or buckets with ?bucket=)',
  description:
    'As `xinzhi query --format`: every point in [from, to) (default the whole series; `limit` caps it), or ' +
    'buckets with min/max/mean/count/last. Times: CSV ISO 8601 with the offset of `tz`; XLSX date cells in ' +
    '`tz` wall clock, named in the header; Parquet TIMESTAMP(MILLIS, UTC).',
  request: {
    params: z.object({
      id: z
        .string()
        .min(1)
        .openapi({ param: { name: 'id', in: 'path' }, example: 'plant1%2Foven%2Ftemp' }),
    }),
    query: z.object({
      format: z
        .enum(['csv', 'xlsx', 'parquet'])
        .optional()
        .openapi({ description: 'File format; default csv' }),
      from: z
        .string()
        .max(64)
        .optional()
        .openapi({ description: 'ISO 8601 or epoch ms; default the first point' }),
      to: z.string().max(64).optional().openapi({ description: 'Exclusive; default after the last point' }),
      bucket: z
        .string()
        .max(16)
        .optional()
        .openapi({ description: '1m, 1h, 1d, 1w, 1mo…; omitted: raw points' }),
      tz: z.string().max(64).optional().openapi({ description: 'IANA zone or offset of the written times' }),
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .optional()
        .openapi({ description: 'Most raw points; default all' }),
    }),
  },
  responses: {
    200: {
      description: 'The file',
      content: {
        'text/csv': { schema: z.string() },
        [TYPES.xlsx]: { schema: z.string().openapi({ format: 'binary' }) },
        [TYPES.parquet]: { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    ...problemResponses,
    ...notFoundResponse,
  },
});

export function seriesExportRoutes(deps: ServerDeps) {
  return router().openapi(exportRoute, async (c) => {
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    const format = q.format ?? 'csv';
    (await scopeOf(c, deps.store)).assertReadable(id, 'id');
    // Everything that can be refused is refused here, before the 200 and the first byte.
    await querySeries(deps.store, {
      seriesId: id,
      from: q.from,
      to: q.to,
      bucket: q.bucket,
      tz: q.tz,
      limit: 1,
    });
    const pass = new PassThrough();
    exportSeries(
      deps.store,
      { seriesIds: [id], format, from: q.from, to: q.to, bucket: q.bucket, tz: q.tz, limit: q.limit },
      pass,
    ).then(
      () => pass.end(),
      (e: unknown) => {
        deps.logger.warn({ err: e, series: id }, 'series export failed after it started');
        pass.destroy(e instanceof Error ? e : new XinzhiError('INTERNAL', String(e)));
      },
    );
    const name = `${id.replaceAll('/', '_').replace(/[^\w.-]/g, '_')}.${format}`;
    return c.body(Readable.toWeb(pass) as ReadableStream, 200, {
      'content-type': TYPES[format],
      'content-disposition': `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(`${id.replaceAll('/', '_')}.${format}`)}`,
    }) as never;
  });
}
