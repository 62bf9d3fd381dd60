import type { Command } from '@commander-js/extra-typings';
import { createLogger, XinzhiError } from '../../core/index.js';
import { createIngestPipeline } from '../../ingest/index.js';
import { redactUrl } from '../../ingest/nats/index.js';
import {
  defaultNodeId,
  noCredentialsYet,
  type OidcOptions,
  oidcFromEnv,
  pkiFolderFor,
  type ServerHandle,
  startServer,
} from '../../server/index.js';
import { readPemFile, warnIfShared } from '../../server/tls.js';
import { isPostgresUrl, type Store } from '../../store/index.js';
import { action, type CliContext } from '../context.js';
import { describeDb, openStoreFromOptions, resolveDbPath } from '../open-store.js';
import { dbOption, jsonOption, type OptsOf } from '../options.js';
import { parseServeDemoFlags, serveDemoHook } from '../serve-demo.js';
import { limitFlags, limitsFromFlags } from '../serve-limits.js';

/** The `serve` options as commander parses them (inferred from `serveFlags`). */
export type ServeOptions = OptsOf<ReturnType<typeof serveFlags>>;

const collect = (v: string, all: string[] = []): string[] => [...all, v];

/** A browser origin, `scheme://host[:port]` exactly, as the Origin header carries it. */
const originOf = (v: string, flag: string): string => {
  let u: URL | undefined;
  try {
    u = new URL(v);
  } catch {
    u = undefined;
  }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || u.origin !== v.replace(/\/$/, ''))
    throw new XinzhiError('BAD_INPUT', `'${v}' is not an origin like https://hmi.example:8443`, {
      field: flag,
    });
  return u.origin;
};

/** The webhook must be an absolute http(s) URL; anything else is named before the server starts. */
const webhookOf = (v: string): string => {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new XinzhiError('BAD_INPUT', `'${v}' is not a URL (e.g. https://hooks.example.com/xinzhi)`, {
      field: '--alarm-webhook',
    });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new XinzhiError('BAD_INPUT', `'${v}' must be an http or https URL`, { field: '--alarm-webhook' });
  return u.toString();
};

const portOf = (v: string, flag: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new XinzhiError('BAD_INPUT', `'${v}' is not a port number (0–65535)`, { field: flag });
  return n;
};

/** A NATS URL (`nats://host:port`, `tls://…`), checked before anything starts. */
const natsUrlOf = (v: string): string => {
  let u: URL | undefined;
  try {
    u = new URL(v);
  } catch {
    u = undefined;
  }
  if (!u || (u.protocol !== 'nats:' && u.protocol !== 'tls:') || u.hostname === '')
    throw new XinzhiError('BAD_INPUT', `'${redactUrl(v)}' is not a NATS URL like nats://127.0.0.1:4222`, {
      field: '--nats-url',
    });
  return v;
};

/**
 * Stream and durable names are single NATS tokens; the subject is a dotted filter without empty
 * tokens (JetStream would refuse worse inputs with a less clear message, after the server started).
 */
const natsNameOf = (v: string, flag: string): string => {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(v))
    throw new XinzhiError('BAD_INPUT', `'${v}' must be 1–64 letters, digits, _ or -`, { field: flag });
  return v;
};
/** A node id goes into NATS headers, lease values and logs: one printable token. */
const nodeIdOf = (v: string, source: string): string => {
  if (!/^[A-Za-z0-9._:@-]{1,128}$/.test(v))
    throw new XinzhiError(
      'BAD_INPUT',
      `node id '${v}' must be 1–128 letters, digits, '.', '_', ':', '@' or '-'`,
      {
        field: source,
      },
    );
  return v;
};
const natsSubjectOf = (v: string): string => {
  const tokens = v.split('.');
  const ok =
    v.length <= 255 &&
    tokens.every((t, i) => /^[^\s.*>]+$/.test(t) || t === '*' || (t === '>' && i === tokens.length - 1));
  if (!ok)
    throw new XinzhiError('BAD_INPUT', `'${v}' is not a NATS subject filter like xinzhi.v1.>`, {
      field: '--nats-subject',
    });
  return v;
};

/** `--tls-cert` and `--tls-key` come together; both files are read here, checked by startServer. */
function tlsOf(opts: ServeOptions): { cert: Buffer; key: Buffer } | undefined {
  if (opts.tlsCert === undefined && opts.tlsKey === undefined) return undefined;
  if (opts.tlsCert === undefined || opts.tlsKey === undefined) {
    const missing = opts.tlsCert === undefined ? '--tls-cert' : '--tls-key';
    throw new XinzhiError('BAD_INPUT', 'TLS needs both --tls-cert <pem> and --tls-key <pem>', {
      field: missing,
    });
  }
  return { cert: readPemFile(opts.tlsCert, '--tls-cert'), key: readPemFile(opts.tlsKey, '--tls-key') };
}

