/**
 * The HTTP API: one router per area under `/api/v1`, auth in front, problem+json for every error,
 * and the OpenAPI 3.1 document generated from the routers' zod schemas at `/api/openapi.json`.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { DEFAULT_LIMITS, VERSION } from '../core/index.js';
import type { InspectionService } from '../domains/inspection/index.js';
import type { RulFeed } from '../domains/maintenance/index.js';
import { createAccessEvents } from './auth/access-events.js';
import { auditMiddleware } from './auth/audit.js';
import { assertEveryRouteGuarded, guard, SECURITY } from './auth/guard.js';
import { LoginLimiter } from './auth/login-limiter.js';
import { authMiddleware } from './auth/middleware.js';
import { OidcSignIn } from './auth/oidc.js';
import { scopedStore, withScope } from './auth/scope-store.js';
import { bodyGuard } from './body-guard.js';
import type { AppEnv, ServerDeps } from './context.js';
import { createLoopManager } from './control/wiring.js';
import { JOB_KINDS, jobHandler } from './jobs/kinds.js';
import type { JobQueue } from './jobs/queue.js';
import { errorToProblem, problemOf, sendProblem } from './problem.js';
import { createReportService } from './reports/report-service.js';
import { type RequestGuardOptions, requestGuard } from './request-guard.js';
import { alarmRoutes } from './routes/alarms.js';
import { type AskRouteOptions, askRoutes } from './routes/ask.js';
import { assetRoutes } from './routes/assets.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { clusterRoutes } from './routes/cluster.js';
import { collabRoutes } from './routes/collab.js';
import { connectorRoutes } from './routes/connectors.js';
import { controlRoutes } from './routes/control.js';
import { eventRoutes } from './routes/events.js';
import { farmRoutes } from './routes/farm.js';
import { gameRoutes } from './routes/games.js';
import { healthRoutes } from './routes/health.js';
import { defaultInspection, imageRoutes } from './routes/images.js';
import { type ImportProgress, importRoutes } from './routes/imports.js';
import { jobRoutes } from './routes/jobs.js';
import { keyRoutes } from './routes/keys.js';
import { ledgerRoutes } from './routes/ledger.js';
import { logisticsRoutes } from './routes/logistics.js';
import { monitoringRoutes } from './routes/monitoring.js';
import { oeeRoutes } from './routes/oee.js';
import { orgRoutes } from './routes/orgs.js';
import { overviewRoutes } from './routes/overview.js';
import { planningRoutes } from './routes/planning.js';
import { pointRoutes } from './routes/points.js';
import { qualityRoutes } from './routes/quality.js';
import { quarantineRoutes } from './routes/quarantine.js';
import { type ReportsDeps, reportRoutes } from './routes/reports.js';
import { rulRoutes } from './routes/rul.js';
import { runRoutes } from './routes/runs.js';
import { seriesRoutes } from './routes/series.js';
import { seriesExportRoutes } from './routes/series-export.js';
import { siteRoutes } from './routes/sites.js';
import { staffingRoutes } from './routes/staffing.js';
import { streamRoutes } from './routes/stream.js';
import { userRoutes } from './routes/users.js';
import { securityHeaders } from './security-headers.js';
import { type WebStaticOptions, webStaticRoutes } from './web-static.js';

/** The API's version is the package's. */
export const API_VERSION = VERSION;

export interface CreateServerOptions extends ServerDeps {
  /** Aborting it ends live SSE streams (graceful shutdown). */
  readonly shutdown?: AbortSignal;
  /** Where the built dashboard is (default `web/dist` of the package), or `false` to serve no dashboard. */
  readonly web?: WebStaticOptions | false;
  /** The server's running RUL feed (`startServer` passes it); without it one starts on first use. */
  readonly rul?: RulFeed;
  /** Address labeller and geocoder of `POST /ask` (default: the cached CRF model, the demo gazetteer). */
  readonly ask?: AskRouteOptions;
  /** Host allow-list and extra trusted origins (request-guard.ts); default: loopback Host in open mode. */
  readonly requestGuard?: RequestGuardOptions;
  /** The server itself terminates TLS (`--tls-cert`): send HSTS. */
  readonly tls?: boolean;
  /**
   * This node's job queue: the app registers a handler per job kind on it and wakes it when a job
   * is queued. Without one, jobs are queued and read here and run by another node's workers.
   */
  readonly jobs?: JobQueue;
  /** Report printer and scheduler (`startServer` passes its own, closed on shutdown); default one made here. */
  readonly reports?: ReportsDeps;
  /** Inspection images (store, classify, alarm); default one over the store, files in the OS temp folder. */
  readonly inspection?: InspectionService;
}

/**
 * Builds the Hono app over the given dependencies; no I/O until requests arrive.
 *
 * @example
 * const app = createServer({ store, pipeline, logger, clock, bus, auth: { mode: 'keys', loopbackOnly: true } });
 * const res = await app.request('/api/v1/health');
 */
