/**
 * Jobs API: heavy work queued for whichever node's workers take it (src/server/jobs/).
 *
 * - `POST /jobs` `{kind, input}` queues a job (202 + Location); `POST /jobs/uploads?kind=import&…`
 *   queues one with an uploaded file, stored with the job so any node can run it.
 * - `GET /jobs` lists the jobs the caller may see (newest first; `state`, `kind` filters),
 *   `GET /jobs/{id}` gives one with its input and result, `POST /jobs/{id}/cancel` cancels it.
 *
 * Each kind needs the permission of the synchronous route it mirrors, checked when it is queued
 * (403) and again when it runs. A job is seen by its submitter, by principals of its organisation
 * with the whole organisation in scope, and by principals whose sites include every site the
 * submitter was limited to: a job queued by a site-A principal is invisible at site B (reading it
 * is 404, cancelling it 403 like every write out of scope).
 */
import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { can, DEFAULT_LIMITS, type Principal, XinzhiError, zodIssuesError } from '../../core/index.js';
import { JOB_STATES, type JobRecord, type JobSubmitter } from '../../store/index.js';
import { documented, guard, guardedRoute } from '../auth/guard.js';
import { principalOfRequest, scopeOf } from '../auth/scope.js';
import { router, type ServerDeps } from '../context.js';
import { JOB_KINDS, type JobKind, jobKind } from '../jobs/kinds.js';
import { jsonResponse, notFoundResponse, problemResponses } from '../schemas.js';
import { readOneRoute } from './read-one-route.js';

/** Runs of a job in all when its workers die (the first run included). */
export const JOB_MAX_ATTEMPTS = 3;
/**
 * Largest upload stored with a job. The bytes live in a database row and are held in memory once
 * while stored and once while run, so the cap is below the streamed route's (`bodyBytes.imports`);
 * bigger files go through `POST /imports` or `xinzhi import`.
 */
export const JOB_UPLOAD_MAX_BYTES = 64 * 1024 * 1024;

const KIND_NAMES = JOB_KINDS.map((k) => k.name) as [string, ...string[]];

