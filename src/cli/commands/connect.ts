/**
 * `xinzhi connect opcua|modbus|sparkplug …`: test a connection, browse, and take data for a while
 * through the cleaning pipeline into `--db`, without a server. Each subcommand prints a summary
 * (`--json`: one object) with what was stored, quarantined and what went wrong.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { format } from 'node:util';
import type { Command } from '@commander-js/extra-typings';
import { SingleBar } from 'cli-progress';
import { createLogger, systemClock, XinzhiError } from '../../core/index.js';
import {
  createIngestPipeline,
  mqttTransport,
  parseRegisterMap,
  startModbusPoller,
  startSparkplugConnector,
} from '../../ingest/index.js';
import { createIngestBatcher, type IngestBatcher } from '../../ingest/mqtt/index.js';
import type { Store } from '../../store/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { openStoreFromOptions, resolveDbPath } from '../open-store.js';
import type { RegisterCommand } from './index.js';

const int = (v: string | undefined, flag: string, min: number, max: number, dflt: number): number => {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new XinzhiError('BAD_INPUT', `${flag} must be an integer from ${min} to ${max}`, { field: flag });
  return n;
};

const num = (v: string | undefined, flag: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0)
    throw new XinzhiError('BAD_INPUT', `${flag} must be a number ≥ 0`, { field: flag });
  return n;
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A store, pipeline and group committer for the run; `finish` flushes, closes and returns the counts. */
async function ingestRig(db: string | undefined, source: string) {
  const store: Store = await openStoreFromOptions({ db });
  const logger = createLogger(process.env['XINZHI_LOG_LEVEL'] ?? 'warn');
  const pipeline = createIngestPipeline({ store, clock: systemClock, logger });
  const batcher: IngestBatcher = createIngestBatcher({ pipeline, logger, source });
  return {
    store,
    logger,
    batcher,
    async finish() {
      await batcher.flush();
      await store.close();
      const s = batcher.stats;
      return {
        accepted: s.accepted,
        quarantined: s.quarantined,
        duplicates: s.duplicates,
        outliers: s.outliers,
        series: [...s.series].sort(),
      };
    },
  };
}

interface OpcuaOpts {
  browse?: boolean;
  subscribe?: string[];
  series?: string[];
  unit?: string;
  seconds?: string;
  db?: string;
  json?: boolean;
  securityMode?: string;
  securityPolicy?: string;
  user?: string;
  pki?: string;
  trustServer?: boolean;
  root?: string;
  maxNodes?: string;
  maxDepth?: string;
  pageSize?: string;
  samplingMs?: string;
  publishingMs?: string;
  deadbandAbs?: string;
  deadbandPct?: string;
  maxItemsPerSubscription?: string;
}

