/** `xinzhi series list`: the series, optionally of one asset. */
import type { Command } from '@commander-js/extra-typings';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';

export function registerList(cmd: Command, ctx: CliContext): void {
  cmd
    .command('list')
    .description('list series')
    .option('--asset <id>', 'series of this asset only')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (opts) => {
        const list = await withExistingStore(opts, (s) =>
          s.listSeries(opts.asset === undefined ? {} : { assetId: opts.asset }),
        );
        if (opts.json) printJson(ctx, { series: list });
        else
          ctx.stdout(
            list.length === 0
              ? 'no series yet'
              : list
                  .map(
                    (s) =>
                      `${s.id}  [${s.unit}]  range ${s.minValue ?? '-∞'}..${s.maxValue ?? '∞'}  ` +
                      `interval ${s.expectedIntervalMs === null ? 'learned' : `${s.expectedIntervalMs} ms`}  retention ${s.retentionDays ?? '∞'} d`,
                  )
                  .join('\n'),
          );
      }),
    );
}
