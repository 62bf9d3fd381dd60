/**
 * Reports over HTTP: render one (PDF, XLSX, CSV, or an HTML preview) for a period, and manage report
 * schedules and read their delivery log. Rendering needs `read`; schedules send data out of the
 * plant (mail, webhooks, folders on the server), so changing them needs `access:manage`.
 *
 * Reports read the whole store, so a principal limited to some sites (or another organisation)
 * gets only asset-scoped types (quality, production) for an asset inside its scope.
 */
import { z } from '@hono/zod-openapi';
import { XinzhiError } from '../../core/index.js';
import { reports } from '../../domains/index.js';
import { guardedRoute } from '../auth/guard.js';
import { type ScopeCheck, scopeOf } from '../auth/scope.js';
import { router, type ServerDeps, timeParam } from '../context.js';
import { jsonResponse, notFoundResponse, problemResponses, TimeParam } from '../schemas.js';

const ASSET_SCOPED: readonly string[] = ['quality', 'production', 'maintenance'];

const RunQuery = z.object({
  type: z.enum(reports.REPORT_TYPES),
  from: TimeParam,
  to: TimeParam,
  format: z.enum(reports.REPORT_FORMATS).optional().openapi({ description: 'Default pdf' }),
  lang: z.enum(reports.LANGS).optional().openapi({ description: 'Default en' }),
  tz: z.string().max(64).optional().openapi({ description: 'Default the site’s timeZone attribute' }),
  asset: z.string().max(512).optional(),
  series: z.string().max(512).optional(),
  run: z.string().max(128).optional(),
  plan: z.string().max(128).optional(),
});
const PreviewQuery = RunQuery.omit({ format: true });

const ScheduleSchema = z
  .object({
    id: z.number(),
    name: z.string(),
    org: z.string(),
    enabled: z.boolean(),
    // A union rather than .nullable(), which would make the named spec nullable in requests too.
    spec: z.union([reports.ScheduleSpecSchema, z.null()]).openapi({
      description:
        'What the schedule renders, when and where it goes; null when the stored settings no longer validate (the scheduler skips the schedule)',
    }),
    createdAt: z.number(),
    updatedAt: z.number(),
    next: z.number().nullable(),
  })
  .openapi('ReportSchedule');
const DeliverySchema = z
  .object({
    id: z.number(),
    scheduleId: z.number(),
    slot: z.number(),
    node: z.string(),
    state: z.enum(['running', 'delivered', 'failed']),
    attempts: z.number(),
    target: z.string(),
    error: z.string().nullable(),
    files: z.array(z.string()),
    startedAt: z.number(),
    finishedAt: z.number().nullable(),
  })
  .openapi('ReportDelivery');
const IdParam = z.object({ id: z.coerce.number().int().positive() });

