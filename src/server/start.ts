/**
 * Wires one running xinzhi: the store (observed for the live feed), the ingest pipeline, the HTTP
 * API, the embedded MQTT broker and an optional external-broker subscriber. `close()` shuts down in
 * the order that loses nothing: stop accepting, write pending MQTT batches (and acknowledge them),
 * end live streams, then close the servers. The caller closes the store afterwards.
 *
 * Work that must run once in a cluster runs under leases (cluster/leases.ts): alarm evaluation by
 * shard of series (`monitor.<k>`, cluster/monitor-shards.ts), each control loop (`loop.<id>`),
 * retention (`retention`) and the RUL feed's events (`rul`). One process holds them all.
 */
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createAlarmService, createWebhookNotifier } from '../analytics/index.js';
import type { LoopManager } from '../control/index.js';
import {
  type Clock,
  type LimitOverrides,
  type Logger,
  resolveLimits,
  systemClock,
  XinzhiError,
} from '../core/index.js';
import { createImageFiles, createInspectionService } from '../domains/inspection/index.js';
import { type RulFeed, startRulFeed } from '../domains/maintenance/index.js';
import { createLiveMonitor, createSeriesMonitor, OPERATOR_DETECTOR } from '../domains/monitoring/index.js';
import type { CleaningPipeline } from '../ingest/index.js';
import {
  createIngestBatcher,
  type EmbeddedBroker,
  type MqttSubscriber,
  startEmbeddedBroker,
  startMqttSubscriber,
} from '../ingest/mqtt/index.js';
import { connectNats, type NatsConsumer, redactUrl, startNatsConsumer } from '../ingest/nats/index.js';
import type { Store } from '../store/index.js';
import { createServer } from './app.js';
import { type AccessEvents, createAccessEvents } from './auth/access-events.js';
import { noCredentialsYet } from './auth/first-run.js';
import type { OidcOptions } from './auth/oidc.js';
import { type AuthMode, isLoopbackHost } from './auth/policy.js';
import { createMqttAccess, mqttSessionsFollow, watchKeyChanges } from './auth/scope-mqtt.js';
import { type SessionOptions, sessionDefaults } from './auth/sessions.js';
import { createLocalLeases, type Leases } from './cluster/leases.js';
import { holdMonitorShards } from './cluster/monitor-shards.js';
import { createNatsBus } from './cluster/nats-bus.js';
import { natsCmdPublisher } from './cluster/nats-cmd.js';
import { createNatsLeases } from './cluster/nats-leases.js';
import { defaultNodeId } from './cluster/node-id.js';
import {
  type ConnectorManager,
  createConnectorManager,
  pkiFolderFor,
} from './connectors/connector-manager.js';
import { createLoopManager } from './control/wiring.js';
import { createJobQueue, type JobQueue } from './jobs/queue.js';
import { createLiveBus, type LiveBus } from './live/bus.js';
import { observeStore } from './live/observe-store.js';
import { createReportService } from './reports/report-service.js';
import type { RequestGuardOptions } from './request-guard.js';
import { checkTls, type TlsOptions } from './tls.js';

