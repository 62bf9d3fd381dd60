import { z } from '@hono/zod-openapi';
import { DEFAULT_ORG, XinzhiError } from '../../core/index.js';
import { guardedRoute } from '../auth/guard.js';
import { scopeOf } from '../auth/scope.js';
import { router, type ServerDeps, timeParam } from '../context.js';
import { EventInputSchema, EventSchema, problemResponses } from '../schemas.js';

const list = guardedRoute('read', {
  method: 'get',
  path: '/events',
  tags: ['events'],
  summary: 'Events (alarms, notes, state changes), newest filters first',
  request: {
    query: z.object({
      from: z.string().optional(),
      to: z.string().optional(),
      kind: z.string().optional(),
      asset: z.string().optional(),
      series: z.string().optional(),
      after: z.coerce.number().int().min(0).optional().openapi({ description: 'Only ids greater than this' }),
      limit: z.coerce.number().int().min(1).max(10_000).optional().openapi({ description: 'Default 1000' }),
    }),
  },
  responses: {
    200: {
      description: 'Events',
      content: { 'application/json': { schema: z.object({ events: z.array(EventSchema) }) } },
    },
    ...problemResponses,
  },
});

const create = guardedRoute('data:write', {
  method: 'post',
  path: '/events',
  tags: ['events'],
  summary: 'Append an event (operator)',
  request: { body: { required: true, content: { 'application/json': { schema: EventInputSchema } } } },
  responses: {
    201: { description: 'The stored event', content: { 'application/json': { schema: EventSchema } } },
    ...problemResponses,
  },
});

export function eventRoutes(deps: ServerDeps) {
  return router()
    .openapi(list, async (c) => {
      const q = c.req.valid('query');
      const scope = await scopeOf(c, deps.store);
      const found = await deps.store.listEvents({
        ...(q.from === undefined ? {} : { from: timeParam(q.from, 'from', 0) }),
        ...(q.to === undefined ? {} : { to: timeParam(q.to, 'to', 0) }),
        ...(q.kind === undefined ? {} : { kind: q.kind }),
        ...(q.asset === undefined ? {} : { assetId: q.asset }),
        ...(q.series === undefined ? {} : { seriesId: q.series }),
        ...(q.after === undefined ? {} : { afterId: q.after }),
        limit: q.limit ?? 1000,
      });
      const events = found.filter((e) => scope.eventVisible(e));
      return c.json({ events: events.map((e) => ({ ...e, data: { ...e.data } })) }, 200);
    })
    .openapi(create, async (c) => {
      const b = c.req.valid('json');
      const scope = await scopeOf(c, deps.store);
      const target = b.seriesId ?? b.assetId;
      if (target) scope.assertWritable(target, b.seriesId ? 'seriesId' : 'assetId');
      if (b.seriesId && b.assetId) scope.assertWritable(b.assetId, 'assetId');
      if (!target) scope.assertOrgWritable('events without an asset');
      // An event about no asset belongs to the organisation of whoever recorded it.
      const data = !target && scope.org !== DEFAULT_ORG ? { ...b.data, org: scope.org } : b.data;
      const ts = b.ts === undefined ? deps.clock.now() : timeParam(String(b.ts), 'ts', 0);
      if (b.seriesId && !(await deps.store.getSeries(b.seriesId)))
        throw new XinzhiError('BAD_INPUT', `no series '${b.seriesId}'`, { field: 'seriesId' });
      if (b.assetId && !(await deps.store.getAsset(b.assetId)))
        throw new XinzhiError('BAD_INPUT', `no asset '${b.assetId}'`, { field: 'assetId' });
      const e = await deps.store.appendEvent({
        ts,
        kind: b.kind,
        message: b.message,
        ...(b.severity === undefined ? {} : { severity: b.severity }),
        ...(b.assetId === undefined ? {} : { assetId: b.assetId }),
        ...(b.seriesId === undefined ? {} : { seriesId: b.seriesId }),
        ...(data === undefined ? {} : { data }),
      });
      return c.json({ ...e, data: { ...e.data } }, 201);
    });
}