const types = guardedRoute('read', {
  method: 'get',
  path: '/reports/types',
  tags: ['reports'],
  summary: 'Report types, formats and languages',
  responses: {
    200: jsonResponse(
      z.object({ types: z.array(z.string()), formats: z.array(z.string()), langs: z.array(z.string()) }),
      'What can be rendered',
    ),
    ...problemResponses,
  },
});
const run = guardedRoute('read', {
  method: 'get',
  path: '/reports/run',
  tags: ['reports'],
  summary: 'Render a report for a period as PDF, XLSX or CSV (the first table; see /reports/preview for all)',
  request: { query: RunQuery },
  responses: {
    200: {
      description: 'The file',
      content: {
        'application/pdf': { schema: z.string() },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string() },
        'text/csv': { schema: z.string() },
      },
    },
    ...problemResponses,
    ...notFoundResponse,
  },
});
const preview = guardedRoute('read', {
  method: 'get',
  path: '/reports/preview',
  tags: ['reports'],
  summary: 'A report as one HTML page (what the PDF prints), for a preview',
  request: { query: PreviewQuery },
  responses: {
    200: { description: 'HTML', content: { 'text/html': { schema: z.string() } } },
    ...problemResponses,
    ...notFoundResponse,
  },
});
const listSchedules = guardedRoute('read', {
  method: 'get',
  path: '/reports/schedules',
  tags: ['reports'],
  summary: 'Report schedules of the caller’s organisation, with their next fire time',
  responses: {
    200: jsonResponse(z.object({ schedules: z.array(ScheduleSchema) }), 'Schedules'),
    ...problemResponses,
  },
});
const createSchedule = guardedRoute('access:manage', {
  method: 'post',
  path: '/reports/schedules',
  tags: ['reports'],
  summary: 'Create a report schedule (cron in a time zone, period, format, language, delivery)',
  request: {
    body: { required: true, content: { 'application/json': { schema: reports.ScheduleInputSchema } } },
  },
  responses: { 201: jsonResponse(ScheduleSchema, 'The schedule'), ...problemResponses },
});
const patchSchedule = guardedRoute('access:manage', {
  method: 'patch',
  path: '/reports/schedules/{id}',
  tags: ['reports'],
  summary: 'Rename, enable or disable a schedule, or replace its settings',
  request: {
    params: IdParam,
    body: {
      required: true,
      content: { 'application/json': { schema: reports.ScheduleInputSchema.partial().strict() } },
    },
  },
  responses: { 200: jsonResponse(ScheduleSchema, 'The schedule'), ...problemResponses, ...notFoundResponse },
});
const deleteSchedule = guardedRoute('access:manage', {
  method: 'delete',
  path: '/reports/schedules/{id}',
  tags: ['reports'],
  summary: 'Delete a schedule and its delivery log',
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...problemResponses, ...notFoundResponse },
});
const runSchedule = guardedRoute('access:manage', {
  method: 'post',
  path: '/reports/schedules/{id}/run',
  tags: ['reports'],
  summary: 'Deliver a schedule’s report now (its last complete period), as its cron would',
  request: { params: IdParam },
  responses: { 200: jsonResponse(DeliverySchema, 'The delivery'), ...problemResponses, ...notFoundResponse },
});
const deliveries = guardedRoute('read', {
  method: 'get',
  path: '/reports/deliveries',
  tags: ['reports'],
  summary: 'The delivery log, newest first',
  request: {
    query: z.object({
      schedule: z.coerce.number().int().positive().optional(),
      limit: z.coerce.number().int().min(1).max(1000).optional(),
    }),
  },
  responses: {
    200: jsonResponse(z.object({ deliveries: z.array(DeliverySchema) }), 'Deliveries'),
    ...problemResponses,
  },
});

/** What the server gives the report routes: the scheduler (for "run now") and the shared PDF printer. */
export interface ReportsDeps {
  readonly scheduler: reports.ReportScheduler;
  readonly pdf: () => Promise<reports.PdfPrinter>;
}

function assertReportable(scope: ScopeCheck, type: string, asset: string | undefined): void {
  if (!scope.narrowed && scope.inOrg(undefined)) return;
  if (asset === undefined || !ASSET_SCOPED.includes(type))
    throw new XinzhiError(
      'FORBIDDEN',
      `your access is limited to some sites: ask for a ${ASSET_SCOPED.join(' or ')} report of an asset in them`,
      { field: 'asset' },
    );
  scope.assertReadable(asset, 'asset');
}

