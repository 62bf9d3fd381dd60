import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createRoute, z } from '@hono/zod-openapi';
import { DEFAULT_LIMITS, XinzhiError, zodIssuesError } from '../../core/index.js';
import {
  type ColumnMapping,
  columnMappingSchema,
  type FileFormat,
  formatOf,
  importFile,
  parseEncoding,
  parseStates,
} from '../../ingest/index.js';
import type { ImportRecord } from '../../store/index.js';
import { documented, guard, guardedRoute } from '../auth/guard.js';
import { type ScopeCheck, scopedPipeline, scopeOf } from '../auth/scope.js';
import { router, type ServerDeps } from '../context.js';
import { IdParam, ImportSchema, IssueSchema, notFoundResponse, problemResponses } from '../schemas.js';

const list = guardedRoute('read', {
  method: 'get',
  path: '/imports',
  tags: ['imports'],
  summary: 'Recent imports (files, HTTP batches, MQTT sessions), newest first',
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(1000).optional().openapi({ description: 'Default 50' }),
    }),
  },
  responses: {
    200: {
      description: 'Imports',
      content: { 'application/json': { schema: z.object({ imports: z.array(ImportSchema) }) } },
    },
    ...problemResponses,
  },
});

const show = guardedRoute('read', {
  method: 'get',
  path: '/imports/{id}',
  tags: ['imports'],
  summary: 'One import, with live progress while it runs',
  request: { params: IdParam },
  responses: {
    200: { description: 'The import', content: { 'application/json': { schema: ImportSchema } } },
    ...problemResponses,
    ...notFoundResponse,
  },
});

/** Live progress of imports running in this process, keyed by import id. */
export type ImportProgress = Map<
  number,
  { bytes: number; rows: number; accepted: number; quarantined: number }
>;

export function importView(r: ImportRecord, progress?: ImportProgress) {
  const p = progress?.get(r.id);
  return {
    id: r.id,
    source: r.source,
    format: r.format,
    startedAt: r.startedAt,
    ...(r.finishedAt === undefined ? {} : { finishedAt: r.finishedAt }),
    ...(r.rows === undefined ? {} : { rows: r.rows }),
    ...(r.accepted === undefined ? {} : { accepted: r.accepted }),
    ...(r.quarantined === undefined ? {} : { quarantined: r.quarantined }),
    ...(r.duplicates === undefined ? {} : { duplicates: r.duplicates }),
    ...(r.outliers === undefined ? {} : { outliers: r.outliers }),
    ...(r.series === undefined ? {} : { series: [...r.series] }),
    status: r.status ?? ('running' as const),
    ...(r.error === undefined ? {} : { error: r.error }),
    ...(p ? { progress: { ...p } } : {}),
  };
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const UploadQuery = z.object({
  format: z
    .enum(['csv', 'json', 'ndjson', 'xlsx'])
    .optional()
    .openapi({ description: 'Default: from content-type or name' }),
  sheet: z.string().max(200).optional().openapi({
    description: 'XLSX: sheet name or 1-based number; default the first sheet with a header row',
  }),
  name: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'File name shown in quarantine locations', example: 'plant.csv' }),
  asset: z
    .string()
    .optional()
    .openapi({ description: 'Asset of wide columns and rows giving only a metric' }),
  timeZone: z.string().optional().openapi({
    description:
      'IANA zone or offset (+08:00) of times without offset; default UTC; abbreviations (CST) are refused',
  }),
  timeFormat: z.string().max(100).optional().openapi({
    description:
      'CSV time column format, e.g. DD/MM/YYYY HH:mm, iso, epoch-s, excel; default: decided from the first rows',
  }),
  strict: z.enum(['true', 'false']).optional().openapi({ description: 'Import nothing if any row is bad' }),
  encoding: z.string().max(40).optional().openapi({
    description:
      'CSV text encoding (utf-8, utf-16le, utf-16be, gb18030/gbk, windows-1252); default: detected',
    example: 'gb18030',
  }),
  states: z.string().max(5000).optional().openapi({
    description: 'State text to codes for state columns; default: text columns are skipped',
    example: 'RUN=1,STOP=0',
  }),
  force: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: 'Import again although the same content was imported before' }),
  map: z.string().max(20_000).optional().openapi({
    description: 'Column mapping as JSON (see docs/ingest.md); default: detected from the header',
  }),
});

