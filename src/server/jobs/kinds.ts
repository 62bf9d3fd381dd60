/**
 * The kinds of job the API queues, and how a worker runs one: as the request of the synchronous
 * route it mirrors, made by the submitter (same permission, same scope, same validation and same
 * result body), through a private app that only job workers reach. So a queued delivery plan, a
 * production plan or an import does exactly what its synchronous route does, and whichever node
 * runs it needs nothing but the job record (and the uploaded bytes stored with it).
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import {
  can,
  compact,
  type Permission,
  type Principal,
  principalOf,
  ROLES,
  type Role,
  toErrorCode,
  XinzhiError,
} from '../../core/index.js';
import type { JobSubmitter, Store } from '../../store/index.js';
import { asMiddleware } from '../auth/guard.js';
import { scopeCheck, siteDirectory } from '../auth/scope.js';
import { runWithScope } from '../auth/scope-store.js';
import type { AppEnv, ServerDeps } from '../context.js';
import { errorToProblem, type Problem } from '../problem.js';
import { type ImportProgress, importRoutes, UploadQuery } from '../routes/imports.js';
import { logisticsRoutes, PlanBodySchema } from '../routes/logistics.js';
import { CreateBody, planningRoutes } from '../routes/planning.js';
import type { JobContext, JobHandler } from './queue.js';
import { RulTrainInput, rulTrainHandler } from './rul-train.js';

/** The request a job makes of its mirrored route. */
interface MirroredRequest {
  readonly path: string;
  readonly query?: Record<string, string>;
  readonly body: string | Uint8Array;
  readonly contentType: string;
}

export interface JobKind {
  readonly name: string;
  readonly permission: Permission;
  /** The synchronous route it mirrors, for the API description. */
  readonly mirrors: string;
  readonly summary: string;
  readonly input: z.ZodType;
  /** Takes an uploaded file (`POST /jobs/uploads?kind=…`) rather than JSON input only. */
  readonly upload: boolean;
  /** The router of the mirrored route, built for one run (so progress can be wired to the job). */
  router?(deps: ServerDeps, orgDeps: ServerDeps, ctx: JobContext): OpenAPIHono<AppEnv>;
  request?(input: unknown, ctx: JobContext): Promise<MirroredRequest>;
  /** A kind with no synchronous route runs its own handler instead (as the submitter, in scope). */
  run?(deps: ServerDeps, orgDeps: ServerDeps): JobHandler;
}

const ImportInput = UploadQuery.extend({
  contentType: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'Content type of the upload (taken from the upload request)' }),
}).openapi('ImportJobInput');

