/** `xinzhi connect modbus <target>`: poll a Modbus TCP device with a register map and store the values. */
import { readFileSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { systemClock, XinzhiError } from '../../../core/index.js';
import { parseRegisterMap, startModbusPoller } from '../../../ingest/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { dbOption, jsonOption, type OptsOf } from '../../options.js';
import { ingestRig, int, sleep } from './shared.js';

/** `connect modbus` with its flags, before its action; the flags type the options. */
const modbusCommand = (connect: Command) =>
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
    .addOption(dbOption())
    .addOption(jsonOption());

type ModbusOpts = OptsOf<ReturnType<typeof modbusCommand>>;

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

export function registerModbus(connect: Command, ctx: CliContext): void {
  modbusCommand(connect).action(action(ctx, (target, o) => runModbus(ctx, target, o)));
}
