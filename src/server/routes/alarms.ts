import { z } from '@hono/zod-openapi';
import {
  AlarmSchema,
  createAlarmService,
  KPI_TARGETS,
  MAX_SHELVE_MS,
  storedAlarmKpis,
} from '../../analytics/index.js';
import { XinzhiError } from '../../core/index.js';
import { actingAs } from '../auth/audit.js';
import { guardedRoute } from '../auth/guard.js';
import { scopeOf } from '../auth/scope.js';
import { router, type ServerDeps, timeParam } from '../context.js';
import { notFoundResponse, problemResponses } from '../schemas.js';

const KeyBody = z.object({
  key: z.string().min(1).openapi({ description: '`source|condition`, e.g. `plant1/oven/temp|limit:high`' }),
  user: z.string().min(1).max(200).optional().openapi({
    description: 'Ignored as identity (the signed-in principal acts); kept as a comment in the audit log',
  }),
});

const list = guardedRoute('read', {
  method: 'get',
  path: '/alarms',
  tags: ['alarms'],
  summary: 'Alarms, most recently changed first',
  request: {
    query: z.object({
      open: z
        .enum(['true', 'false'])
        .optional()
        .openapi({ description: 'Only open (or only closed) alarms' }),
      source: z.string().optional(),
    }),
  },
  responses: {
    200: {
      description: 'Alarms',
      content: { 'application/json': { schema: z.object({ alarms: z.array(AlarmSchema) }) } },
    },
    ...problemResponses,
  },
});

const HOUR = 3_600_000;
/** How far before `from` the KPIs look for alarms still standing (raised earlier, never cleared). */

const BadActorSchema = z.object({
  key: z.string(),
  source: z.string(),
  condition: z.string(),
  count: z.number(),
  share: z.number(),
});
const KpiSchema = z
  .object({
    from: z.number(),
    to: z.number(),
    consoles: z.number(),
    annunciated: z.number(),
    silenced: z.number(),
    perHour: z.number(),
    per10Min: z.number(),
    peak10Min: z.object({ count: z.number(), at: z.number().nullable() }),
    floods: z.object({ intervals: z.number(), share: z.number() }),
    topBadActors: z.array(BadActorSchema),
    top10Share: z.number(),
    chattering: z.array(z.object({ key: z.string(), maxPerMinute: z.number(), count: z.number() })),
    standing: z.array(
      z.object({
        key: z.string(),
        source: z.string(),
        condition: z.string(),
        severity: z.enum(['info', 'warning', 'minor', 'major', 'critical']).nullable(),
        since: z.number(),
        activeMs: z.number(),
        stale: z.boolean(),
      }),
    ),
    shelved: z.array(
      z.object({
        key: z.string(),
        since: z.number(),
        until: z.number().nullable(),
        by: z.string().nullable(),
      }),
    ),
    meets: z.object({ perHour: z.boolean(), peak10Min: z.boolean(), noChattering: z.boolean() }),
    targets: z.object({ perHour: z.number(), per10Min: z.number(), chatterPerMinute: z.number() }),
  })
  .openapi('AlarmKpis');

const kpis = guardedRoute('read', {
  method: 'get',
  path: '/alarms/kpis',
  tags: ['alarms'],
  summary:
    'Alarm-system KPIs after EEMUA 191 / ISA-18.2: rate, peak 10 min, bad actors, chattering, standing, shelved',
  request: {
    query: z.object({
      from: z.string().optional().openapi({ description: 'ISO 8601 or epoch ms; default 24 h before `to`' }),
      to: z.string().optional().openapi({ description: 'ISO 8601 or epoch ms; default now' }),
      consoles: z.coerce
        .number()
        .int()
        .min(1)
        .max(100)
        .optional()
        .openapi({ description: 'Operator consoles sharing the load (rates are per console); default 1' }),
    }),
  },
  responses: {
    200: { description: 'Alarm KPIs of the window', content: { 'application/json': { schema: KpiSchema } } },
    ...problemResponses,
  },
});

