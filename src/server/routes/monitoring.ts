/**
 * Per-series monitoring over HTTP: the alarm rules of a series (defaults from its metadata,
 * operator overrides), its anomaly scores over a window (the streaming detector run on demand over
 * the stored points), and forecasts with prediction intervals.
 *
 * The forecast fits at most `maxTrain` (4,032) points with augurs' WebAssembly MSTL/ETS on the
 * request's thread, once for the forecast and once per past origin (eight calibrating the
 * intervals, eight more replaying adaptive conformal inference): about 0.7 s for the dashboard's
 * 1,000 buckets with the first eight only (0.3 s uncalibrated), 4–5 s for 4,032 five-minute
 * points a day ahead; the replay roughly doubles the fits. Not moved to a worker yet.
 */
import { z } from '@hono/zod-openapi';
import { INTERVAL_SCALINGS } from '../../analytics/index.js';
import { parseDuration, XinzhiError } from '../../core/index.js';
import { forecasting } from '../../domains/index.js';
import {
  anomalyHistory,
  monitorRules,
  monitorSchemas,
  setMonitorOverrides,
} from '../../domains/monitoring/index.js';
import { auditSnapshot } from '../auth/audit.js';
import { guardedRoute } from '../auth/guard.js';
import { scopeOf } from '../auth/scope.js';
import { router, type ServerDeps, timeParam } from '../context.js';
import { notFoundResponse, problemResponses, SeriesIdPath, TimeParam } from '../schemas.js';
import { readOneRoute } from './read-one-route.js';

const schemas = monitorSchemas(z);
const ConfigSchema = schemas.config.openapi('MonitorConfig');

const OverridesSchema = schemas.overrides.openapi('MonitorOverrides', {
  description:
    'Fields given replace the defaults (null turns a rule off); fields left out keep the default. ' +
    'PUT replaces all overrides: `{}` goes back to the defaults.',
  example: { threshold: { high: 80, deadband: 2, severity: 'major' }, stuck: null },
});

const RulesResponse = z
  .object({
    seriesId: z.string(),
    signal: z.enum(['gauge', 'counter', 'state']),
    defaults: ConfigSchema,
    overrides: OverridesSchema,
    effective: ConfigSchema,
  })
  .openapi('SeriesAlarmRules');

const getRules = readOneRoute({
  path: '/series/{id}/alarm-rules',
  tags: ['alarms'],
  summary: 'Alarm rules of a series: defaults from its metadata, overrides, and what applies',
  params: SeriesIdPath,
  schema: RulesResponse,
  description: 'The rules',
});

const putRules = guardedRoute('loops:configure', {
  method: 'put',
  path: '/series/{id}/alarm-rules',
  tags: ['alarms'],
  summary: 'Set the alarm rules of a series: threshold, rate of change, stuck, missing data (operator)',
  request: {
    params: SeriesIdPath,
    body: { required: true, content: { 'application/json': { schema: OverridesSchema } } },
  },
  responses: {
    200: { description: 'The rules now', content: { 'application/json': { schema: RulesResponse } } },
    ...problemResponses,
    ...notFoundResponse,
  },
});

const anomalies = guardedRoute('read', {
  method: 'get',
  path: '/series/{id}/anomalies',
  tags: ['alarms'],
  summary: 'Anomaly score and alerts of the streaming detector over a window',
  description:
    'The detector is run over the stored points, starting up to 8,000 sampling intervals before ' +
    '`from` so it has learnt the series; the scores equal the live ones when the same points were ingested in order. ' +
    'Long windows are thinned to `limit` points, keeping the highest score (and any alert) of each slice.',
  request: {
    params: SeriesIdPath,
    query: z.object({
      from: TimeParam.optional().openapi({ description: 'Default: 6 hours before `to`' }),
      to: TimeParam.optional().openapi({ description: 'Default: now' }),
      limit: z.coerce.number().int().min(10).max(20_000).optional().openapi({ description: 'Default 3000' }),
    }),
  },
  responses: {
    200: {
      description: 'Scores',
      content: {
        'application/json': {
          schema: z
            .object({
              seriesId: z.string(),
              threshold: z.number(),
              points: z.array(
                z.object({ ts: z.number(), value: z.number(), score: z.number(), alert: z.boolean() }),
              ),
            })
            .openapi('AnomalyScores'),
        },
      },
    },
    ...problemResponses,
    ...notFoundResponse,
  },
});