export interface StartServerOptions {
  /** An open, migrated store; `startServer` does not close it. */
  readonly store: Store;
  /** Builds the pipeline over the (observed) store it is given. */
  readonly createPipeline: (store: Store) => CleaningPipeline;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Revocation announcements shared with the CLI's own code paths; default a new emitter. */
  readonly access?: AccessEvents;
  /** Folder of the inspection image store; default `xinzhi-images` under the OS temp folder. */
  readonly imagesDir?: string;
  /** HTTP port; default 8080 (0 picks a free one). */
  readonly port?: number;
  /** Interface for HTTP and the embedded broker; default `127.0.0.1`. */
  readonly host?: string;
  /** Embedded broker port, or `false` for none; default 1883. */
  readonly mqttPort?: number | false;
  /** Also serve MQTT over WebSocket (`ws://host:port/mqtt`) on this port; default off. */
  readonly mqttWsPort?: number;
  /** Browser origins allowed on MQTT over WebSocket; default none (see EmbeddedBrokerOptions). */
  readonly mqttWsAllowedOrigins?: readonly string[];
  /** Deadline for fetching a camera frame published as a URL over MQTT. Default 5 s. */
  readonly mqttFrameFetchTimeoutMs?: number;
  /** Host allow-list and extra trusted origins for HTTP (request-guard.ts). */
  readonly requestGuard?: RequestGuardOptions;
  /** External broker to subscribe to, e.g. `mqtt://127.0.0.1:1883`. */
  readonly mqttUrl?: string;
  /** Topic filter on the external broker; default `xinzhi/v1/#`. */
  readonly mqttTopic?: string;
  /** Persistent-session client id on the external broker; default `xinzhi-ingest`. */
  readonly mqttClientId?: string;
  /** Parallel connections sharing the external subscription (`$share/xinzhi/<filter>`); default 1. */
  readonly mqttConnections?: number;
  /**
   * NATS server whose JetStream stream this node consumes with the cluster's shared durable
   * consumer, e.g. `nats://127.0.0.1:4222` (ingest/nats/consumer.ts).
   */
  readonly natsUrl?: string;
  /** JetStream stream, created if missing; default `xinzhi`. */
  readonly natsStream?: string;
  /** Subjects the stream captures; default `xinzhi.v1.>` (also what NATS's MQTT listener maps `xinzhi/v1/#` to). */
  readonly natsSubject?: string;
  /** Durable consumer name shared by every node; default `xinzhi-ingest`. */
  readonly natsDurable?: string;
  /**
   * This node's name in the cluster (lease holders, live bus, `GET /api/v1/cluster`); default
   * `XINZHI_NODE_ID`, else `<hostname>-<pid>`.
   */
  readonly nodeId?: string;
  /**
   * Leases for work that runs on one node at a time. Default: with `natsUrl`, leases in the NATS KV
   * bucket `<natsStream>-leases` (closed, so released, first on shutdown); without, this node holds
   * every lease. Leases given here are the caller's to close.
   */
  readonly leases?: Leases;
  /** PEM CA to trust for an `mqtts://` external broker signed by a private CA (`--mqtt-ca`). */
  readonly mqttCa?: string | Buffer;
  /** OPC UA certificate folder of the connectors (own/, trusted/, rejected/); default `./opcua-pki`. */
  readonly opcuaPkiFolder?: string;
  /** Run the connectors declared in the store (default true). */
  readonly connectors?: boolean;
  /** Certificate and key: HTTPS, and MQTT over TLS (mqtts, WSS) on the embedded broker's ports. */
  readonly tls?: TlsOptions;
  /** `none` turns authentication off (`--no-auth`); default `keys`. */
  readonly authMode?: AuthMode;
  /** Group-commit linger for MQTT, ms; default 0. */
  readonly mqttLingerMs?: number;
  readonly heartbeatMs?: number;
  /** Session lifetimes (idle 30 min, absolute 12 h by default). */
  readonly sessions?: SessionOptions;
  /** Optional OIDC sign-in (auth/oidc.ts; `oidcFromEnv` reads it from XINZHI_OIDC_*). */
  readonly oidc?: OidcOptions;
  /** How often live streams re-read their rights (for changes made by the CLI); default 5 s. */
  readonly rightsRecheckMs?: number;
  /** How often raw points past each series' retention are pruned (rollups stay); 0 turns it off. Default 1 h. */
  readonly retentionIntervalMs?: number;
  /**
   * Live monitoring (detector and alarm rules on every ingested series): `false` turns it off;
   * `webhookUrl` receives each alarm transition as JSON; `tickMs` is the clock tick for
   * missing-data rules and shelving expiry (default 60 000).
   */
  readonly alarms?: false | { readonly webhookUrl?: string; readonly tickMs?: number };
  /** Size, depth and count limits on what clients send (see `Limits`); default `DEFAULT_LIMITS`. */
  readonly limits?: LimitOverrides;
  /**
   * Jobs (`POST /api/v1/jobs`) this node runs at once; default 1; 0 runs none here (the node still
   * queues and shows them, and other nodes on the same PostgreSQL database run them).
   */
  readonly jobWorkers?: number;
  /** Shards the series are split into for alarm evaluation (lease `monitor.<k>` each); default 16. */
  readonly monitorShards?: number;
  /** How often control loops changed on another node are picked up (`LoopManager.sync`), ms; 0 off. Default 5000. */
  readonly loopSyncMs?: number;
}