const countOf = (v: string, flag: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new XinzhiError('BAD_INPUT', `'${v}' is not a count from 1 to 64`, { field: flag });
  return n;
};

/** `--job-workers`: 0 (this node only queues and shows jobs) to 64. */
const jobWorkersOf = (v: string): number => (v.trim() === '0' ? 0 : countOf(v, '--job-workers'));

/**
 * Hook for wiring more into a running server (the demo uses it); it may return a cleanup that runs
 * before the server closes.
 */
export type ServeHook = (
  handle: ServerHandle,
  store: Store,
) => Promise<(() => Promise<void>) | undefined> | (() => Promise<void>) | undefined;

/** Starts the server and blocks until SIGINT/SIGTERM; exported for the demo and tests. */
export async function runServe(ctx: CliContext, opts: ServeOptions, hook?: ServeHook): Promise<void> {
  const logger = createLogger();
  const port = portOf(opts.port, '--port');
  const mqttPort = opts.mqtt ? portOf(opts.mqttPort, '--mqtt-port') : false;
  const webhookUrl = opts.alarmWebhook === undefined ? undefined : webhookOf(opts.alarmWebhook);
  const tls = tlsOf(opts);
  if (tls && opts.tlsKey) warnIfShared(opts.tlsKey, '--tls-key', logger);
  const mqttCa = opts.mqttCa === undefined ? undefined : readPemFile(opts.mqttCa, '--mqtt-ca');
  // The URL may carry a password: XINZHI_NATS_URL keeps it off the command line (and out of `ps`).
  const natsUrlGiven = opts.natsUrl ?? (process.env['XINZHI_NATS_URL']?.trim() || undefined);
  const natsUrl = natsUrlGiven === undefined ? undefined : natsUrlOf(natsUrlGiven);
  const nodeId =
    opts.nodeId !== undefined
      ? nodeIdOf(opts.nodeId, '--node-id')
      : process.env['XINZHI_NODE_ID']?.trim()
        ? nodeIdOf(process.env['XINZHI_NODE_ID'].trim(), 'XINZHI_NODE_ID')
        : defaultNodeId();
  const dbPath = resolveDbPath(opts.db === undefined ? {} : { db: opts.db });
  const store = await openStoreFromOptions({ db: opts.db, secretKeyFile: opts.secretKeyFile });
  let handle: ServerHandle;
  try {
    handle = await startServer({
      store,
      opcuaPkiFolder: pkiFolderFor(dbPath),
      logger,
      ...imagesDirOption(dbPath),
      createPipeline: (s) => createIngestPipeline({ store: s, clock: { now: () => Date.now() }, logger }),
      port,
      host: opts.host,
      mqttPort,
      nodeId,
      ...(opts.mqttWsPort === undefined || !opts.mqtt
        ? {}
        : { mqttWsPort: portOf(opts.mqttWsPort, '--mqtt-ws-port') }),
      ...(opts.mqttWsOrigin?.length
        ? { mqttWsAllowedOrigins: opts.mqttWsOrigin.map((o) => originOf(o, '--mqtt-ws-origin')) }
        : {}),
      requestGuard: {
        allowedHosts: opts.allowedHost ?? [],
        allowedOrigins: (opts.allowedOrigin ?? []).map((o) => originOf(o, '--allowed-origin')),
      },
      authMode: opts.auth ? 'keys' : 'none',
      ...(tls ? { tls } : {}),
      ...(mqttCa ? { mqttCa } : {}),
      limits: limitsFromFlags(opts),
      ...(oidcFromEnv(process.env) ? { oidc: oidcFromEnv(process.env) as OidcOptions } : {}),
      alarms: webhookUrl === undefined ? {} : { webhookUrl },
      ...(opts.mqttUrl === undefined ? {} : { mqttUrl: opts.mqttUrl }),
      ...(opts.mqttTopic === undefined ? {} : { mqttTopic: opts.mqttTopic }),
      ...(opts.mqttClientId === undefined ? {} : { mqttClientId: opts.mqttClientId }),
      ...(opts.mqttConnections === undefined
        ? {}
        : { mqttConnections: countOf(opts.mqttConnections, '--mqtt-connections') }),
      ...(opts.jobWorkers === undefined ? {} : { jobWorkers: jobWorkersOf(opts.jobWorkers) }),
      ...(natsUrl === undefined
        ? {}
        : {
            natsUrl,
            natsStream: natsNameOf(opts.natsStream, '--nats-stream'),
            natsSubject: natsSubjectOf(opts.natsSubject),
            natsDurable: natsNameOf(opts.natsDurable, '--nats-durable'),
          }),
    });
  } catch (e) {
    await store.close();
    throw e;
  }
  const cleanup = hook ? await hook(handle, store) : undefined;
  const firstRun = handle.authMode !== 'none' && (await noCredentialsYet(store));
  const auth =
    handle.authMode === 'none'
      ? 'off (--no-auth)'
      : firstRun
        ? 'first-run: open on loopback until a key or user exists'
        : 'API keys and users';
  const info = {
    http: handle.url,
    api: `${handle.url}/api/v1`,
    openapi: `${handle.url}/api/openapi.json`,
    mqtt: handle.mqtt?.url ?? null,
    mqttWebSocket: handle.mqtt?.wsUrl ?? null,
    mqttSubscribedTo: opts.mqttUrl ?? null,
    nats: natsUrl
      ? {
          url: redactUrl(natsUrl),
          stream: opts.natsStream,
          subject: opts.natsSubject,
          durable: opts.natsDurable,
        }
      : null,
    nodeId,
    alarmWebhook: webhookUrl ?? null,
    db: describeDb(dbPath),
    auth,
    demo: opts.demo
      ? {
          seed: Number(opts.demoSeed),
          speed: Number(opts.demoSpeed),
          history: opts.demoHistory,
          replay:
            opts.demoReplay !== undefined && (parseServeDemoFlags(opts).replayMs ?? 0) > 0
              ? opts.demoReplay
              : null,
        }
      : null,
    pid: process.pid,
  };
  if (opts.json) ctx.stdout(JSON.stringify(info));
  else {
    ctx.stdout(`xinzhi serving
  dashboard  ${info.http}/
  HTTP API   ${info.api}   (OpenAPI: ${info.openapi})
  MQTT       ${info.mqtt ?? 'off'}${info.mqtt ? '   topics xinzhi/v1/<site>/<area>/<line>/<equipment>/<metric>' : ''}${
    info.mqttWebSocket ? `\n  MQTT/WS    ${info.mqttWebSocket}` : ''
  }${opts.mqttUrl ? `\n  subscribed ${opts.mqttUrl} ${opts.mqttTopic ?? 'xinzhi/v1/#'}` : ''}${
    info.nats
      ? `\n  NATS       ${info.nats.url}   stream ${info.nats.stream} (${info.nats.subject}), shared consumer ${info.nats.durable}\n  cluster    node ${nodeId}: live bus and leases (bucket ${info.nats.stream}-leases) on NATS`
      : ''
  }
  database   ${info.db}${
    info.demo
      ? `\n  demo       factory, farm and fleet (seed ${info.demo.seed}): ${info.demo.history} of history written, ${
          info.demo.replay === null
            ? 'live over MQTT from now'
            : `the last ${info.demo.replay} replayed over MQTT at ${info.demo.speed}×, then live`
        }`
      : ''
  }
  auth       ${auth}${firstRun ? '\n             create a key: xinzhi keys create --role admin (or a user: xinzhi users create)' : ''}
Ctrl-C stops.`);
  }

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down');
      void (async () => {
        try {
          if (cleanup) await cleanup();
          await handle.close();
        } finally {
          await store.close();
          process.off('SIGINT', onInt);
          process.off('SIGTERM', onTerm);
          resolve();
        }
      })();
    };
    const onInt = (): void => stop('SIGINT');
    const onTerm = (): void => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}