const act = (path: string, summary: string, body: z.ZodTypeAny) =>
  guardedRoute('alarms:ack', {
    method: 'post',
    path,
    tags: ['alarms'],
    summary,
    request: { body: { required: true, content: { 'application/json': { schema: body } } } },
    responses: {
      200: {
        description: 'The alarm after the action',
        content: { 'application/json': { schema: AlarmSchema } },
      },
      ...problemResponses,
      ...notFoundResponse,
    },
  });

const ack = act('/alarms/ack', 'Acknowledge an alarm (operator)', KeyBody);
const shelve = act(
  '/alarms/shelve',
  'Shelve an alarm for a while: recorded, not notified (operator)',
  KeyBody.extend({
    minutes: z
      .number()
      .positive()
      .max(MAX_SHELVE_MS / 60_000),
  }),
);
const unshelve = act('/alarms/unshelve', 'Unshelve an alarm (operator)', KeyBody);

/** Alarm list and operator actions over the alarm service (records in the Store's documents). */
export function alarmRoutes(deps: ServerDeps) {
  const alarms = deps.alarms ?? createAlarmService({ store: deps.store, logger: deps.logger });
  /** An alarm is its source series' (or asset's): changing one out of scope is FORBIDDEN. */
  const mayChange = async (c: Parameters<typeof scopeOf>[0], key: string) => {
    const a = await alarms.get(key);
    if (a) (await scopeOf(c, deps.store)).assertWritable(a.source, 'key');
  };
  return router()
    .openapi(list, async (c) => {
      const q = c.req.valid('query');
      const scope = await scopeOf(c, deps.store);
      const all = await alarms.list({
        ...(q.open === undefined ? {} : { open: q.open === 'true' }),
        ...(q.source === undefined ? {} : { source: q.source }),
      });
      const out = scope.filter(all, (a) => a.source);
      return c.json({ alarms: out }, 200);
    })
    .openapi(kpis, async (c) => {
      const q = c.req.valid('query');
      const to = timeParam(q.to, 'to', deps.clock.now());
      const from = timeParam(q.from, 'from', to - 24 * HOUR);
      if (!(from < to)) throw new XinzhiError('BAD_INPUT', 'from must be before to', { field: 'from' });
      if (to - from > 366 * 24 * HOUR)
        throw new XinzhiError('BAD_INPUT', 'the window may span at most 366 days', { field: 'from' });
      const scope = await scopeOf(c, deps.store);
      // An alarm's scope is its source's, as in the list.
      const { kpis: k } = await storedAlarmKpis(deps.store, {
        from,
        to,
        ...(q.consoles === undefined ? {} : { consoles: q.consoles }),
        keep: (e) => typeof e.data.source !== 'string' || scope.filter([e.data.source], (s) => s).length > 0,
      });
      return c.json(
        {
          ...k,
          topBadActors: [...k.topBadActors],
          chattering: [...k.chattering],
          standing: [...k.standing],
          shelved: [...k.shelved],
          targets: { ...KPI_TARGETS },
        },
        200,
      );
    })
    .openapi(ack, async (c) => {
      const b = c.req.valid('json') as z.infer<typeof KeyBody>;
      await mayChange(c, b.key);
      const ts = deps.clock.now();
      return c.json(await alarms.operate({ kind: 'ack', key: b.key, user: actingAs(c, b.user), ts }), 200);
    })
    .openapi(shelve, async (c) => {
      const b = c.req.valid('json') as z.infer<typeof KeyBody> & { minutes: number };
      await mayChange(c, b.key);
      const ts = deps.clock.now();
      const until = ts + b.minutes * 60_000;
      return c.json(
        await alarms.operate({ kind: 'shelve', key: b.key, user: actingAs(c, b.user), until, ts }),
        200,
      );
    })
    .openapi(unshelve, async (c) => {
      const b = c.req.valid('json') as z.infer<typeof KeyBody>;
      await mayChange(c, b.key);
      return c.json(await alarms.operate({ kind: 'unshelve', key: b.key, ts: deps.clock.now() }), 200);
    });
}
