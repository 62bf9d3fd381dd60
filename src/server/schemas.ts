/**
 * The zod schemas of the API. The same objects validate requests and generate
 * `/api/openapi.json`, so the document cannot drift from what the server accepts.
 */
import { z } from '@hono/zod-openapi';
import { ASSET_KINDS, ROLES } from '../core/index.js';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string(),
    field: z.string().optional(),
    errors: z
      .array(z.object({ field: z.string(), message: z.string(), code: z.string().optional() }))
      .optional(),
  })
  .openapi('Problem');

export const problemResponses = {
  400: { description: 'Invalid input', content: { 'application/problem+json': { schema: ProblemSchema } } },
  401: {
    description: 'No or bad API key',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
  403: {
    description: 'Role not allowed',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
} as const;
export const notFoundResponse = {
  404: { description: 'Not found', content: { 'application/problem+json': { schema: ProblemSchema } } },
} as const;

/** A JSON response body of `schema`, for a route's `responses`. */
export const jsonResponse = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** `{id}` of the `/series/{id}…` routes: a series id, URL-encoded. */
export const SeriesIdPath = z.object({
  id: z
    .string()
    .min(1)
    .openapi({
      param: { name: 'id', in: 'path' },
      description: 'Series id, URL-encoded',
      example: 'plant1%2Fm3%2Ftemp',
    }),
});

/** Times at the edge: ISO 8601 or epoch milliseconds. */
export const TimeParam = z
  .string()
  .openapi({ description: 'ISO 8601 time or epoch milliseconds', example: '2024-01-01T00:00:00Z' });

export const AssetSchema = z
  .object({
    id: z.string(),
    parentId: z.string().nullable(),
    kind: z.enum(ASSET_KINDS),
    name: z.string(),
    attributes: z.record(z.string(), z.unknown()),
    createdAt: z.number(),
  })
  .openapi('Asset');

export type AssetNode = z.infer<typeof AssetSchema> & { children: AssetNode[] };
export const AssetNodeSchema: z.ZodType<AssetNode> = AssetSchema.extend({
  get children() {
    return z.array(AssetNodeSchema);
  },
}).openapi('AssetNode');

export const SeriesSchema = z
  .object({
    id: z.string(),
    assetId: z.string(),
    metric: z.string(),
    unit: z.string(),
    description: z.string(),
    minValue: z.number().nullable(),
    maxValue: z.number().nullable(),
    retentionDays: z.number().nullable(),
    expectedIntervalMs: z.number().nullable(),
    signal: z.enum(['gauge', 'counter', 'state']).nullable(),
    createdAt: z.number(),
  })
  .openapi('Series');

export const SeriesPatchSchema = z
  .object({
    description: z.string().max(500).optional(),
    minValue: z.number().nullable().optional(),
    maxValue: z.number().nullable().optional(),
    retentionDays: z.number().int().positive().nullable().optional(),
    expectedIntervalMs: z.number().int().positive().nullable().optional(),
    signal: z.enum(['gauge', 'counter', 'state']).nullable().optional(),
  })
  .strict()
  .openapi('SeriesPatch');

export const PointSchema = z
  .object({ ts: z.number(), time: z.string(), value: z.number(), quality: z.number().int() })
  .openapi('Point');

export const BucketSchema = z
  .object({
    ts: z.number(),
    time: z.string(),
    min: z.number(),
    max: z.number(),
    avg: z.number(),
    count: z.number().int(),
    last: z.number(),
  })
  .openapi('Bucket');

/** One reading in an HTTP batch; `series`, or `asset` and `metric`. */
export const ReadingSchema = z
  .object({
    series: z.string().optional().openapi({ example: 'plant1/press/line1/m3/bearing_temp' }),
    asset: z.string().optional(),
    metric: z.string().optional(),
    ts: z
      .union([z.number(), z.string()])
      .optional()
      .openapi({ description: 'ISO 8601 or epoch ms; default: now' }),
    value: z.number(),
    unit: z
      .string()
      .optional()
      .openapi({ description: 'UCUM code; default: the series unit', example: 'Cel' }),
  })
  .openapi('Reading');

export const IssueSchema = z.object({ code: z.string(), message: z.string(), where: z.string().optional() });

export const IngestResultSchema = z
  .object({
    accepted: z.number().int(),
    quarantined: z.number().int(),
    duplicates: z.number().int(),
    outliers: z.number().int(),
    series: z.array(z.string()),
    rejections: z.array(z.object({ location: z.string(), issues: z.array(IssueSchema) })),
  })
  .openapi('IngestResult');

export const EventSchema = z
  .object({
    id: z.number().int(),
    ts: z.number(),
    kind: z.string(),
    severity: z.enum(['info', 'warning', 'minor', 'major', 'critical']),
    assetId: z.string().nullable(),
    seriesId: z.string().nullable(),
    message: z.string(),
    data: z.record(z.string(), z.unknown()),
  })
  .openapi('Event');

export const EventInputSchema = z
  .object({
    ts: z.union([z.number(), z.string()]).optional(),
    kind: z.string().min(1).max(100),
    severity: z.enum(['info', 'warning', 'minor', 'major', 'critical']).optional(),
    assetId: z.string().nullable().optional(),
    seriesId: z.string().nullable().optional(),
    message: z.string().min(1).max(2000),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .openapi('EventInput');

export const QuarantineRowSchema = z
  .object({
    id: z.number().int(),
    importId: z.number().int().nullable(),
    source: z.string(),
    location: z.string(),
    raw: z.string(),
    reasons: z.array(IssueSchema),
    seriesId: z.string().nullable(),
    ts: z.number(),
    status: z.enum(['open', 'resubmitted', 'discarded']),
  })
  .openapi('QuarantineRow');

export const ImportSchema = z
  .object({
    id: z.number().int(),
    source: z.string(),
    format: z.string(),
    startedAt: z.number(),
    finishedAt: z.number().optional(),
    rows: z.number().optional(),
    accepted: z.number().optional(),
    quarantined: z.number().optional(),
    duplicates: z.number().optional(),
    outliers: z.number().optional(),
    series: z.array(z.string()).optional(),
    status: z.enum(['running', 'done', 'failed', 'aborted']),
    error: z.string().optional(),
    progress: z
      .object({ bytes: z.number(), rows: z.number(), accepted: z.number(), quarantined: z.number() })
      .optional(),
  })
  .openapi('Import');

export const ApiKeySchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    role: z.enum(ROLES),
    createdAt: z.number(),
    revokedAt: z.number().nullable(),
    org: z.string().openapi({ description: 'The organisation the key acts in' }),
    sites: z.array(z.string()).nullable().openapi({ description: 'Sites it is limited to; null: all' }),
    asset: z.string().nullable().openapi({ description: 'Device keys: the asset path it speaks for' }),
  })
  .openapi('ApiKey');

export const ApiKeyCreateSchema = z
  .object({
    name: z.string().min(1).max(100),
    role: z.enum(ROLES),
    org: z.string().min(1).max(100).optional().openapi({ description: "Default: the creator's" }),
    sites: z.array(z.string().min(1).max(100)).min(1).max(1000).nullable().optional(),
    asset: z.string().min(1).max(1000).nullable().optional().openapi({
      description: 'Required for, and only for, role device',
      example: 'plant1/press/line1',
    }),
  })
  .strict()
  .openapi('ApiKeyCreate');

export const IdParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});
