/**
 * The farm page's API: the routes of the agriculture service
 * (`domains/agriculture/farm-service.ts`), which feeds `domains/agriculture` from the store:
 *
 * - `GET /farm/fields`: fields with agronomic settings (and their zones).
 * - `GET /farm/field?field=<asset>`: the root-zone water balance replayed from the stored weather
 *   and soil moisture (depletion vs RAW and TAW, ET0/ETc per day), the irrigation schedule for the
 *   coming days (MILP in the solver worker, greedy as fallback; persistence forecast), degree-day
 *   accumulation per pest model with its thresholds, and the pest alarms raised.
 * - `PUT /farm/field/params?field=<asset>`: set the settings (operator).
 * - `POST /farm/field/pest-check?field=<asset>`: raise the alarms of reached thresholds now (operator;
 *   `serve --demo` also checks every minute).
 */
import { z } from '@hono/zod-openapi';
import { agriculture } from '../../domains/index.js';
import { solveInWorker } from '../../optimize/index.js';
import { guardedRoute } from '../auth/guard.js';
import { scopeOf } from '../auth/scope.js';
import { router, type ServerDeps } from '../context.js';
import { notFoundResponse, problemResponses } from '../schemas.js';

const FieldQuery = z.object({
  field: z.string().min(1).openapi({ description: 'Field asset id', example: 'farm1/field-a' }),
});

/** The settings as stored (the domain's schema), which also checks requests and names every problem. */
const Params = agriculture.fieldParamsSchema.meta({ id: 'FarmFieldParams' });

const WaterDay = z.object({
  date: z.string(),
  et0: z.number(),
  etcAdj: z.number(),
  rain: z.number(),
  irrigationGross: z.number(),
  dr: z.number().openapi({ description: 'Root-zone depletion at the end of the day, mm' }),
  raw: z.number(),
  taw: z.number(),
  ks: z.number(),
  theta: z
    .number()
    .optional()
    .openapi({ description: 'Measured water content at the start of the day, m³/m³' }),
  estimated: z.array(z.string()).optional(),
  corrected: z
    .boolean()
    .optional()
    .openapi({ description: 'A soil-moisture reading replaced the modelled depletion' }),
});

const FieldReport = z
  .object({
    field: z.string(),
    name: z.string(),
    today: z.string(),
    crop: z.string(),
    params: Params,
    forecast: z.object({
      method: z.literal('persistence'),
      et0: z.number(),
      rain: z.number(),
      basis: z.array(z.string()),
    }),
    missingDays: z.array(z.string()),
    history: z.array(WaterDay),
    plan: z.array(WaterDay),
    schedule: z.object({
      method: z.enum(['lp', 'greedy']),
      fallback: z.string().optional(),
      events: z.array(
        z.object({
          date: z.string(),
          netMm: z.number(),
          grossMm: z.number(),
          volumeM3: z.number(),
          reason: z.string(),
          limitedBy: z.string().optional(),
        }),
      ),
      volumeM3: z.number(),
      stressDays: z.number(),
      calendar: z
        .object({ volumeM3: z.number(), stressDays: z.number() })
        .optional()
        .openapi({ description: 'The fixed calendar on the same weather' }),
    }),
    degreeDays: z.object({
      biofix: z.string(),
      missingDays: z.array(z.string()),
      models: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          kind: z.string(),
          lowerC: z.number(),
          thresholds: z.array(z.object({ stage: z.string(), degreeDays: z.number(), severity: z.string() })),
          rows: z.array(z.object({ date: z.string(), cumulative: z.number(), forecast: z.boolean() })),
          cumulative: z.number(),
          next: z
            .object({ stage: z.string(), remaining: z.number(), predictedDate: z.string().optional() })
            .optional(),
        }),
      ),
    }),
    alarms: z.array(
      z.object({ id: z.number(), ts: z.number(), severity: z.string().nullable(), message: z.string() }),
    ),
  })
  .openapi('FarmField');

const list = guardedRoute('read', {
  method: 'get',
  path: '/farm/fields',
  tags: ['farm'],
  summary: 'Fields with agronomic settings',
  responses: {
    200: {
      description: 'Fields',
      content: {
        'application/json': {
          schema: z.object({
            fields: z.array(
              z.object({ id: z.string(), name: z.string(), crop: z.string(), zones: z.array(z.string()) }),
            ),
          }),
        },
      },
    },
    ...problemResponses,
  },
});

const get = guardedRoute('read', {
  method: 'get',
  path: '/farm/field',
  tags: ['farm'],
  summary: 'Water balance, irrigation schedule, ET0/ETc, degree days and pest alarms of one field',
  request: {
    query: FieldQuery.extend({
      days: z.coerce
        .number()
        .int()
        .min(1)
        .max(30)
        .optional()
        .openapi({ description: 'Schedule horizon, default 7' }),
      method: z.enum(['lp', 'greedy']).optional().openapi({ description: 'Default lp (greedy as fallback)' }),
    }),
  },
  responses: {
    200: { description: 'The field', content: { 'application/json': { schema: FieldReport } } },
    ...notFoundResponse,
    ...problemResponses,
  },
});