/** Parses the `map` query parameter into a column mapping, naming `query.map` when it is wrong. */
function parseMap(text: string | undefined): ColumnMapping | undefined {
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new XinzhiError('BAD_INPUT', `map is not JSON: ${(e as Error).message}`, { field: 'query.map' });
  }
  const r = columnMappingSchema.safeParse(json);
  if (!r.success) {
    throw zodIssuesError(r.error, { prefix: 'query.map' });
  }
  return r.data as ColumnMapping;
}

const upload = createRoute({
  ...documented('data:write'),
  method: 'post',
  path: '/imports',
  tags: ['imports'],
  summary: 'Upload a CSV, XLSX, JSON or NDJSON file and import it through the pipeline (operator)',
  description:
    'The body is the file itself (`curl --data-binary @plant.csv -H "content-type: text/csv"`), streamed to a ' +
    'temporary file and imported with constant memory; GET /imports/{id} shows progress meanwhile. The response ' +
    'is the import result, as `xinzhi import --json` prints it.',
  request: {
    query: UploadQuery,
    body: {
      required: true,
      content: {
        'text/csv': { schema: z.string() },
        'application/json': { schema: z.string() },
        'application/x-ndjson': { schema: z.string() },
        [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
  },
  responses: {
    200: {
      description: 'The import result',
      content: {
        'application/json': {
          schema: z.object({
            import_id: z.number().int(),
            file: z.string(),
            format: z.enum(['csv', 'json', 'ndjson', 'xlsx']),
            sheet: z.string().optional(),
            rows: z.number(),
            accepted: z.number(),
            quarantined: z.number(),
            duplicates: z.number(),
            outliers: z.number(),
            series: z.array(z.string()),
            quarantine: z.array(z.object({ location: z.string(), reasons: z.array(IssueSchema) })),
            quarantine_truncated: z.boolean(),
            duration_ms: z.number(),
            sha256: z.string(),
            skipped: z.boolean().optional(),
            reimport_of: z.number().int().optional(),
            encoding: z.string().optional(),
            encoding_source: z.enum(['given', 'bom', 'detected']).optional(),
            skipped_columns: z
              .array(z.object({ column: z.string(), examples: z.array(z.string()) }))
              .optional(),
            number_formats: z.record(z.string(), z.string()).optional(),
            state_columns: z.array(z.string()).optional(),
            unitless_columns: z
              .array(z.object({ column: z.string(), bracket: z.string(), seriesId: z.string() }))
              .optional(),
            warnings: z.array(z.string()),
          }),
        },
      },
    },
    ...problemResponses,
  },
});

const FORMAT_OF_TYPE: Record<string, FileFormat> = {
  [XLSX_TYPE]: 'xlsx',
  'text/csv': 'csv',
  'application/csv': 'csv',
  'text/plain': 'csv',
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
};

/** Streams the request body to `path`, counting bytes into `onBytes`; stops past `max` bytes. */
async function saveBody(
  body: ReadableStream<Uint8Array> | null,
  path: string,
  onBytes: (n: number) => void,
  max: number,
) {
  const out = createWriteStream(path);
  if (body === null) {
    await new Promise<void>((r) => out.end(r));
    return;
  }
  const source = Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>);
  let total = 0;
  source.on('data', (chunk: Buffer) => {
    total += chunk.length;
    onBytes(chunk.length);
    if (total > max)
      source.destroy(
        new XinzhiError(
          'PAYLOAD_TOO_LARGE',
          `upload is larger than ${max} bytes (limit bodyBytes.imports, --max-upload); import it with \`xinzhi import\` on the server, or raise the limit`,
          { field: '(body)' },
        ),
      );
  });
  await pipeline(source, out);
}

/**
 * An import is seen by the scope of any series it wrote (which are then the only ones listed);
 * one that wrote none yet only by whole-installation principals.
 */
const importVisible = (scope: ScopeCheck, r: ImportRecord): boolean =>
  r.series !== undefined && r.series.length > 0
    ? r.series.some((s) => scope.covers(s))
    : !scope.narrowed && scope.inOrg(undefined);

const scoped = (scope: ScopeCheck, r: ImportRecord): ImportRecord =>
  r.series === undefined ? r : { ...r, series: scope.filter(r.series, (s) => s) };

export function importRoutes(deps: ServerDeps, progress: ImportProgress) {
  const app = router()
    .openapi(list, async (c) => {
      const scope = await scopeOf(c, deps.store);
      const imports = await deps.store.listImports(c.req.valid('query').limit ?? 50);
      return c.json(
        {
          imports: imports.flatMap((r) =>
            importVisible(scope, r) ? [importView(scoped(scope, r), progress)] : [],
          ),
        },
        200,
      );
    })
    .openapi(show, async (c) => {
      const { id } = c.req.valid('param');
      const scope = await scopeOf(c, deps.store);
      const found = await deps.store.getImport(id);
      const r = found && importVisible(scope, found) ? scoped(scope, found) : undefined;
      if (!r) throw new XinzhiError('NOT_FOUND', `no import ${id}`, { field: 'id' });
      return c.json(importView(r, progress), 200);
    });
  // Registered by hand: the body is a file streamed to disk, which a body validator would buffer.
  app.openAPIRegistry.registerPath(upload);
  app.post('/imports', guard('data:write'), async (c) => {
    const parsed = UploadQuery.safeParse(c.req.query());
    if (!parsed.success) throw zodIssuesError(parsed.error, { prefix: 'query' });
    const q = parsed.data;
    const scope = await scopeOf(c, deps.store);
    if (q.asset !== undefined) scope.assertWritable(q.asset, 'asset');
    const mapping = parseMap(q.map);
    const encoding = q.encoding === undefined ? undefined : parseEncoding(q.encoding, 'query.encoding');
    const states = q.states === undefined ? undefined : parseStates(q.states, 'query.states');
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const name = basename(q.name ?? 'upload').replace(/[^\w.-]/g, '_') || 'upload';
    const format = q.format ?? FORMAT_OF_TYPE[type] ?? formatOf(name);
    const dir = await mkdtemp(join(tmpdir(), 'xinzhi-upload-'));
    const file = join(dir, name);
    let id: number | undefined;
    let bytes = 0;
    // Wrapping the store tells us the import id as soon as importFile creates it, so progress
    // is visible under that id, and records the upload's name rather than the temporary path.
    const tracked = new Proxy(deps.store, {
      get(target, prop) {
        if (prop === 'createImport')
          return async (input: { source: string; format: string; startedAt: number }) => {
            id = await target.createImport({ ...input, source: `upload:${name}` });
            progress.set(id, { bytes, rows: 0, accepted: 0, quarantined: 0 });
            return id;
          };
        const v: unknown = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    try {
      const limits = deps.limits ?? DEFAULT_LIMITS;
      await saveBody(
        c.req.raw.body,
        file,
        (n) => {
          bytes += n;
        },
        limits.bodyBytes.imports,
      );
      const result = await importFile(
        file,
        {
          format,
          sheet: q.sheet,
          asset: q.asset,
          mapping,
          timeZone: q.timeZone,
          timeFormat: q.timeFormat,
          strict: q.strict === 'true',
          encoding,
          states,
          force: q.force === 'true',
          limits,
          onProgress: (p) => {
            if (id !== undefined)
              progress.set(id, { bytes: p.bytesRead, rows: p.rows, accepted: p.accepted, quarantined: 0 });
          },
        },
        {
          store: tracked,
          pipeline: scopedPipeline(deps.pipeline, scope),
          clock: deps.clock,
          logger: deps.logger,
        },
      );
      return c.json({ ...result, file: name }, 200);
    } finally {
      if (id !== undefined) progress.delete(id);
      await rm(dir, { recursive: true, force: true });
    }
  });
  return app;
}
