import { z } from '@hono/zod-openapi';
import { XinzhiError } from '../../core/index.js';
import { createRulFeed, type RulFeed, type RulMapping } from '../../domains/maintenance/index.js';
import * as rulMappingSchemas from '../../domains/maintenance/rul-mapping-schema.js';
import { guardedRoute } from '../auth/guard.js';
import { scopeOf } from '../auth/scope.js';
import { router, type ServerDeps } from '../context.js';
import { notFoundResponse, problemResponses } from '../schemas.js';

/**
 * Remaining useful life on live data: which machines' telemetry feeds which model (mappings, written
 * by operators), and per machine the current RUL with its 90 % band, the latest safe stop and the
 * trend of past updates. The monitors themselves run in the maintenance service's RUL feed
 * (`domains/maintenance/rul-feed.ts`).
 */
const { RulMappingInputSchema: MappingBody, RulMappingSchema: MappingSchema } = rulMappingSchemas;

const PointSchema = z
  .object({
    ts: z.number(),
    rulMs: z.number().nullable().openapi({ description: 'null: no measurable degradation (unbounded)' }),
    lowMs: z.number().nullable(),
    highMs: z.number().nullable(),
    healthIndex: z.number().nullable(),
    latestSafeStop: z.number().nullable(),
    alarm: z.boolean(),
  })
  .openapi('RulPoint');
const StatusSchema = z
  .object({
    assetId: z.string(),
    model: z.string(),
    state: z.enum(['waiting', 'healthy', 'degrading', 'alarm', 'error']),
    current: z.union([PointSchema, z.null()]),
    alarmBelowMs: z.number(),
    lastAlarmAt: z
      .number()
      .nullable()
      .openapi({ description: 'Time of the latest update in alarm among those kept (a past episode)' }),
    error: z.string().optional(),
  })
  .openapi('RulStatus');
const AssetParam = z.object({
  asset: z
    .string()
    .min(1)
    .openapi({ description: 'Asset id, URL-encoded (e.g. factory1%2Fassembly%2Fline1%2Fcnc-02)' }),
});

const listMappings = guardedRoute('read', {
  method: 'get',
  path: '/rul/mappings',
  tags: ['rul'],
  summary: 'Machines whose telemetry feeds a RUL model',
  responses: {
    200: {
      description: 'Mappings',
      content: { 'application/json': { schema: z.object({ mappings: z.array(MappingSchema) }) } },
    },
    ...problemResponses,
  },
});

const putMapping = guardedRoute('series:manage', {
  method: 'put',
  path: '/rul/mappings/{asset}',
  tags: ['rul'],
  summary: 'Map a machine’s telemetry to a model and (re)start its monitor (operator)',
  request: {
    params: AssetParam,
    body: { required: true, content: { 'application/json': { schema: MappingBody } } },
  },
  responses: {
    200: {
      description: 'The monitor’s status after the replay started',
      content: { 'application/json': { schema: StatusSchema } },
    },
    ...problemResponses,
  },
});

const deleteMapping = guardedRoute('series:manage', {
  method: 'delete',
  path: '/rul/mappings/{asset}',
  tags: ['rul'],
  summary: 'Stop monitoring a machine (operator)',
  request: { params: AssetParam },
  responses: {
    200: {
      description: 'Removed',
      content: { 'application/json': { schema: z.object({ removed: z.string() }) } },
    },
    ...problemResponses,
    ...notFoundResponse,
  },
});

const statusList = guardedRoute('read', {
  method: 'get',
  path: '/rul/status',
  tags: ['rul'],
  summary: 'Current RUL, band and latest safe stop of every monitored machine',
  responses: {
    200: {
      description: 'Statuses',
      content: { 'application/json': { schema: z.object({ assets: z.array(StatusSchema) }) } },
    },
    ...problemResponses,
  },
});

const statusOne = guardedRoute('read', {
  method: 'get',
  path: '/rul/status/{asset}',
  tags: ['rul'],
  summary: 'One machine: current RUL with band, latest safe stop and the trend of past updates',
  request: { params: AssetParam },
  responses: {
    200: {
      description: 'Status with history (oldest first)',
      content: { 'application/json': { schema: StatusSchema.extend({ history: z.array(PointSchema) }) } },
    },
    ...problemResponses,
    ...notFoundResponse,
  },
});

/** `feed` is the server's running RUL feed; without one (apps built in tests) a feed is started on first use. */
export function rulRoutes(deps: ServerDeps, feed?: RulFeed) {
  let lazy: Promise<RulFeed> | undefined;
  const getFeed = (): Promise<RulFeed> => {
    if (feed) return Promise.resolve(feed);
    lazy ??= (async () => {
      const f = createRulFeed({ store: deps.store, bus: deps.bus, logger: deps.logger });
      await f.start();
      return f;
    })();
    return lazy;
  };
  const mustStatus = (f: RulFeed, asset: string) => {
    const s = f.status(asset);
    if (!s) throw new XinzhiError('NOT_FOUND', `no RUL mapping for asset '${asset}'`, { field: 'asset' });
    return s;
  };
  return router()
    .openapi(listMappings, async (c) => {
      const scope = await scopeOf(c, deps.store);
      const ms = scope.filter(await (await getFeed()).mappings(), (m) => m.assetId);
      return c.json({ mappings: ms }, 200);
    })
    .openapi(putMapping, async (c) => {
      const { asset } = c.req.valid('param');
      const scope = await scopeOf(c, deps.store);
      scope.assertWritable(asset, 'asset');
      const body = c.req.valid('json');
      // The model reads these series: all must be in scope, or the RUL would reveal others' data.
      const read = body as { series?: Record<string, unknown>; gate?: { seriesId?: string } | null };
      for (const id of Object.keys(read.series ?? {})) scope.assertWritable(id, `series.${id}`);
      if (read.gate?.seriesId) scope.assertWritable(read.gate.seriesId, 'gate.seriesId');
      const mapping = {
        ...body,
        assetId: asset,
        updatedAt: deps.clock.now(),
      } as RulMapping;
      const s = await (await getFeed()).putMapping(mapping);
      return c.json(s, 200);
    })
    .openapi(deleteMapping, async (c) => {
      const { asset } = c.req.valid('param');
      (await scopeOf(c, deps.store)).assertWritable(asset, 'asset');
      if (!(await (await getFeed()).deleteMapping(asset)))
        throw new XinzhiError('NOT_FOUND', `no RUL mapping for asset '${asset}'`, { field: 'asset' });
      return c.json({ removed: asset }, 200);
    })
    .openapi(statusList, async (c) => {
      const scope = await scopeOf(c, deps.store);
      return c.json({ assets: scope.filter((await getFeed()).status(), (s) => s.assetId) }, 200);
    })
    .openapi(statusOne, async (c) => {
      const f = await getFeed();
      const { asset } = c.req.valid('param');
      (await scopeOf(c, deps.store)).assertReadable(asset, 'asset');
      return c.json({ ...mustStatus(f, asset), history: [...f.history(asset)] }, 200);
    });
}