export function createServer(options: CreateServerOptions): OpenAPIHono<AppEnv> {
  const deps: CreateServerOptions = { ...options, access: options.access ?? createAccessEvents() };
  const shutdown = options.shutdown ?? new AbortController().signal;
  const progress: ImportProgress = new Map();
  const app = new OpenAPIHono<AppEnv>();

  app.onError((err, c) => errorToProblem(err, c, deps.logger));
  app.notFound((c) =>
    sendProblem(
      c,
      problemOf('NOT_FOUND', `no route ${c.req.method} ${c.req.path}; see /api/openapi.json`, {
        instance: c.req.path,
      }),
    ),
  );
  app.use('*', securityHeaders({ hsts: options.tls === true }));
  // Audit outermost on the API: it sees the final status of every write, refused ones included.
  app.use('/api/*', auditMiddleware(deps.store, deps.clock, deps.logger));
  app.use('*', requestGuard(deps.store, deps.auth, options.requestGuard));
  app.use(
    '/api/*',
    authMiddleware(deps.store, deps.auth, {
      now: () => deps.clock.now(),
      ...(deps.sessions ? { sessions: deps.sessions } : {}),
    }),
  );
  app.use('/api/*', bodyGuard(deps.limits ?? DEFAULT_LIMITS));
  app.use('/api/v1/*', withScope(deps.store));
  // Org-level areas see documents of the caller's organisation and series of its scope only.
  const orgDeps = { ...deps, store: scopedStore(deps.store) };
  const jobs = options.jobs;
  for (const kind of JOB_KINDS) jobs?.handle(kind.name, jobHandler(kind, deps, orgDeps));

  const loops =
    deps.loops ??
    createLoopManager({
      store: deps.store,
      bus: deps.bus,
      clock: deps.clock,
      logger: deps.logger,
      getBroker: () => undefined,
    });
  const v1 = new OpenAPIHono<AppEnv>()
    .route('/', healthRoutes(deps, API_VERSION))
    .route('/', clusterRoutes(deps))
    .route('/', connectorRoutes(deps))
    .route('/', assetRoutes(deps))
    .route('/', seriesRoutes(deps))
    .route('/', seriesExportRoutes(deps))
    .route('/', pointRoutes(deps))
    .route('/', eventRoutes(deps))
    .route('/', alarmRoutes(deps))
    .route('/', quarantineRoutes(deps))
    .route('/', importRoutes(deps, progress))
    .route('/', qualityRoutes(deps))
    .route('/', keyRoutes(deps))
    .route(
      '/',
      authRoutes(deps, {
        limiter: new LoginLimiter(deps.loginLimits),
        oidc: deps.oidc ? new OidcSignIn(deps.oidc, deps) : undefined,
      }),
    )
    .route('/', userRoutes(deps))
    .route('/', auditRoutes(deps))
    .route('/', orgRoutes(deps))
    .route('/', siteRoutes(deps))
    .route('/', runRoutes(orgDeps, options.rul))
    .route('/', streamRoutes(deps, shutdown))
    .route('/', overviewRoutes(deps))
    .route('/', oeeRoutes(deps))
    .route('/', planningRoutes(orgDeps))
    .route('/', staffingRoutes(orgDeps))
    .route('/', gameRoutes())
    .route('/', collabRoutes())
    .route('/', ledgerRoutes(deps))
    .route('/', monitoringRoutes(deps))
    .route('/', logisticsRoutes(orgDeps))
    .route('/', rulRoutes(deps, options.rul))
    .route('/', controlRoutes(deps, loops))
    .route('/', farmRoutes(orgDeps))
    .route('/', askRoutes(orgDeps, options.ask))
    .route('/', jobRoutes(deps, { wake: () => jobs?.wake() }))
    .route(
      '/',
      reportRoutes(
        deps,
        options.reports ??
          createReportService({ store: deps.store, clock: deps.clock, logger: deps.logger, nodeId: 'local' }),
      ),
    )
    .route('/', imageRoutes(deps, options.inspection ?? defaultInspection(deps)));
  app.route('/api/v1', v1);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'API key `xz_…` (xinzhi keys create --role viewer|operator|engineer|device|admin)',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'xinzhi_session',
    description: 'Session of a signed-in user (POST /api/v1/auth/login)',
  });
  const document = {
    openapi: '3.1.0',
    info: {
      title: 'xinzhi API',
      version: API_VERSION,
      description:
        'Collect, clean and query industrial time series. Errors are RFC 9457 application/problem+json. ' +
        "Each operation's `x-permission` names the permission it needs (`public`: none).",
    },
    security: [...SECURITY],
  };
  // Served by hand rather than with doc31, so that it too declares its access like every route.
  app.get('/api/openapi.json', guard('public'), (c) => c.json(app.getOpenAPI31Document(document)));
  if (options.web !== false) app.route('/', webStaticRoutes(options.web ?? {}));
  assertEveryRouteGuarded(app);
  return app;
}