/** Adds the `serve` flags to a command, so variants (like the demo) can share them. */
export function serveFlags(cmd: Command) {
  const flags = cmd
    .option('--port <n>', 'HTTP port', '8080')
    .option(
      '--host <addr>',
      'interface for HTTP and MQTT; a non-loopback address needs an API key or --no-auth',
      '127.0.0.1',
    )
    .option('--mqtt-port <n>', 'embedded MQTT broker port', '1883')
    .option('--mqtt-ws-port <n>', 'also accept MQTT over WebSocket on this port (ws://host:port/mqtt)')
    .option(
      '--mqtt-ws-origin <origin>',
      'a browser origin allowed on MQTT over WebSocket (repeatable; default none: browsers refused)',
      collect,
    )
    .option(
      '--allowed-host <host>',
      'a host name the HTTP server answers to, name or name:port (repeatable; loopback always)',
      collect,
    )
    .option(
      '--allowed-origin <origin>',
      "a web origin besides the server's own that may write through the API (repeatable)",
      collect,
    )
    .option('--no-mqtt', 'do not start the embedded MQTT broker')
    .option('--mqtt-url <url>', 'also subscribe to an external broker, e.g. mqtt://127.0.0.1:1883')
    .option('--mqtt-topic <filter>', 'topic filter on the external broker', 'xinzhi/v1/#')
    .option('--mqtt-ca <pem>', 'CA certificate to trust for an mqtts:// --mqtt-url (a private CA)')
    .option(
      '--tls-cert <pem>',
      'serve HTTPS, mqtts and wss with this certificate chain (PEM; with --tls-key)',
    )
    .option('--tls-key <pem>', 'private key of --tls-cert (PEM, unencrypted; keep it 0600)')
    .option('--mqtt-client-id <id>', 'persistent session id on the external broker', 'xinzhi-ingest')
    .option(
      '--mqtt-connections <n>',
      'connections sharing the external subscription ($share, MQTT 5); more = higher ingest rate',
    )
    .option(
      '--job-workers <n>',
      'jobs (POST /api/v1/jobs) this node runs at once (default 1; 0: run none here, other nodes on the same PostgreSQL do)',
    )
    .option(
      '--nats-url <url>',
      'join a cluster on NATS: ingest from a JetStream stream shared with other nodes, live bus and leases, e.g. nats://127.0.0.1:4222 (default $XINZHI_NATS_URL, which keeps a password out of the process list)',
    )
    .option('--nats-stream <name>', 'JetStream stream (created if missing)', 'xinzhi')
    .option(
      '--nats-subject <filter>',
      'subjects the stream captures (MQTT xinzhi/v1/# maps to xinzhi.v1.>)',
      'xinzhi.v1.>',
    )
    .option(
      '--nats-durable <name>',
      'durable consumer name; nodes with the same name share the work',
      'xinzhi-ingest',
    )
    .option(
      '--node-id <id>',
      "this node's name in the cluster (lease holders, GET /api/v1/cluster); default $XINZHI_NODE_ID, else <hostname>-<pid>",
    )
    .addOption(dbOption())
    .option(
      '--secret-key-file <path>',
      'key that encrypts the ledger signing keys in the database (default $XINZHI_SECRET_KEY, else <db>.key)',
    )
    .option('--no-auth', 'turn API-key authentication off (trusted networks only)')
    .option('--alarm-webhook <url>', 'POST every alarm transition as JSON to this URL (notifications)')
    .addOption(jsonOption('print the URLs as one JSON object'))
    .option(
      '--demo',
      'also run the simulated factory, farm and fleet, publishing over MQTT like real devices',
    )
    .option('--demo-seed <n>', 'seed of the demo (same seed, same data)', '42')
    .option('--demo-speed <x>', 'demo simulated seconds per real second until it reaches now', '240')
    .option(
      '--demo-history <d>',
      'start the demo this far in the past (0, 6h, 1d); written in bulk before the URL is printed',
      '1d',
    )
    .option(
      '--demo-replay <d>',
      'replay the last part of the history over MQTT at --demo-speed instead of writing it in bulk',
      '0',
    )
    .option(
      '--demo-sample <d>',
      'machine sampling interval of the demo factory (default 1s; e.g. 15s for fast replays)',
    );
  return limitFlags(flags);
}

/** Registers the command (typed as `RegisterCommand`; not imported from index.ts to avoid an import cycle). */
export const register = (program: Command, ctx: CliContext): void => {
  serveFlags(
    program.command('serve').description('run the HTTP API and the MQTT broker (ingest, query, live feed)'),
  ).action(
    action(ctx, (opts) =>
      runServe(ctx, opts, opts.demo ? serveDemoHook(parseServeDemoFlags(opts), createLogger()) : undefined),
    ),
  );
};

/**
 * Where inspection images go: `$XINZHI_IMAGES_DIR`, else a folder beside the database file
 * (`xinzhi.db` → `xinzhi.db.images/`), else (in-memory or PostgreSQL) `./xinzhi-images`.
 */
function imagesDirOption(dbPath: string): { imagesDir?: string } {
  const env = process.env['XINZHI_IMAGES_DIR']?.trim();
  if (env) return { imagesDir: env };
  if (dbPath === ':memory:') return {};
  return { imagesDir: isPostgresUrl(dbPath) ? 'xinzhi-images' : `${dbPath}.images` };
}