const put = guardedRoute('plan', {
  method: 'put',
  path: '/farm/field/params',
  tags: ['farm'],
  summary: "Set a field's crop, soil and sensor settings (operator)",
  request: {
    query: FieldQuery,
    body: { content: { 'application/json': { schema: Params } }, required: true },
  },
  responses: {
    200: {
      description: 'Stored',
      content: { 'application/json': { schema: z.object({ field: z.string(), params: Params }) } },
    },
    ...notFoundResponse,
    ...problemResponses,
  },
});

const check = guardedRoute('plan', {
  method: 'post',
  path: '/farm/field/pest-check',
  tags: ['farm'],
  summary: 'Raise alarms for degree-day thresholds reached (each once; operator)',
  request: { query: FieldQuery },
  responses: {
    200: {
      description: 'Alarms raised now',
      content: {
        'application/json': {
          schema: z.object({
            raised: z.array(
              z.object({ id: z.number(), message: z.string(), severity: z.string().nullable() }),
            ),
          }),
        },
      },
    },
    ...notFoundResponse,
    ...problemResponses,
  },
});

export function farmRoutes(deps: ServerDeps) {
  const { store } = deps;
  const farm = agriculture.createFarmService({
    store,
    clock: deps.clock,
    solve: (p, o) => solveInWorker(p, o),
  });
  const cropName = agriculture.cropName;
  return router()
    .openapi(list, async (c) => {
      const scope = await scopeOf(c, store);
      return c.json({ fields: await farm.fields((id) => scope.covers(id)) }, 200);
    })
    .openapi(get, async (c) => {
      const q = c.req.valid('query');
      (await scopeOf(c, store)).assertReadable(q.field, 'field');
      const day = await farm.field(q.field, { days: q.days ?? 7, method: q.method ?? 'lp' });
      const { water, asset, alarms } = day;
      const dd = day.degreeDays;
      const plan = water.schedule.plan.fields[0];
      const calendar = water.schedule.methods.find((m) => m.method.startsWith('calendar'));
      return c.json(
        {
          field: q.field,
          name: asset?.name ?? q.field,
          today: water.today,
          crop: cropName(water.params),
          params: water.params,
          forecast: { ...water.forecast, basis: [...water.forecast.basis] },
          missingDays: [...water.missingDays],
          history: water.history.map((d) => ({
            date: d.date,
            et0: d.et0,
            etcAdj: d.etcAdj,
            rain: d.rain,
            irrigationGross: 0,
            dr: d.dr,
            raw: d.raw,
            taw: d.taw,
            ks: d.ks,
            ...(d.theta !== undefined ? { theta: d.theta } : {}),
            estimated: [...d.estimated],
            ...(d.moistureCorrection ? { corrected: true } : {}),
          })),
          plan: (plan?.days ?? []).map((d) => ({
            date: d.date,
            et0: d.et0,
            etcAdj: d.etcAdj,
            rain: d.rain,
            irrigationGross: d.irrigationGross,
            dr: d.dr,
            raw: d.raw,
            taw: d.taw,
            ks: d.ks,
            ...(d.moistureCorrection ? { corrected: true } : {}),
          })),
          schedule: {
            method: water.schedule.method,
            ...(water.schedule.fallback ? { fallback: water.schedule.fallback } : {}),
            events: water.schedule.plan.events.map((e) => ({
              date: e.date,
              netMm: e.netMm,
              grossMm: e.grossMm,
              volumeM3: e.volumeM3,
              reason: e.reason,
              ...(e.limitedBy ? { limitedBy: e.limitedBy } : {}),
            })),
            volumeM3: water.schedule.plan.totals.volumeM3,
            stressDays: plan?.summary.stressDays ?? 0,
            ...(calendar
              ? { calendar: { volumeM3: calendar.volumeM3, stressDays: calendar.stressDays } }
              : {}),
          },
          degreeDays: {
            biofix: dd.biofix,
            missingDays: [...dd.missingDays],
            models: dd.models.map((m) => ({
              id: m.id,
              name: m.name,
              kind: m.kind,
              lowerC: m.lowerC,
              thresholds: m.thresholds.map((t) => ({ ...t })),
              rows: m.rows.map((r) => ({ ...r })),
              cumulative: m.status.cumulative,
              ...(m.status.next ? { next: { ...m.status.next } } : {}),
            })),
          },
          alarms: alarms.map((e) => ({
            id: e.id,
            ts: e.ts,
            severity: e.severity ?? null,
            message: e.message,
          })),
        },
        200,
      );
    })
    .openapi(put, async (c) => {
      const q = c.req.valid('query');
      (await scopeOf(c, store)).assertWritable(q.field, 'field');
      const params = await farm.setParams(q.field, c.req.valid('json'));
      return c.json({ field: q.field, params }, 200);
    })
    .openapi(check, async (c) => {
      const q = c.req.valid('query');
      (await scopeOf(c, store)).assertWritable(q.field, 'field');
      const raised = await farm.checkPests(q.field);
      return c.json(
        { raised: raised.map((e) => ({ id: e.id, message: e.message, severity: e.severity ?? null })) },
        200,
      );
    });
}