export interface ServerHandle {
  readonly url: string;
  readonly port: number;
  readonly mqtt?: EmbeddedBroker;
  readonly subscriber?: MqttSubscriber;
  /** The JetStream consumer, when `natsUrl` is set. */
  readonly nats?: NatsConsumer;
  /** The live bus: with `natsUrl`, fanned out to and from every node (cluster/nats-bus.ts). */
  readonly bus: LiveBus;
  readonly nodeId: string;
  /** RUL monitors of the machines mapped to a model (`PUT /api/v1/rul/mappings/{asset}`). */
  readonly rul: RulFeed;
  /** The control loops (saved loops are started on boot, each run while its lease is held). */
  readonly loops: LoopManager;
  /**
   * The leases this node competes for (`monitor.<k>`, `loop.<id>`, `retention`, `rul`, `node.<id>`):
   * given, NATS KV with `natsUrl`, else local.
   */
  readonly leases: Leases;
  /** The connectors this node runs (absent with `connectors: false`). */
  readonly connectors?: ConnectorManager;
  /** Revocations and the end of first-run mode (auth/access-events.ts): the MQTT side ends connections on them. */
  readonly access: AccessEvents;
  /** Whether requests without a key are allowed right now (first-run or --no-auth). */
  readonly authMode: AuthMode;
  /** Live monitoring, when on: `idle()` resolves once every committed batch so far is scored. */
  readonly monitoring?: { idle(): Promise<void>; tick(): Promise<void> };
  /**
   * The server's cleaning pipeline over the observed store: readings ingested here take the path
   * of MQTT and HTTP readings (quality checks, live monitors, RUL feed). The demo's backfill uses it.
   */
  readonly pipeline: CleaningPipeline;
  /** This node's workers of the shared job queue. */
  readonly jobs: JobQueue;
  close(): Promise<void>;
}