const ErrorSchema = z.object({
  message: z.string(),
  code: z.string().optional(),
  status: z.number().optional(),
  field: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

const JobSummarySchema = z
  .object({
    id: z.string(),
    kind: z.enum(KIND_NAMES),
    state: z.enum(JOB_STATES),
    progress: z.number().openapi({ description: '0–1, written about once a second while running' }),
    message: z.string().nullable(),
    attempts: z.number().openapi({ description: 'Runs started; more than 1 when a worker died' }),
    maxAttempts: z.number(),
    error: ErrorSchema.nullable().openapi({ description: 'The problem the mirrored route answered' }),
    submittedBy: z.object({ kind: z.string(), id: z.number().nullable(), name: z.string() }),
    org: z.string(),
    sites: z.array(z.string()).nullable(),
    uploadBytes: z.number(),
    createdAt: z.number(),
    startedAt: z.number().nullable(),
    finishedAt: z.number().nullable(),
    worker: z.string().nullable().openapi({ description: 'Node and worker that ran it last' }),
  })
  .openapi('JobSummary');

const JobSchema = JobSummarySchema.extend({
  input: z.unknown(),
  result: z.unknown().openapi({ description: "The mirrored route's response body, once succeeded" }),
}).openapi('Job');

const summaryOf = (j: JobRecord): z.infer<typeof JobSummarySchema> => ({
  id: j.id,
  kind: j.kind,
  state: j.state,
  progress: j.progress,
  message: j.message,
  attempts: j.attempts,
  maxAttempts: j.maxAttempts,
  error: j.error === null ? null : (JSON.parse(JSON.stringify(j.error)) as z.infer<typeof ErrorSchema>),
  submittedBy: { kind: j.submitter.kind, id: j.submitter.id, name: j.submitter.name },
  org: j.submitter.org,
  sites: j.submitter.sites === null ? null : [...j.submitter.sites],
  uploadBytes: j.payloadBytes,
  createdAt: j.createdAt,
  startedAt: j.startedAt,
  finishedAt: j.finishedAt,
  worker: j.worker,
});
/** Input and result are JSON read back from the store. */
type Json = z.infer<typeof JobSchema>['result'];
const viewOf = (j: JobRecord) => ({ ...summaryOf(j), input: j.input as Json, result: j.result as Json });

/** Whether `p` may see `j` (see the module comment). */
export function jobVisible(p: Principal, j: JobRecord): boolean {
  if (p.kind === 'system') return true;
  const s = j.submitter;
  if (s.org !== p.scope.org) return false;
  if (s.kind === p.kind && s.id !== null && s.id === p.id) return true;
  if (p.scope.asset !== null) return false;
  if (p.scope.sites === null) return true;
  const mine = p.scope.sites;
  return s.sites !== null && s.sites.length > 0 && s.sites.every((x) => mine.includes(x));
}

const submitterOf = (p: Principal): JobSubmitter => ({
  kind: p.kind,
  id: p.id,
  name: p.name,
  role: p.role,
  org: p.scope.org,
  sites: p.scope.sites === null ? null : [...p.scope.sites],
  asset: p.scope.asset,
});

function mustMay(p: Principal, kind: JobKind): void {
  if (!can(p, kind.permission))
    throw new XinzhiError(
      'FORBIDDEN',
      `permission '${kind.permission}' is needed for a '${kind.name}' job (as for ${kind.mirrors}); role '${p.role}' does not have it`,
      { field: 'authorization', context: { permission: kind.permission, role: p.role } },
    );
}

function validInput(kind: JobKind, input: unknown, target: 'input' | 'query' = 'input'): unknown {
  const r = kind.input.safeParse(input);
  if (r.success) return r.data;
  throw zodIssuesError(r.error, { prefix: target });
}

const accepted = {
  description: 'Queued; poll the Location',
  headers: z.object({ location: z.string().openapi({ description: '/api/v1/jobs/{id}' }) }),
  content: { 'application/json': { schema: JobSchema } },
};

const kindsText = JOB_KINDS.map(
  (k) =>
    `\`${k.name}\` (${k.summary}; input as ${k.mirrors}${k.upload ? ', file uploaded' : ''}; needs \`${k.permission}\`)`,
).join(', ');

const submit = guardedRoute('read', {
  method: 'post',
  path: '/jobs',
  tags: ['jobs'],
  summary: 'Queue a job; any node runs it (the permission of the mirrored route is needed)',
  description: `Kinds: ${kindsText}. Kinds taking a file are queued with POST /jobs/uploads.`,
  request: {
    body: {
      content: {
        'application/json': {
          schema: z
            .object({
              kind: z.enum(KIND_NAMES),
              input: z.unknown().openapi({ description: 'The body of the mirrored route' }),
            })
            .strict()
            .openapi('JobRequest'),
        },
      },
      required: true,
    },
  },
  responses: { 202: accepted, ...problemResponses },
});

const uploadQuery = z
  .object({ kind: z.enum(KIND_NAMES) })
  .catchall(z.string())
  .openapi({ description: 'kind, and the query parameters of the mirrored route' });

const upload = createRoute({
  ...documented('read'),
  method: 'post',
  path: '/jobs/uploads',
  tags: ['jobs'],
  summary: 'Queue a job with an uploaded file (e.g. kind=import&format=csv); body is the file',
  description: `The file is stored with the job (at most ${JOB_UPLOAD_MAX_BYTES / 1024 / 1024} MiB and bodyBytes.imports) so that any node can run it; the other query parameters are the mirrored route's.`,
  request: { query: uploadQuery },
  responses: { 202: accepted, ...problemResponses },
});

const list = guardedRoute('read', {
  method: 'get',
  path: '/jobs',
  tags: ['jobs'],
  summary: 'Jobs the caller may see, newest first',
  request: {
    query: z.object({
      state: z.enum(JOB_STATES).optional(),
      kind: z.enum(KIND_NAMES).optional(),
      limit: z.coerce.number().int().min(1).max(1000).optional(),
    }),
  },
  responses: {
    200: jsonResponse(z.object({ jobs: z.array(JobSummarySchema) }), 'Jobs'),
    ...problemResponses,
  },
});

const IdPath = z.object({
  id: z
    .string()
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const getOne = readOneRoute({
  path: '/jobs/{id}',
  tags: ['jobs'],
  summary: 'One job: state, progress, input, result or error',
  params: IdPath,
  schema: JobSchema,
  description: 'The job',
});

const cancel = guardedRoute('read', {
  method: 'post',
  path: '/jobs/{id}/cancel',
  tags: ['jobs'],
  summary: 'Cancel a queued or running job (the permission of its kind is needed)',
  request: { params: IdPath },
  responses: { 200: jsonResponse(JobSchema, 'The cancelled job'), ...problemResponses, ...notFoundResponse },
});

/** Reads the request body up to `max` bytes. */
async function readUpTo(body: ReadableStream<Uint8Array> | null, max: number): Promise<Buffer> {
  if (body === null) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  // A reader rather than `for await`: the global ReadableStream of @types/node declares no async iterator.
  const reader = body.getReader();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      total += r.value.length;
      if (total > max)
        throw new XinzhiError(
          'PAYLOAD_TOO_LARGE',
          `upload is larger than ${max} bytes, the most a job stores; use POST /imports or \`xinzhi import\``,
          { field: '(body)' },
        );
      chunks.push(Buffer.from(r.value));
    }
  } finally {
    // Stops the upload when it is too large (the rest is not read) and frees the lock either way.
    await reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks);
}

export interface JobRouteOptions {
  /** Told of each new job, so an idle worker of this node starts it at once. */
  readonly wake?: () => void;
}

export function jobRoutes(deps: ServerDeps, options: JobRouteOptions = {}) {
  const { store, clock } = deps;
  const queue = async (p: Principal, kind: JobKind, input: unknown, payload?: Buffer) => {
    const job = await store.jobs.submit({
      id: randomUUID(),
      kind: kind.name,
      input,
      ...(payload ? { payload } : {}),
      submitter: submitterOf(p),
      maxAttempts: JOB_MAX_ATTEMPTS,
      createdAt: clock.now(),
    });
    options.wake?.();
    deps.logger.info({ job: job.id, kind: kind.name, by: p.name }, 'job queued');
    return job;
  };
  const mustSee = async (p: Principal, id: string) => {
    const j = await store.jobs.get(id);
    if (!j || !jobVisible(p, j)) throw new XinzhiError('NOT_FOUND', `no job '${id}'`, { field: 'id' });
    return j;
  };
  const app = router()
    .openapi(submit, async (c) => {
      const p = principalOfRequest(c);
      const b = c.req.valid('json');
      const kind = jobKind(b.kind) as JobKind;
      mustMay(p, kind);
      if (kind.upload)
        throw new XinzhiError(
          'BAD_INPUT',
          `a '${kind.name}' job takes a file: POST /api/v1/jobs/uploads?kind=${kind.name} with the file as the body`,
          { field: 'kind' },
        );
      const job = await queue(p, kind, validInput(kind, b.input));
      return c.json(viewOf(job), 202, { location: `/api/v1/jobs/${job.id}` });
    })
    .openapi(list, async (c) => {
      const p = principalOfRequest(c);
      const q = c.req.valid('query');
      const jobs = await store.jobs.list({
        ...(p.kind === 'system' ? {} : { org: p.scope.org }),
        ...(q.state ? { state: q.state } : {}),
        ...(q.kind ? { kind: q.kind } : {}),
        limit: q.limit ?? 100,
      });
      return c.json({ jobs: jobs.filter((j) => jobVisible(p, j)).map(summaryOf) }, 200);
    })
    .openapi(getOne, async (c) =>
      c.json(viewOf(await mustSee(principalOfRequest(c), c.req.valid('param').id)), 200),
    )
    .openapi(cancel, async (c) => {
      const p = principalOfRequest(c);
      const { id } = c.req.valid('param');
      const j = await store.jobs.get(id);
      if (!j) throw new XinzhiError('NOT_FOUND', `no job '${id}'`, { field: 'id' });
      // Like every write out of scope: 403 for a job that exists elsewhere, 404 for none at all.
      if (!jobVisible(p, j))
        throw new XinzhiError('FORBIDDEN', `job '${id}' is outside your scope`, { field: 'id' });
      const kind = jobKind(j.kind);
      if (kind) mustMay(p, kind);
      if (j.state !== 'queued' && j.state !== 'running')
        throw new XinzhiError(
          'CONFLICT',
          `job '${j.id}' has already ${j.state === 'cancelled' ? 'been cancelled' : j.state}`,
          {
            field: 'id',
          },
        );
      const after = (await store.jobs.cancel(j.id, clock.now())) as JobRecord;
      deps.logger.info({ job: j.id, by: p.name, state: after.state }, 'job cancel');
      return c.json(viewOf(after), 200);
    });
  // Registered by hand: the body is a file, which a body validator would try to parse.
  app.openAPIRegistry.registerPath(upload);
  app.post('/jobs/uploads', guard('read'), async (c) => {
    const p = principalOfRequest(c);
    const { kind: name, ...rest } = c.req.query();
    const kind = name === undefined ? undefined : jobKind(name);
    if (!kind)
      throw new XinzhiError('BAD_INPUT', `kind must be one of ${KIND_NAMES.join(', ')}`, {
        field: 'query.kind',
      });
    mustMay(p, kind);
    if (!kind.upload)
      throw new XinzhiError('BAD_INPUT', `a '${kind.name}' job takes JSON input: POST /api/v1/jobs`, {
        field: 'query.kind',
      });
    const contentType = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    const input = validInput(kind, { ...rest, ...(contentType ? { contentType } : {}) }, 'query');
    // As the mirrored route does first: an asset outside the scope is refused before the upload.
    const asset = (input as { asset?: unknown }).asset;
    if (typeof asset === 'string') (await scopeOf(c, store)).assertWritable(asset, 'query.asset');
    const max = Math.min(JOB_UPLOAD_MAX_BYTES, (deps.limits ?? DEFAULT_LIMITS).bodyBytes.imports);
    const payload = await readUpTo(c.req.raw.body, max);
    const job = await queue(p, kind, input, payload);
    return c.json(viewOf(job), 202, { location: `/api/v1/jobs/${job.id}` });
  });
  return app;
}