export function reportRoutes(deps: ServerDeps, r: ReportsDeps) {
  const withNext = (s: Awaited<ReturnType<typeof deps.store.reportSchedules.list>>[number]) => {
    const p = reports.ScheduleSpecSchema.safeParse(s.spec);
    return p.success
      ? { ...s, spec: p.data, next: reports.nextFire(p.data, deps.clock.now()) }
      : { ...s, spec: null, next: null };
  };
  const mine = async (c: Parameters<typeof scopeOf>[0], id: number) => {
    const s = await deps.store.reportSchedules.get(id);
    const scope = await scopeOf(c, deps.store);
    if (!s) throw new XinzhiError('NOT_FOUND', `no report schedule ${id}`, { field: 'id' });
    // Like every write out of scope: 403 for a schedule that exists elsewhere, 404 for none at all.
    if (!scope.inOrg(s.org))
      throw new XinzhiError('FORBIDDEN', `report schedule ${id} is outside your scope`, { field: 'id' });
    return { s, scope };
  };
  const render = async (c: Parameters<typeof scopeOf>[0], q: z.infer<typeof RunQuery>, format: string) => {
    assertReportable(await scopeOf(c, deps.store), q.type, q.asset);
    const from = timeParam(q.from, 'from', 0);
    const to = timeParam(q.to, 'to', 0);
    if (!(from < to)) throw new XinzhiError('BAD_INPUT', 'from must be before to', { field: 'from' });
    if (to - from > 400 * 86_400_000)
      throw new XinzhiError('BAD_INPUT', 'a report may span at most 400 days', { field: 'from' });
    return reports.runReport(
      deps.store,
      { ...q, from, to, format, lang: q.lang ?? 'en' },
      { now: deps.clock.now(), pdf: r.pdf },
    );
  };
  return router()
    .openapi(types, (c) =>
      c.json(
        {
          types: reports.availableReportTypes(),
          formats: [...reports.REPORT_FORMATS],
          langs: [...reports.LANGS],
        },
        200,
      ),
    )
    .openapi(run, async (c) => {
      const q = c.req.valid('query');
      const out = await render(c, q, q.format ?? 'pdf');
      const name = `${q.type}_${out.lang}.${out.format}`;
      return c.body(new Uint8Array(out.files[0]!.bytes), 200, {
        'content-type': reports.MEDIA_TYPES[out.format],
        'content-disposition': `attachment; filename="${name}"`,
        'x-render-ms': String(Math.round(out.buildMs + out.renderMs)),
      }) as never;
    })
    .openapi(preview, async (c) => {
      const q = c.req.valid('query');
      assertReportable(await scopeOf(c, deps.store), q.type, q.asset);
      const from = timeParam(q.from, 'from', 0);
      const to = timeParam(q.to, 'to', 0);
      const { site, zone } = await reports.reportSite(deps.store, { asset: q.asset, tz: q.tz });
      const doc = await reports.buildReport(q.type, {
        store: deps.store,
        from,
        to,
        now: deps.clock.now(),
        zone,
        site,
        series: q.series,
        asset: q.asset,
        run: q.run,
        plan: q.plan,
      });
      // No scripts and nothing loaded: the page shows it in a sandboxed frame (srcdoc).
      return c.body(reports.renderHtml(doc, q.lang ?? 'en', zone), 200, {
        'content-type': 'text/html; charset=utf-8',
      }) as never;
    })
    .openapi(listSchedules, async (c) => {
      const scope = await scopeOf(c, deps.store);
      const list = await deps.store.reportSchedules.list({ org: scope.org });
      return c.json({ schedules: list.map(withNext) }, 200);
    })
    .openapi(createSchedule, async (c) => {
      const b = c.req.valid('json') as reports.ScheduleInput;
      const scope = await scopeOf(c, deps.store);
      scope.assertOrgWritable('report schedules');
      const s = await deps.store.reportSchedules.create({
        name: b.name,
        org: scope.org,
        enabled: b.enabled,
        spec: b.spec,
        now: deps.clock.now(),
      });
      return c.json(withNext(s), 201);
    })
    .openapi(patchSchedule, async (c) => {
      const { id } = c.req.valid('param');
      const b = c.req.valid('json') as Partial<reports.ScheduleInput>;
      const { scope } = await mine(c, id);
      scope.assertOrgWritable('report schedules');
      const s = await deps.store.reportSchedules.update(id, {
        ...(b.name === undefined ? {} : { name: b.name }),
        ...(b.enabled === undefined ? {} : { enabled: b.enabled }),
        ...(b.spec === undefined ? {} : { spec: b.spec }),
        now: deps.clock.now(),
      });
      if (!s) throw new XinzhiError('NOT_FOUND', `no report schedule ${id}`, { field: 'id' });
      return c.json(withNext(s), 200);
    })
    .openapi(deleteSchedule, async (c) => {
      const { id } = c.req.valid('param');
      const { scope } = await mine(c, id);
      scope.assertOrgWritable('report schedules');
      await deps.store.reportSchedules.remove(id);
      return c.body(null, 204) as never;
    })
    .openapi(runSchedule, async (c) => {
      const { id } = c.req.valid('param');
      // Delivering an org-wide report is as much the organisation's business as changing its schedule.
      (await mine(c, id)).scope.assertOrgWritable('report schedules');
      const did = await r.scheduler.runNow(id);
      const [d] = (await deps.store.reportSchedules.deliveries({ scheduleId: id, limit: 50 })).filter(
        (x) => x.id === did,
      );
      if (!d) throw new Error(`delivery ${did} vanished`);
      return c.json({ ...d, files: [...d.files] }, 200);
    })
    .openapi(deliveries, async (c) => {
      const q = c.req.valid('query');
      const scope = await scopeOf(c, deps.store);
      const orgIds = new Set((await deps.store.reportSchedules.list({ org: scope.org })).map((s) => s.id));
      if (q.schedule !== undefined && !orgIds.has(q.schedule)) return c.json({ deliveries: [] }, 200);
      const list = await deps.store.reportSchedules.deliveries({
        ...(q.schedule === undefined ? {} : { scheduleId: q.schedule }),
        limit: q.limit ?? 100,
      });
      return c.json(
        {
          deliveries: list
            .filter((d) => orgIds.has(d.scheduleId))
            .map((d) => ({ ...d, files: [...d.files] })),
        },
        200,
      );
    });
}
