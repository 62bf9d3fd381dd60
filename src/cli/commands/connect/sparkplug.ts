/** `xinzhi connect sparkplug <broker>`: read Sparkplug B edge nodes on an MQTT broker and store their metrics. */
import type { Command } from '@commander-js/extra-typings';
import { systemClock, XinzhiError } from '../../../core/index.js';
import { mqttTransport, startSparkplugConnector } from '../../../ingest/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { dbOption, jsonOption, type OptsOf } from '../../options.js';
import { ingestRig, int, sleep } from './shared.js';

/** `connect sparkplug` with its flags, before its action; the flags type the options. */
const sparkplugCommand = (connect: Command) =>
  connect
    .command('sparkplug <broker>')
    .description(
      'Sparkplug B: read edge nodes on an MQTT broker (births, data, deaths) and store their metrics',
    )
    .option('--group <id>', 'Sparkplug group to read (default all)')
    .option('--asset-root <path>', 'asset path put before <group>/<edge node>[/<device>]')
    .option('--host-id <id>', 'host application id for the STATE topic (default xinzhi-cli)')
    .option('--seconds <n>', 'how long to listen (default 10)')
    .addOption(dbOption())
    .addOption(jsonOption());

type SparkplugOpts = OptsOf<ReturnType<typeof sparkplugCommand>>;

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

export function registerSparkplug(connect: Command, ctx: CliContext): void {
  sparkplugCommand(connect).action(action(ctx, (url, o) => runSparkplug(ctx, url, o)));
}