export async function startServer(options: StartServerOptions): Promise<ServerHandle> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const host = options.host ?? '127.0.0.1';
  const authMode = options.authMode ?? 'keys';
  const limits = resolveLimits(options.limits);
  const loopbackOnly = isLoopbackHost(host);
  const tls = options.tls ? checkTls(options.tls, logger) : undefined;
  if (authMode === 'keys' && !loopbackOnly && (await noCredentialsYet(options.store)))
    throw new XinzhiError(
      'BAD_INPUT',
      `listening on ${host} with no API key would leave the API open to the network: create one first ` +
        '(xinzhi keys create --role admin --db <same db>), or pass --no-auth on a trusted network',
      { field: '--host' },
    );

  // With NATS, one connection for the cluster: the live bus and the leases (the stream consumer has
  // its own, drained on its own schedule at shutdown).
  const nodeId = options.nodeId ?? defaultNodeId();
  const cluster = options.natsStream ?? 'xinzhi';
  const clusterNc = options.natsUrl
    ? await connectNats(options.natsUrl, { name: `xinzhi cluster ${nodeId}` })
    : undefined;
  const natsBus = clusterNc ? createNatsBus({ nc: clusterNc, nodeId, cluster, logger }) : undefined;
  let leases: Leases;
  try {
    leases =
      options.leases ??
      (clusterNc
        ? await createNatsLeases({ nc: clusterNc, nodeId, bucket: `${cluster}-leases`, logger })
        : createLocalLeases(nodeId));
  } catch (e) {
    await natsBus?.close();
    await clusterNc?.close();
    throw e;
  }
  const ownLeases = options.leases === undefined;
  /** Leases first (released, so other nodes take over at once), then the bus and its connection. */
  const closeCluster = async (): Promise<void> => {
    if (ownLeases) await leases.close().catch((err: unknown) => logger.warn({ err }, 'leases: close failed'));
    await natsBus?.close();
    if (clusterNc) {
      // A drain waits for the server; one that is gone must not hold the shutdown up.
      const drained = clusterNc.drain().then(
        () => true,
        () => false,
      );
      const timeout = new Promise<boolean>((r) => setTimeout(() => r(false), 2000).unref());
      if (!(await Promise.race([drained, timeout]))) await clusterNc.close().catch(() => undefined);
    }
  };
  if (clusterNc) logger.info({ nodeId, cluster }, 'cluster: live bus and leases on NATS');
  const bus: LiveBus = natsBus ?? createLiveBus();
  // Creating or revoking a key ends the MQTT sessions it no longer allows (M1), at once.
  let endStaleSessions: () => Promise<void> = async () => {};
  const store = watchKeyChanges(observeStore(options.store, bus), () => {
    endStaleSessions().catch(() => undefined);
  });
  const pipeline = options.createPipeline(store);
  const shutdown = new AbortController();
  let broker: EmbeddedBroker | undefined;
  const loops = createLoopManager({
    store,
    bus,
    clock,
    logger,
    getBroker: () => broker?.broker,
    ...(clusterNc ? { publishCmd: natsCmdPublisher(clusterNc) } : {}),
    hold: (id, work) => leases.hold(`loop.${id}`, work),
    // Resolved at each write: the connectors start after the loops are wired.
    writeNode: (id, nodeId, value, limits) =>
      connectors
        ? connectors.writeNode(id, nodeId, value, limits)
        : Promise.reject(
            new XinzhiError('UNAVAILABLE', 'connectors are off on this server', { field: 'opNode' }),
          ),
  });

  // Alarms go through the observed store, so each transition's event reaches the bus and SSE.
  const alarmOpts = options.alarms === false ? undefined : (options.alarms ?? {});
  const webhook = alarmOpts?.webhookUrl ? createWebhookNotifier({ url: alarmOpts.webhookUrl }) : undefined;
  const alarms = createAlarmService({
    store,
    logger,
    ...(webhook
      ? {
          notify: async (t) => {
            const d = await webhook(t);
            if (!d.ok) logger.warn({ key: t.alarm.key, ...d }, 'alarm webhook not delivered');
          },
        }
      : {}),
  });
  const inspection = createInspectionService({
    store,
    files: createImageFiles(options.imagesDir ?? join(tmpdir(), 'xinzhi-images')),
    alarms,
    clock,
    logger,
  });
  const shardCount = options.monitorShards ?? 16;
  const live = alarmOpts
    ? createLiveMonitor({
        monitor: createSeriesMonitor({ alarms, detector: OPERATOR_DETECTOR }),
        store,
        clock,
        logger,
        shards: shardCount,
      })
    : undefined;
  const shards = live
    ? holdMonitorShards(leases, shardCount, live, {
        onError: (err) => logger.warn({ err }, 'monitor shard rebalancing failed'),
      })
    : undefined;
  // Every node runs the RUL monitors (status and SSE); the holder of `rul` appends their events.
  const releaseRul = leases.hold('rul', { start() {}, stop() {} });
  const releaseLeases = async (): Promise<void> => {
    await shards?.close();
    await releaseRul();
  };
  const offPoints = live ? bus.onPoints((points) => live.push(points)) : undefined;
  const ticker = live ? setInterval(() => void live.tick(), alarmOpts?.tickMs ?? 60_000) : undefined;
  ticker?.unref();
  // Ended sessions (past their absolute end or idle too long) leave the database every 10 minutes.
  const idleMs = sessionDefaults(options.sessions).idleMs;
  const sweeper = setInterval(() => {
    const now = clock.now();
    store
      .purgeSessions(now, now - idleMs)
      .catch((err: unknown) => logger.warn({ err }, 'session purge failed'));
  }, 600_000);
  sweeper.unref();

  const rul = await startRulFeed({ store, bus, logger, writesEvents: () => leases.holds('rul') });
  const access =
    options.access ?? createAccessEvents((err) => logger.error({ err }, 'access event listener failed'));
  const jobs = createJobQueue({ jobs: store.jobs, clock, logger, workers: options.jobWorkers ?? 1 });
  const reportService = createReportService({ store, clock, logger, nodeId });
  // Connectors run under leases `connector.<id>`: one node of a cluster runs each.
  const connectors =
    options.connectors === false
      ? undefined
      : createConnectorManager({
          store,
          pipeline,
          leases,
          clock,
          logger,
          broker: () => broker,
          pkiFolder: options.opcuaPkiFolder ?? pkiFolderFor(':memory:'),
        });
  const app = createServer({
    jobs,
    reports: reportService,
    access,
    alarms,
    inspection,
    ...(live ? { monitoring: live } : {}),
    loops,
    store,
    pipeline,
    logger,
    clock,
    bus,
    cluster: { nodeId, nats: clusterNc !== undefined, leases },
    ...(connectors ? { connectors } : {}),
    auth: { mode: authMode, loopbackOnly },
    shutdown: shutdown.signal,
    rul,
    ...(options.requestGuard ? { requestGuard: options.requestGuard } : {}),
    tls: tls !== undefined,
    limits,
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
    ...(options.rightsRecheckMs === undefined ? {} : { rightsRecheckMs: options.rightsRecheckMs }),
    ...(options.oidc === undefined ? {} : { oidc: options.oidc }),
    ...(options.sessions === undefined ? {} : { sessions: options.sessions }),
  });

  // MQTT first: if its port is taken, fail before the HTTP port is bound.
  // The RUL feed closes last: the final MQTT batches still reach its monitors.
  const closers: Array<() => Promise<void>> = [() => rul.close(), () => jobs.stop()];
  // A failed start and close() alike undo this node's own work: closers newest first, timers, live feed.
  const stopLocalWork = async (): Promise<void> => {
    for (const c of closers.reverse()) await c();
    if (ticker) clearInterval(ticker);
    clearInterval(sweeper);
    offPoints?.();
  };
  jobs.start();
  let subscriber: MqttSubscriber | undefined;
  let nats: NatsConsumer | undefined;
  const mqttAccess = authMode === 'none' ? undefined : createMqttAccess(store, { loopbackOnly });
  await mqttAccess?.ready();
  try {
    if (options.mqttPort !== false) {
      const importId = await store.createImport({
        source: 'mqtt (embedded broker)',
        format: 'mqtt',
        startedAt: clock.now(),
      });
      const batcher = createIngestBatcher({
        pipeline,
        logger,
        importId,
        ...(options.mqttLingerMs === undefined ? {} : { lingerMs: options.mqttLingerMs }),
      });
      broker = await startEmbeddedBroker({
        batcher,
        clock,
        logger,
        host,
        port: options.mqttPort ?? 1883,
        importId,
        limits,
        ...(options.mqttWsPort === undefined ? {} : { wsPort: options.mqttWsPort }),
        ...(mqttAccess ? { access: mqttAccess } : {}),
        ...(options.mqttWsAllowedOrigins ? { wsAllowedOrigins: options.mqttWsAllowedOrigins } : {}),
        ...(options.mqttFrameFetchTimeoutMs === undefined
          ? {}
          : { frameFetchTimeoutMs: options.mqttFrameFetchTimeoutMs }),
        ...(tls ? { tls } : {}),
        onImage: (asset, payload, receivedAt) =>
          inspection.ingest({ asset, ts: receivedAt, bytes: payload, source: 'mqtt' }),
      });
      const b = broker;
      if (mqttAccess) {
        endStaleSessions = async () => {
          const n = b.disconnectWhere(await mqttAccess.staleMatcher());
          if (n > 0) logger.info({ clients: n }, 'mqtt: disconnected clients whose access ended');
        };
        // Keys revoked by another process (xinzhi keys revoke) are found by this sweep.
        const sweep = setInterval(() => void endStaleSessions().catch(() => undefined), 5000);
        sweep.unref();
        // Revocations and the end of first-run announced through the API take effect at once.
        const unfollow = mqttSessionsFollow(access, b);
        closers.push(async () => {
          clearInterval(sweep);
          unfollow();
        });
      }
      closers.push(async () => {
        await b.close();
        await finishSession(store, importId, batcher.stats, clock.now());
      });
    }
    if (options.mqttUrl) {
      const importId = await store.createImport({
        source: `mqtt ${options.mqttUrl.replace(/\/\/[^@/]*@/, '//')}`,
        format: 'mqtt',
        startedAt: clock.now(),
      });
      const batcher = createIngestBatcher({ pipeline, logger, importId });
      subscriber = await startMqttSubscriber({
        url: options.mqttUrl,
        batcher,
        clock,
        logger,
        importId,
        limits,
        ...(options.mqttTopic === undefined ? {} : { topic: options.mqttTopic }),
        ...(options.mqttClientId === undefined ? {} : { clientId: options.mqttClientId }),
        ...(options.mqttConnections === undefined ? {} : { connections: options.mqttConnections }),
        ...(options.mqttCa === undefined ? {} : { ca: options.mqttCa }),
      });
      const s = subscriber;
      closers.push(async () => {
        await s.close();
        await finishSession(store, importId, batcher.stats, clock.now());
      });
    }
    if (options.natsUrl) {
      const importId = await store.createImport({
        source: `nats ${redactUrl(options.natsUrl)}`,
        format: 'nats',
        startedAt: clock.now(),
      });
      const batcher = createIngestBatcher({ pipeline, logger, importId, source: 'nats' });
      const n = await startNatsConsumer({
        url: options.natsUrl,
        batcher,
        clock,
        logger,
        importId,
        limits,
        ...(options.natsStream === undefined ? {} : { stream: options.natsStream }),
        ...(options.natsSubject === undefined ? {} : { subject: options.natsSubject }),
        ...(options.natsDurable === undefined ? {} : { durable: options.natsDurable }),
      });
      nats = n;
      closers.push(async () => {
        await n.close();
        await finishSession(store, importId, batcher.stats, clock.now());
      });
    }
  } catch (e) {
    await stopLocalWork();
    await releaseLeases();
    await closeCluster();
    throw e;
  }

  if (connectors) {
    // A connector that cannot start (its device is down) is reported on its status, not fatal.
    await connectors.sync().catch((err: unknown) => logger.warn({ err }, 'connectors: sync failed'));
    closers.push(() => connectors.close());
  }

  const started = await loops.load();
  if (started > 0) logger.info({ loops: started }, 'control loops started');
  // Loops created, changed or deleted through another node reach this one within a sync period.
  const loopSyncMs = options.loopSyncMs ?? 5000;
  let syncing: Promise<unknown> = Promise.resolve();
  const loopSync =
    loopSyncMs > 0
      ? setInterval(() => {
          syncing = loops.sync().catch((err: unknown) => logger.warn({ err }, 'control loop sync failed'));
        }, loopSyncMs)
      : undefined;
  loopSync?.unref();
  closers.push(async () => {
    if (loopSync) clearInterval(loopSync);
    await syncing;
    loops.stopAll();
  });

  // Retention: prune once at start, then on a timer, so each series keeps only its configured window.
  const prune = async (): Promise<void> => {
    try {
      const n = await store.applyRetention(clock.now());
      if (n > 0) logger.info({ points: n }, 'retention: raw points past their series retention deleted');
    } catch (e) {
      logger.warn({ err: (e as Error).message }, 'retention run failed');
    }
  };
  // Only the holder of `retention` prunes: at acquiring, then on the timer while it holds it.
  const retentionEvery = options.retentionIntervalMs ?? 3_600_000;
  let retention: ReturnType<typeof setInterval> | undefined;
  let pruning: Promise<void> = Promise.resolve();
  const releaseRetention = leases.hold('retention', {
    start() {
      pruning = prune();
      if (retentionEvery > 0 && !retention) {
        retention = setInterval(() => {
          pruning = prune();
        }, retentionEvery);
        retention.unref();
      }
    },
    stop() {
      if (retention) clearInterval(retention);
      retention = undefined;
    },
  });
  closers.push(async () => {
    await releaseRetention();
    await pruning;
  });
  // Report schedules fire on the holder of `reports` only.
  const releaseReports = leases.hold('reports', {
    start: () => reportService.scheduler.start(),
    stop: () => reportService.scheduler.stop(),
  });
  closers.push(async () => {
    await releaseReports();
    await reportService.close();
  });

  const requestedPort = options.port ?? 8080;
  let server: ReturnType<typeof serve>;
  try {
    server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const listen = { fetch: app.fetch, port: requestedPort, hostname: host };
      const s = tls
        ? serve({ ...listen, createServer: createHttpsServer, serverOptions: tls }, () => resolve(s))
        : serve(listen, () => resolve(s));
      s.once('error', (err: NodeJS.ErrnoException) =>
        reject(
          err.code === 'EADDRINUSE'
            ? new XinzhiError(
                'PORT_IN_USE',
                `HTTP port ${requestedPort} on ${host} is already in use; choose another with --port`,
                {
                  field: '--port',
                  cause: err,
                },
              )
            : err,
        ),
      );
    });
  } catch (e) {
    await stopLocalWork();
    await releaseLeases();
    await closeCluster();
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  logger.info({ port, host, tls: !!tls }, 'http listening');

  let closing: Promise<void> | undefined;
  return {
    url: `${tls ? 'https' : 'http'}://${urlHost}:${port}`,
    port,
    ...(broker ? { mqtt: broker } : {}),
    ...(subscriber ? { subscriber } : {}),
    ...(nats ? { nats } : {}),
    bus,
    nodeId,
    leases,
    ...(connectors ? { connectors } : {}),
    rul,
    loops,
    access,
    authMode,
    ...(live ? { monitoring: live } : {}),
    pipeline,
    jobs,
    close() {
      closing ??= (async () => {
        const httpClosed = new Promise<void>((r) => server.close(() => r()));
        shutdown.abort();
        // Released first, so another node takes this node's leased work over at once.
        await releaseLeases();
        if (ownLeases)
          await leases.close().catch((err: unknown) => logger.warn({ err }, 'leases: close failed'));
        await stopLocalWork();
        await live?.idle();
        if ('closeIdleConnections' in server) server.closeIdleConnections();
        const timer = setTimeout(() => {
          if ('closeAllConnections' in server) server.closeAllConnections();
        }, 2000);
        await httpClosed;
        clearTimeout(timer);
        await closeCluster();
        logger.info({}, 'server stopped');
      })();
      return closing;
    },
  };
}

async function finishSession(
  store: Store,
  importId: number,
  stats: {
    readings: number;
    accepted: number;
    quarantined: number;
    duplicates: number;
    outliers: number;
    series: Set<string>;
  },
  now: number,
): Promise<void> {
  await store.finishImport(importId, {
    finishedAt: now,
    rows: stats.readings,
    accepted: stats.accepted,
    quarantined: stats.quarantined,
    duplicates: stats.duplicates,
    outliers: stats.outliers,
    series: [...stats.series],
    status: 'done',
  });
}