/** Import progress of the mirrored route, as the job's progress (bytes read of the upload). */
function importProgressOf(ctx: JobContext): ImportProgress {
  const total = ctx.job.payloadBytes;
  const map: ImportProgress = new Map();
  return new Proxy(map, {
    get(target, prop) {
      if (prop === 'set')
        return (id: number, p: { bytes: number; rows: number }) => {
          if (total > 0) ctx.progress(Math.min(0.99, p.bytes / total), `${p.rows} rows read`);
          return target.set(id, p as never);
        };
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

const json = (input: unknown, path: string): Promise<MirroredRequest> =>
  Promise.resolve({ path, body: JSON.stringify(input), contentType: 'application/json' });

export const JOB_KINDS: readonly JobKind[] = [
  {
    name: 'delivery-plan',
    permission: 'plan',
    mirrors: 'POST /api/v1/logistics/plans',
    summary: 'Plan deliveries (routing); the result is the stored plan',
    input: PlanBodySchema,
    upload: false,
    router: (_deps, orgDeps) => logisticsRoutes(orgDeps),
    request: (input) => json(input, '/logistics/plans'),
  },
  {
    name: 'production-plan',
    permission: 'plan',
    mirrors: 'POST /api/v1/plans',
    summary: 'Solve a production plan; the result is the stored plan',
    input: CreateBody,
    upload: false,
    router: (_deps, orgDeps) => planningRoutes(orgDeps),
    request: (input) => json(input, '/plans'),
  },
  {
    name: 'import',
    permission: 'data:write',
    mirrors: 'POST /api/v1/imports',
    summary: 'Import the uploaded file (CSV, XLSX, JSON, NDJSON); the result is the import report',
    input: ImportInput,
    upload: true,
    router: (deps, _orgDeps, ctx) => importRoutes(deps, importProgressOf(ctx)),
    request: async (input, ctx) => {
      const { contentType, ...query } = input as z.infer<typeof ImportInput>;
      const bytes = (await ctx.payload()) ?? Buffer.alloc(0);
      return {
        path: '/imports',
        query: compact(query) as Record<string, string>,
        body: new Uint8Array(bytes),
        contentType: contentType ?? 'application/octet-stream',
      };
    },
  },
  {
    name: 'rul-train',
    permission: 'series:manage',
    mirrors: 'xinzhi rul train',
    summary:
      'Train a RUL model on an uploaded run-to-failure file (C-MAPSS text or unit,cycle,sensors CSV); the result is the tracked run',
    input: RulTrainInput,
    upload: true,
    run: (_deps, orgDeps) => asSubmitter(orgDeps, 'series:manage', rulTrainHandler(orgDeps.store)),
  },
];

export const jobKind = (name: string): JobKind | undefined => JOB_KINDS.find((k) => k.name === name);

/** The principal a job runs as: the submitter's role and scope, as recorded at submission. */
export function principalOfSubmitter(s: JobSubmitter): Principal {
  const role: Role = (ROLES as readonly string[]).includes(s.role) ? (s.role as Role) : 'viewer';
  return principalOf(s.kind, s.id, s.name, role, { org: s.org, sites: s.sites, asset: s.asset });
}

/**
 * The submitter as it is now: a job queued by a key revoked (or a user disabled) since fails, and
 * a role or scope narrowed since applies, as it would to a request made now.
 */
export async function currentPrincipal(store: Store, s: JobSubmitter): Promise<Principal> {
  if (s.id === null || (s.kind !== 'key' && s.kind !== 'user')) return principalOfSubmitter(s);
  if (s.kind === 'user') {
    const u = await store.getUser(s.id);
    if (!u || u.disabledAt !== null)
      throw new XinzhiError('FORBIDDEN', `user '${s.name}', who queued this job, is disabled`, {
        field: 'authorization',
      });
    return principalOf('user', u.id, u.username, u.role, u);
  }
  const k = (await store.listApiKeys()).find((x) => x.id === s.id);
  if (!k || k.revokedAt !== null)
    throw new XinzhiError('FORBIDDEN', `API key '${s.name}', which queued this job, is revoked`, {
      field: 'authorization',
    });
  return principalOf('key', k.id, k.name, k.role, k);
}

/** A failed run: the problem the mirrored route answered. */
export class MirroredFailure extends XinzhiError {
  constructor(readonly problem: Problem) {
    super(toErrorCode(problem.code, problem.status), problem.detail ?? problem.title, {
      ...(problem.field === undefined ? {} : { field: problem.field }),
      context: {
        status: problem.status,
        code: problem.code,
        ...(problem.errors ? { issues: problem.errors } : {}),
      },
    });
  }
}

/** Runs `handler` in the submitter's scope (documents of its organisation, series of its sites). */
function asSubmitter(deps: ServerDeps, permission: Permission, handler: JobHandler): JobHandler {
  return async (input, ctx) => {
    const principal = await currentPrincipal(deps.store, ctx.job.submitter);
    if (!can(principal, permission))
      throw new XinzhiError(
        'FORBIDDEN',
        `permission '${permission}' is needed; '${principal.name}' no longer has it`,
        {
          field: 'authorization',
        },
      );
    const scope = scopeCheck(principal, await siteDirectory(deps.store).orgOfSite());
    return runWithScope(scope, () => handler(input, ctx));
  };
}

/** How `kind` runs: its own handler, or its mirrored route. */
export const jobHandler = (kind: JobKind, deps: ServerDeps, orgDeps: ServerDeps): JobHandler =>
  kind.run ? kind.run(deps, orgDeps) : mirroredHandler(kind, deps, orgDeps);

/** The handler of `kind`: its mirrored route, run as the submitter; 2xx is the result. */
export function mirroredHandler(kind: JobKind, deps: ServerDeps, orgDeps: ServerDeps): JobHandler {
  const { router, request } = kind;
  if (!router || !request) throw new Error(`job kind ${kind.name} mirrors no route`);
  return async (input, ctx) => {
    const principal = await currentPrincipal(deps.store, ctx.job.submitter);
    const app = new OpenAPIHono<AppEnv>();
    app.onError((err, c) => errorToProblem(err, c, deps.logger));
    app.use(
      '*',
      asMiddleware(async (c, next) => {
        c.set('principal', principal);
        const scope = scopeCheck(principal, await siteDirectory(deps.store).orgOfSite());
        await runWithScope(scope, next);
      }),
    );
    app.route('/', router(deps, orgDeps, ctx));
    const req = await request(input, ctx);
    ctx.progress(0, `running ${kind.mirrors}`);
    const url = new URL(`http://job.internal${req.path}`);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
    const res = await app.request(url.toString(), {
      method: 'POST',
      headers: { 'content-type': req.contentType },
      body: req.body,
      signal: ctx.signal,
    });
    const body = (await res.json()) as unknown;
    if (res.ok) return body;
    throw new MirroredFailure(body as Problem);
  };
}