const CalibrationSchema = z
  .object({
    method: z.enum(['conformal', 'adaptive-conformal', 'model']).openapi({
      description:
        '`conformal`: intervals calibrated on forecasts from the series’ own past; `adaptive-conformal`: the same with the level adapted to recent misses (ACI); `model`: the model’s own intervals (see `note`)',
    }),
    scaling: z.enum(INTERVAL_SCALINGS),
    origins: z.number().int().openapi({ description: 'Past forecast origins used' }),
    residuals: z.number().int().openapi({ description: 'Past forecast errors pooled' }),
    quantile: z.number().nullable().openapi({ description: 'Conformal quantile of the scaled errors' }),
    gamma: z.number().optional().openapi({ description: 'ACI step (0: plain split conformal)' }),
    alpha: z.number().optional().openapi({ description: 'Miscoverage level the quantile was taken at' }),
    replayed: z
      .number()
      .int()
      .optional()
      .openapi({ description: 'Past origins ACI replayed to reach alpha' }),
    note: z.string().optional().openapi({ description: 'Why the model’s own intervals were kept' }),
  })
  .openapi('IntervalCalibration');

const forecast = guardedRoute('read', {
  method: 'get',
  path: '/series/{id}/forecast',
  tags: ['series'],
  summary: 'Point forecast with conformally calibrated prediction intervals (MSTL/ETS)',
  request: {
    params: SeriesIdPath,
    query: z.object({
      horizon: z.coerce
        .number()
        .int()
        .min(1)
        .max(5000)
        .optional()
        .openapi({ description: 'Steps ahead; default 24' }),
      level: z.coerce
        .number()
        .gt(0)
        .lt(1)
        .optional()
        .openapi({ description: 'Interval level; default 0.95' }),
      bucket: z
        .string()
        .optional()
        .openapi({ description: 'Forecast bucket means of this width (1m, 15m, 1h); default raw points' }),
      history: z.coerce
        .number()
        .int()
        .min(4)
        .max(4032)
        .optional()
        .openapi({ description: 'Newest points (or buckets) fitted; default 2016' }),
    }),
  },
  responses: {
    200: {
      description: 'Forecast',
      content: {
        'application/json': {
          schema: z
            .object({
              seriesId: z.string(),
              model: z.enum(['mstl-ets', 'auto-ets']),
              periods: z.array(z.number()),
              level: z.number(),
              stepMs: z.number(),
              fitted: z.number(),
              lastTs: z.number(),
              calibration: CalibrationSchema,
              points: z.array(
                z.object({ ts: z.number(), point: z.number(), lower: z.number(), upper: z.number() }),
              ),
            })
            .openapi('Forecast'),
        },
      },
    },
    ...problemResponses,
    ...notFoundResponse,
  },
});

export function monitoringRoutes(deps: ServerDeps) {
  const rules = (id: string) => monitorRules(deps.store, id);
  const app = router();
  app.use(
    '/series/:id/alarm-rules',
    auditSnapshot(
      () => 'series.alarm-rules',
      (c) => rules(c.req.param('id') ?? ''),
    ),
  );
  return app
    .openapi(getRules, async (c) => {
      (await scopeOf(c, deps.store)).assertReadable(c.req.valid('param').id);
      return c.json(await rules(c.req.valid('param').id), 200);
    })
    .openapi(putRules, async (c) => {
      const { id } = c.req.valid('param');
      (await scopeOf(c, deps.store)).assertWritable(id);
      const view = await setMonitorOverrides(deps.store, id, c.req.valid('json'));
      await deps.monitoring?.reload(id);
      return c.json(view, 200);
    })
    .openapi(anomalies, async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      (await scopeOf(c, deps.store)).assertReadable(id);
      const to = timeParam(q.to, 'to', deps.clock.now());
      const from = timeParam(q.from, 'from', to - 6 * 3_600_000);
      return c.json(await anomalyHistory(deps.store, id, { from, to, limit: q.limit ?? 3000 }), 200);
    })
    .openapi(forecast, async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      (await scopeOf(c, deps.store)).assertReadable(id);
      let bucketMs: number | undefined;
      if (q.bucket !== undefined) {
        bucketMs = parseDuration(q.bucket);
        if (bucketMs === undefined || bucketMs < 1000)
          throw new XinzhiError(
            'BAD_INPUT',
            `'${q.bucket}' is not a bucket width of at least 1s (e.g. 1m, 1h)`,
            {
              field: 'bucket',
            },
          );
      }
      const r = await forecasting.forecastStoredSeries(deps.store, id, {
        history: q.history ?? 2016,
        horizon: q.horizon ?? 24,
        level: q.level ?? 0.95,
        ...(bucketMs === undefined ? {} : { bucketMs }),
      });
      const { forecast: f, stepMs, lastTs } = r;
      return c.json(
        {
          seriesId: id,
          model: f.model,
          periods: f.periods,
          level: f.level,
          stepMs,
          fitted: r.fitted,
          lastTs,
          calibration: {
            ...f.calibration,
            quantile: Number.isFinite(f.calibration.quantile) ? f.calibration.quantile : null,
          },
          points: f.point.map((p, h) => ({
            ts: lastTs + (h + 1) * stepMs,
            point: p,
            lower: f.lower[h] ?? p,
            upper: f.upper[h] ?? p,
          })),
        },
        200,
      );
    });
}
