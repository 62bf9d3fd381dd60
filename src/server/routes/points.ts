import { z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import {
  calendarUnitOf,
  DEFAULT_LIMITS,
  issuesError,
  parseDuration,
  resolveTimeZone,
  toIso,
  toIsoInZone,
  XinzhiError,
} from '../../core/index.js';
import { ingestInSlices, siteTimeZone } from '../../ingest/index.js';
import type { IngestBatchResult } from '../../ingest/types.js';
import { queryCalendarBuckets } from '../../store/index.js';
import { documented, guard, guardedRoute } from '../auth/guard.js';
import { scopeOf } from '../auth/scope.js';
import { router, type ServerDeps, timeParam } from '../context.js';
import {
  BucketSchema,
  IngestResultSchema,
  notFoundResponse,
  PointSchema,
  ProblemSchema,
  problemResponses,
  ReadingSchema,
} from '../schemas.js';
import { parseBatchBody } from './batch-body.js';

const SeriesQuery = z
  .string()
  .min(1)
  .openapi({ description: 'Series id', example: 'plant1/press/line1/m3/temp' });
const Range = {
  from: z
    .string()
    .optional()
    .openapi({ description: 'Start (inclusive), ISO 8601 or epoch ms; default: 24 h ago' }),
  to: z.string().optional().openapi({ description: 'End (exclusive); default: now' }),
};

const raw = guardedRoute('read', {
  method: 'get',
  path: '/points',
  tags: ['points'],
  summary: 'Raw points of a series in [from, to)',
  request: {
    query: z.object({
      series: SeriesQuery,
      ...Range,
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(1_000_000)
        .optional()
        .openapi({ description: 'Default 10,000' }),
    }),
  },
  responses: {
    200: {
      description: 'Points ascending by time',
      content: {
        'application/json': { schema: z.object({ series: z.string(), points: z.array(PointSchema) }) },
      },
    },
    ...problemResponses,
    ...notFoundResponse,
  },
});

const buckets = guardedRoute('read', {
  method: 'get',
  path: '/points/buckets',
  tags: ['points'],
  summary: 'Aggregates (min, max, avg, count, last) per bucket, from rollups when they fit',
  request: {
    query: z.object({
      series: SeriesQuery,
      ...Range,
      bucket: z.string().openapi({
        description:
          'Bucket width: 1m, 15m, 1h or any duration; 1d, 1w (ISO week from Monday) and 1mo are calendar buckets in `tz`',
        example: '1h',
      }),
      tz: z.string().optional().openapi({
        description:
          "Zone of calendar buckets: IANA name or offset like +08:00; default the site's zone (timeZone attribute of the series' asset or an ancestor), else UTC. Abbreviations (CST, IST…) are refused as ambiguous",
        example: 'Asia/Shanghai',
      }),
      source: z
        .enum(['raw', '1m', '1h'])
        .optional()
        .openapi({ description: 'Force a source; default: automatic' }),
    }),
  },
  responses: {
    200: {
      description: 'Non-empty buckets ascending by time',
      content: {
        'application/json': {
          schema: z.object({
            series: z.string(),
            source: z.enum(['raw', '1m', '1h']),
            bucketMs: z.number(),
            tz: z.string().optional().openapi({ description: 'Zone of calendar buckets' }),
            buckets: z.array(BucketSchema),
          }),
        },
      },
    },
    ...problemResponses,
    ...notFoundResponse,
  },
});

const latest = guardedRoute('read', {
  method: 'get',
  path: '/points/latest',
  tags: ['points'],
  summary: 'Latest point of each series',
  request: {
    query: z.object({
      series: z.string().optional().openapi({ description: 'Comma-separated series ids; default: all' }),
    }),
  },
  responses: {
    200: {
      description: 'Latest point per series',
      content: {
        'application/json': {
          schema: z.object({ latest: z.array(PointSchema.extend({ series: z.string() })) }),
        },
      },
    },
    ...problemResponses,
  },
});

const DAY = 86_400_000;
/** Nominal widths of calendar buckets (a month: the mean Gregorian month). */
const NOMINAL_MS = { d: DAY, w: 7 * DAY, mo: 2_629_746_000 } as const;

export function pointRoutes(deps: ServerDeps) {
  const { store, clock } = deps;
  const mustExist = async (id: string) => {
    if (!(await store.getSeries(id)))
      throw new XinzhiError('NOT_FOUND', `no series '${id}'`, { field: 'series' });
  };
  const range = (q: { from?: string | undefined; to?: string | undefined }) => {
    const to = timeParam(q.to, 'to', clock.now() + 1);
    const from = timeParam(q.from, 'from', to - DAY);
    if (from >= to) throw new XinzhiError('BAD_INPUT', `'from' must be before 'to'`, { field: 'from' });
    return { from, to };
  };

  const app = router()
    .openapi(raw, async (c) => {
      const q = c.req.valid('query');
      const r = range(q);
      (await scopeOf(c, store)).assertReadable(q.series, 'series');
      await mustExist(q.series);
      const points = await store.queryPoints(q.series, { ...r, limit: q.limit ?? 10_000 });
      return c.json({ series: q.series, points: points.map((p) => ({ ...p, time: toIso(p.ts) })) }, 200);
    })
    .openapi(buckets, async (c) => {
      const q = c.req.valid('query');
      const zone = q.tz === undefined ? undefined : resolveTimeZone(q.tz, 'tz');
      const unit = calendarUnitOf(q.bucket);
      const bucketMs = unit === undefined ? parseDuration(q.bucket) : undefined;
      if (unit === undefined && (bucketMs === undefined || bucketMs < 1000))
        throw new XinzhiError('BAD_INPUT', `'${q.bucket}' is not a bucket width like 1m, 1h, 1d, 1w or 1mo`, {
          field: 'bucket',
        });
      const span = range(q);
      (await scopeOf(c, store)).assertReadable(q.series, 'series');
      await mustExist(q.series);
      if (unit !== undefined) {
        const z = zone ?? (await siteTimeZone(store, (await store.getSeries(q.series))!.assetId));
        const r = await queryCalendarBuckets(store, q.series, { ...span, unit, zone: z });
        return c.json(
          {
            series: q.series,
            source: r.source,
            bucketMs: NOMINAL_MS[unit],
            tz: z.name,
            buckets: r.buckets.map((b) => ({ ...b, time: toIsoInZone(b.ts, z) })),
          },
          200,
        );
      }
      const r = await store.queryBuckets(q.series, {
        ...span,
        bucketMs: bucketMs!,
        ...(q.source === undefined ? {} : { source: q.source }),
      });
      return c.json(
        {
          series: q.series,
          source: r.source,
          bucketMs: r.bucketMs,
          buckets: r.buckets.map((b) => ({ ...b, time: zone ? toIsoInZone(b.ts, zone) : toIso(b.ts) })),
        },
        200,
      );
    })
    .openapi(latest, async (c) => {
      const q = c.req.valid('query');
      const ids = q.series
        ?.split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      const scope = await scopeOf(c, store);
      const m = await store.latest(ids);
      return c.json(
        {
          latest: [...m]
            .filter(([series]) => scope.covers(series))
            .map(([series, p]) => ({ series, ...p, time: toIso(p.ts) })),
        },
        200,
      );
    });

  // Batch ingest is registered by hand: items are validated one by one (bad ones quarantined, the
  // rest stored), which a whole-body zod validator would not allow; the document still shows the schema.
  app.openAPIRegistry.registerPath({
    ...documented('data:write'),
    method: 'post',
    path: '/points',
    tags: ['points'],
    summary: 'Batch ingest through the cleaning pipeline (operator): JSON array or NDJSON',
    request: {
      query: z.object({
        strict: z
          .enum(['true', 'false'])
          .optional()
          .openapi({ description: 'Reject the whole batch on any bad item' }),
      }),
      body: {
        required: true,
        content: {
          'application/json': { schema: z.union([z.array(ReadingSchema), ReadingSchema]) },
          'application/x-ndjson': {
            schema: z.string().openapi({ description: 'One Reading JSON object per line' }),
          },
        },
      },
    },
    responses: {
      200: {
        description: 'Accepted and quarantined counts with the reasons',
        content: {
          'application/json': { schema: IngestResultSchema.extend({ importId: z.number().int() }) },
        },
      },
      400: {
        description: 'Unreadable body, or any bad item with strict=true',
        content: { 'application/problem+json': { schema: ProblemSchema } },
      },
      413: {
        description: 'Body too large',
        content: { 'application/problem+json': { schema: ProblemSchema } },
      },
      415: {
        description: 'Not JSON or NDJSON',
        content: { 'application/problem+json': { schema: ProblemSchema } },
      },
    },
  });

  const limits = deps.limits ?? DEFAULT_LIMITS;
  const maxBody = deps.maxBodyBytes ?? limits.bodyBytes.points;
  app.post(
    '/points',
    guard('data:write'),
    bodyLimit({
      maxSize: maxBody,
      onError: () => {
        throw new XinzhiError(
          'PAYLOAD_TOO_LARGE',
          `request body is larger than ${maxBody} bytes (limit bodyBytes.points, --max-body-points); split the batch`,
          {
            field: '(body)',
          },
        );
      },
    }),
    async (c) => {
      const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      const format =
        type === 'application/json' || type === ''
          ? 'json'
          : type === 'application/x-ndjson' || type === 'application/jsonl' || type === 'application/ndjson'
            ? 'ndjson'
            : undefined;
      if (format === undefined)
        throw new XinzhiError(
          'UNSUPPORTED_MEDIA_TYPE',
          `content-type '${type}' is not application/json or application/x-ndjson`,
          {
            field: 'content-type',
          },
        );
      const strict = c.req.query('strict') === 'true';
      const now = clock.now();
      const items = parseBatchBody(await c.req.text(), format, now, limits.jsonDepth);
      // Out-of-scope readings refuse the whole request: quarantining them would still write into a
      // scope the caller may not touch, and a partial store would hide the mistake.
      const scope = await scopeOf(c, store);
      for (const r of [...items.readings, ...items.rejected])
        if (r.seriesId !== null) scope.assertWritable(r.seriesId, `${r.location}.series`);
      if (strict && items.rejected.length > 0) {
        const issues = items.rejected.flatMap((r) =>
          r.issues.map((i) => ({ ...i, where: i.where ?? r.location })),
        );
        throw issuesError(issues, {
          fallback: '(body)',
          detail: `${issues.length} bad item(s); nothing stored (strict)`,
        });
      }
      const importId = await store.createImport({ source: 'http', format, startedAt: now });
      let result: IngestBatchResult;
      try {
        if (items.rejected.length > 0)
          await store.addQuarantine(
            items.rejected.map((r) => ({
              importId,
              source: 'http',
              location: r.location,
              raw: r.raw,
              reasons: r.issues,
              seriesId: r.seriesId,
              ts: now,
            })),
          );
        result =
          items.readings.length > 0
            ? await ingestInSlices(
                deps.pipeline,
                items.readings,
                {
                  source: 'http',
                  importId,
                  strict,
                  newSeries: {
                    left: limits.newSeriesPerRequest,
                    limit: limits.newSeriesPerRequest,
                    setting: 'newSeriesPerRequest, --max-new-series-per-request',
                  },
                },
                limits.sliceReadings,
              )
            : { accepted: 0, quarantined: 0, duplicates: 0, outliers: 0, series: [], rejections: [] };
      } catch (e) {
        await store.finishImport(importId, {
          finishedAt: clock.now(),
          rows: items.readings.length + items.rejected.length,
          accepted: 0,
          quarantined: 0,
          duplicates: 0,
          outliers: 0,
          series: [],
          status: 'failed',
          error: e instanceof Error ? e.message : String(e),
        });
        throw e;
      }
      const quarantined = result.quarantined + items.rejected.length;
      await store.finishImport(importId, {
        finishedAt: clock.now(),
        rows: items.readings.length + items.rejected.length,
        accepted: result.accepted,
        quarantined,
        duplicates: result.duplicates,
        outliers: result.outliers,
        series: result.series,
        status: 'done',
      });
      return c.json({
        importId,
        accepted: result.accepted,
        quarantined,
        duplicates: result.duplicates,
        outliers: result.outliers,
        series: result.series,
        rejections: [
          ...items.rejected.map((r) => ({ location: r.location, issues: r.issues })),
          ...result.rejections,
        ],
      });
    },
  );
  return app;
}
