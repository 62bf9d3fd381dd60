/**
 * The audit log, read-only: filters, paging (newest first, `before` = the last id seen) and export
 * as CSV or NDJSON. An admin sees the lines of their own organisation. There is deliberately no
 * route that changes or deletes a line.
 */
import { z } from '@hono/zod-openapi';
import { auditCsv, auditNdjson } from '../auth/audit-export.js';
import { guardedRoute } from '../auth/guard.js';
import { router, type ServerDeps, timeParam } from '../context.js';
import { problemResponses } from '../schemas.js';

const AuditSchema = z
  .object({
    id: z.number().int(),
    ts: z.number(),
    actorKind: z.string(),
    actorId: z.number().nullable(),
    actorName: z.string(),
    org: z.string().nullable(),
    action: z.string(),
    method: z.string().nullable(),
    path: z.string().nullable(),
    target: z.string().nullable(),
    status: z.number().nullable(),
    ip: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    comment: z.string().nullable(),
  })
  .openapi('AuditRecord');

const list = guardedRoute('access:manage', {
  method: 'get',
  path: '/audit',
  tags: ['audit'],
  summary: 'Audit log of every write, newest first (JSON, CSV or NDJSON)',
  request: {
    query: z.object({
      from: z.string().optional().openapi({ description: 'ISO 8601 or epoch ms' }),
      to: z.string().optional().openapi({ description: 'Exclusive end' }),
      actor: z.string().max(200).optional(),
      action: z.string().max(100).optional().openapi({ description: 'Exact, or a prefix ending in `.`' }),
      target: z.string().max(2000).optional(),
      before: z.coerce
        .number()
        .int()
        .min(1)
        .optional()
        .openapi({ description: 'Only ids below this (next page)' }),
      limit: z.coerce.number().int().min(1).max(10_000).optional().openapi({ description: 'Default 100' }),
      format: z.enum(['json', 'csv', 'ndjson']).optional().openapi({ description: 'Default json' }),
    }),
  },
  responses: {
    200: {
      description: 'Audit lines',
      content: {
        'application/json': {
          schema: z.object({ records: z.array(AuditSchema), next: z.number().nullable() }),
        },
        'text/csv': { schema: z.string() },
        'application/x-ndjson': { schema: z.string() },
      },
    },
    ...problemResponses,
  },
});

export function auditRoutes(deps: ServerDeps) {
  return router().openapi(list, async (c) => {
    const q = c.req.valid('query');
    const p = c.get('principal');
    const limit = q.limit ?? 100;
    const records = await deps.store.listAudit({
      ...(q.from === undefined ? {} : { from: timeParam(q.from, 'from', 0) }),
      ...(q.to === undefined ? {} : { to: timeParam(q.to, 'to', 0) }),
      ...(q.actor === undefined ? {} : { actor: q.actor }),
      ...(q.action === undefined ? {} : { action: q.action }),
      ...(q.target === undefined ? {} : { target: q.target }),
      ...(q.before === undefined ? {} : { beforeId: q.before }),
      ...(p.kind === 'system' ? {} : { org: p.scope.org }),
      limit,
    });
    const stamp = new Date(deps.clock.now()).toISOString().replace(/[:.]/g, '-');
    if (q.format === 'csv')
      return c.body(auditCsv(records), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="xinzhi-audit-${stamp}.csv"`,
      }) as never;
    if (q.format === 'ndjson')
      return c.body(auditNdjson(records), 200, { 'content-type': 'application/x-ndjson' }) as never;
    const next = records.length === limit ? (records.at(-1)?.id ?? null) : null;
    return c.json({ records, next }, 200);
  });
}
