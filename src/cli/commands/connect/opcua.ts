/** `xinzhi connect opcua <endpoint>`: browse an OPC UA server, or subscribe to nodes and store what arrives. */
import { dirname, join } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { SingleBar } from 'cli-progress';
import { createLogger, systemClock, XinzhiError } from '../../../core/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { resolveDbPath } from '../../open-store.js';
import { collect, dbOption, jsonOption, type OptsOf } from '../../options.js';
import { ingestRig, int, num, sleep, withConsoleOnStderr } from './shared.js';

/** `connect opcua` with its flags, before its action; the flags type the options. */
const opcuaCommand = (connect: Command) =>
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
    .addOption(dbOption())
    .addOption(jsonOption());

type OpcuaOpts = OptsOf<ReturnType<typeof opcuaCommand>>;

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
  const op = await import('../../../ingest/opcua/index.js');
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

export function registerOpcua(connect: Command, ctx: CliContext): void {
  opcuaCommand(connect).action(
    action(ctx, (endpoint, o) => withConsoleOnStderr(() => runOpcua(ctx, endpoint, o))),
  );
}