async function runOpcua(ctx: CliContext, endpoint: string, o: OpcuaOpts): Promise<void> {
  if (!/^opc\.tcp:\/\//.test(endpoint))
    throw new XinzhiError('BAD_INPUT', `endpoint must be opc.tcp://host:port[/path], not "${endpoint}"`, {
      field: 'endpoint',
    });
  if (!o.browse && !o.subscribe?.length)
    throw new XinzhiError('BAD_INPUT', 'give --browse or --subscribe <nodeId>', { field: '--subscribe' });
  const subscribe = o.subscribe ?? [];
  const series = o.series ?? [];
  if (subscribe.length > 0 && series.length !== subscribe.length)
    throw new XinzhiError('BAD_INPUT', `--series must be given once per --subscribe (${subscribe.length})`, {
      field: '--series',
    });
  const op = await import('../../ingest/opcua/index.js');
  const mode = o.securityMode ?? 'None';
  if (!(op.SECURITY_MODES as readonly string[]).includes(mode))
    throw new XinzhiError('BAD_INPUT', `--security-mode must be ${op.SECURITY_MODES.join(', ')}`, {
      field: '--security-mode',
    });
  const policy = o.securityPolicy;
  if (policy !== undefined && !(op.SECURITY_POLICIES as readonly string[]).includes(policy))
    throw new XinzhiError('BAD_INPUT', `--security-policy must be ${op.SECURITY_POLICIES.join(', ')}`, {
      field: '--security-policy',
    });
  const db = resolveDbPath({ db: o.db });
  const pkiFolder =
    o.pki ??
    (db === ':memory:' || db.startsWith('postgres')
      ? join(process.cwd(), 'opcua-pki')
      : join(dirname(db), 'opcua-pki'));
  const password = process.env['XINZHI_OPCUA_PASSWORD'];
  const logger = createLogger(process.env['XINZHI_LOG_LEVEL'] ?? 'warn');
  const common = {
    endpoint,
    securityMode: mode as 'None',
    ...(policy === undefined ? {} : { securityPolicy: policy as 'None' }),
    ...(o.user === undefined ? {} : { user: o.user, password: password ?? '' }),
    pkiFolder,
    trustUnknownServer: o.trustServer ?? false,
    logger,
  };
  if (o.browse) {
    const conn = await op.connectOpcua(common);
    const bar = o.json
      ? undefined
      : new SingleBar({ format: 'browsing {value} nodes, {variables} variables', stream: process.stderr });
    try {
      bar?.start(0, 0, { variables: 0 });
      const out = await op.browseVariables(conn.session, {
        ...(o.root === undefined ? {} : { root: o.root }),
        maxNodes: int(o.maxNodes, '--max-nodes', 1, 1_000_000, 10_000),
        maxDepth: int(o.maxDepth, '--max-depth', 1, 100, 10),
        pageSize: int(o.pageSize, '--page-size', 1, 100_000, 1000),
        onProgress: (p) => {
          if (o.json) process.stderr.write(`${JSON.stringify({ progress: p })}\n`);
          else bar?.update(p.visited, { variables: p.variables });
        },
      });
      bar?.stop();
      if (o.json) printJson(ctx, out);
      else {
        for (const v of out.variables)
          ctx.stdout(
            `${v.nodeId}\t${v.browsePath}\t${v.dataType}\t${JSON.stringify(v.value)}${v.unit ? `\t${v.unit}` : ''}`,
          );
        ctx.stderr(
          `${out.variables.length} variables, ${out.visited} nodes visited${out.truncated ? ' (truncated: raise --max-nodes or --max-depth)' : ''}`,
        );
      }
    } finally {
      bar?.stop();
      await conn.close();
    }
    return;
  }
  const seconds = int(o.seconds, '--seconds', 1, 86_400, 10);
  const abs = num(o.deadbandAbs, '--deadband-abs');
  const pct = num(o.deadbandPct, '--deadband-pct');
  const rig = await ingestRig(o.db, 'opcua');
  let status: unknown;
  try {
    const c = await op.startOpcuaConnector({
      ...common,
      items: subscribe.map((nodeId, i) => ({ nodeId, seriesId: series[i]!, unit: o.unit })),
      subscription: {
        samplingIntervalMs: int(o.samplingMs, '--sampling-ms', 0, 3_600_000, 1000),
        publishingIntervalMs: int(o.publishingMs, '--publishing-ms', 10, 3_600_000, 1000),
        maxItemsPerSubscription: int(
          o.maxItemsPerSubscription,
          '--max-items-per-subscription',
          1,
          100_000,
          1000,
        ),
        ...(abs !== undefined ? { deadband: { type: 'absolute' as const, value: abs } } : {}),
        ...(pct !== undefined ? { deadband: { type: 'percent' as const, value: pct } } : {}),
      },
      batcher: rig.batcher,
      clock: systemClock,
      logger: rig.logger,
    });
    await sleep(seconds * 1000);
    status = c.status();
    await c.close();
  } finally {
    const counts = await rig.finish();
    const out = { ...counts, connector: status };
    if (o.json) printJson(ctx, out);
    else
      ctx.stdout(
        `${counts.accepted} points stored, ${counts.quarantined} quarantined, series: ${counts.series.join(', ')}`,
      );
  }
}

/** node-opcua prints its warnings with console.log; keep stdout for the command's own output. */
async function withConsoleOnStderr<T>(fn: () => Promise<T>): Promise<T> {
  const log = console.log;
  console.log = (...a: unknown[]) => process.stderr.write(`${format(...a)}\n`);
  try {
    return await fn();
  } finally {
    console.log = log;
  }
}

interface ModbusOpts {
  map: string;
  asset: string;
  unitId?: string;
  seconds?: string;
  once?: boolean;
  timeoutMs?: string;
  retries?: string;
  minGapMs?: string;
  db?: string;
  json?: boolean;
}

async function runModbus(ctx: CliContext, target: string, o: ModbusOpts): Promise<void> {
  const m = /^([^:]+)(?::(\d+))?$/.exec(target);
  if (!m)
    throw new XinzhiError('BAD_INPUT', `target must be host[:port], not "${target}"`, { field: 'target' });
  let text: string;
  try {
    text = readFileSync(o.map, 'utf8');
  } catch (e) {
    throw new XinzhiError('NOT_FOUND', `cannot read --map ${o.map}: ${(e as Error).message}`, {
      field: '--map',
    });
  }
  const map = parseRegisterMap(text, o.map);
  const seconds = int(o.seconds, '--seconds', 1, 86_400, 10);
  const rig = await ingestRig(o.db, 'modbus');
  let status: unknown;
  try {
    const poller = startModbusPoller({
      devices: [
        {
          host: m[1]!,
          port: int(m[2], 'port', 1, 65_535, 502),
          unitId: int(o.unitId, '--unit-id', 0, 255, 1),
          asset: o.asset,
          map,
          timeoutMs: int(o.timeoutMs, '--timeout-ms', 10, 60_000, 1000),
          retries: int(o.retries, '--retries', 0, 10, 2),
          minGapMs: int(o.minGapMs, '--min-gap-ms', 0, 60_000, 0),
        },
      ],
      sink: rig.batcher,
      clock: systemClock,
      logger: rig.logger,
      start: !o.once,
    });
    if (o.once) await poller.pollOnce();
    else await sleep(seconds * 1000);
    status = poller.status()[0];
    await poller.close();
  } finally {
    const counts = await rig.finish();
    if (o.json) printJson(ctx, { ...counts, device: status });
    else
      ctx.stdout(
        `${counts.accepted} points stored, ${counts.quarantined} quarantined; device: ${JSON.stringify(status)}`,
      );
  }
}

interface SparkplugOpts {
  group?: string;
  assetRoot?: string;
  hostId?: string;
  seconds?: string;
  db?: string;
  json?: boolean;
}

async function runSparkplug(ctx: CliContext, url: string, o: SparkplugOpts): Promise<void> {
  if (!/^(mqtts?|wss?):\/\//.test(url))
    throw new XinzhiError(
      'BAD_INPUT',
      `broker must be an mqtt://, mqtts://, ws:// or wss:// URL, not "${url}"`,
      {
        field: 'broker',
      },
    );
  const seconds = int(o.seconds, '--seconds', 1, 86_400, 10);
  const rig = await ingestRig(o.db, 'sparkplug');
  let status: unknown;
  try {
    const hostId = o.hostId ?? 'xinzhi-cli';
    const transport = await mqttTransport({
      url,
      clientId: `${hostId}-${process.pid}`,
      will: {
        topic: `spBv1.0/STATE/${hostId}`,
        payload: JSON.stringify({ online: false, timestamp: Date.now() }),
      },
    });
    const c = await startSparkplugConnector({
      transport,
      batcher: rig.batcher,
      clock: systemClock,
      logger: rig.logger,
      events: (e) => rig.store.appendEvent(e),
      hostId,
      ...(o.group === undefined ? {} : { group: o.group }),
      ...(o.assetRoot === undefined ? {} : { assetRoot: o.assetRoot }),
    });
    await sleep(seconds * 1000);
    status = c.status();
    await c.close();
  } finally {
    const counts = await rig.finish();
    if (o.json) printJson(ctx, { ...counts, connector: status });
    else
      ctx.stdout(
        `${counts.accepted} points stored, ${counts.quarantined} quarantined; ${JSON.stringify(status)}`,
      );
  }
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  const connect = program
    .command('connect')
    .description(
      'test a connection to machines (OPC UA, Modbus TCP, Sparkplug B), browse, and take data into --db',
    );
  connect
    .command('opcua <endpoint>')
    .description(
      'OPC UA: --browse the variables under Objects, or --subscribe to nodes and store what arrives',
    )
    .option('--browse', 'list variables (nodeId, browse path, data type, value, unit)')
    .option('--subscribe <nodeId>', 'node to monitor (repeatable)', collect)
    .option('--series <id>', 'series id for each --subscribe, in order (repeatable)', collect)
    .option('--unit <ucum>', 'unit of the subscribed values (default: the series unit)')
    .option('--seconds <n>', 'how long to take data (default 10)')
    .option('--security-mode <mode>', 'None | Sign | SignAndEncrypt (default None)')
    .option(
      '--security-policy <policy>',
      'None | Basic256Sha256 | Aes128_Sha256_RsaOaep | Aes256_Sha256_RsaPss',
    )
    .option('--user <name>', 'user name (password from $XINZHI_OPCUA_PASSWORD)')
    .option(
      '--pki <dir>',
      'certificate folder: own/, trusted/, rejected/ (default opcua-pki/ beside the database)',
    )
    .option('--trust-server', 'trust a server certificate seen for the first time')
    .option('--root <nodeId>', 'browse from this node (default the Objects folder)')
    .option('--max-nodes <n>', 'browse at most this many nodes (default 10000)')
    .option('--max-depth <n>', 'browse at most this deep (default 10)')
    .option('--page-size <n>', 'references per node per browse page (default 1000)')
    .option('--sampling-ms <ms>', 'sampling interval (default 1000)')
    .option('--publishing-ms <ms>', 'publishing interval (default 1000)')
    .option('--deadband-abs <x>', 'absolute deadband in the value unit')
    .option('--deadband-pct <x>', 'percent deadband of the EURange')
    .option('--max-items-per-subscription <n>', 'monitored items per subscription (default 1000)')
    .option('--db <path>', 'database file or postgres:// URL (default ./xinzhi.db or $XINZHI_DB)')
    .option('--json', 'print one JSON object')
    .action(action(ctx, (endpoint, o) => withConsoleOnStderr(() => runOpcua(ctx, endpoint, o))));
  connect
    .command('modbus <target>')
    .description('Modbus TCP: poll host[:port] with a register map and store the values')
    .requiredOption('--map <file>', 'register map (YAML or JSON; see docs/connectors.md)')
    .requiredOption('--asset <path>', 'asset path of the device (series are <asset>/<metric>)')
    .option('--unit-id <n>', 'Modbus unit id (default 1)')
    .option('--seconds <n>', 'how long to poll (default 10)')
    .option('--once', 'poll every group once and stop')
    .option('--timeout-ms <ms>', 'per-request timeout (default 1000)')
    .option('--retries <n>', 'retries per request (default 2)')
    .option('--min-gap-ms <ms>', 'least time between requests to the device (default 0)')
    .option('--db <path>', 'database file or postgres:// URL (default ./xinzhi.db or $XINZHI_DB)')
    .option('--json', 'print one JSON object')
    .action(action(ctx, (target, o) => runModbus(ctx, target, o)));
  connect
    .command('sparkplug <broker>')
    .description(
      'Sparkplug B: read edge nodes on an MQTT broker (births, data, deaths) and store their metrics',
    )
    .option('--group <id>', 'Sparkplug group to read (default all)')
    .option('--asset-root <path>', 'asset path put before <group>/<edge node>[/<device>]')
    .option('--host-id <id>', 'host application id for the STATE topic (default xinzhi-cli)')
    .option('--seconds <n>', 'how long to listen (default 10)')
    .option('--db <path>', 'database file or postgres:// URL (default ./xinzhi.db or $XINZHI_DB)')
    .option('--json', 'print one JSON object')
    .action(action(ctx, (url, o) => runSparkplug(ctx, url, o)));
};
