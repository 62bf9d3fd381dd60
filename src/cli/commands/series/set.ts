/** `xinzhi series set <id>`: change a series' settings (range, retention, interval, signal, unit). */
import type { Command } from '@commander-js/extra-typings';
import { changeSeries } from '../../../domains/series/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';
import { settingsLine, settingsOf, settingsOptions } from './settings.js';

export function registerSet(cmd: Command, ctx: CliContext): void {
  settingsOptions(cmd.command('set <id>').description('change settings of a series ("none" clears a value)'))
    .option(
      '--unit <ucum>',
      'store the series in this unit, converting stored points, rollups and limits (same quantity only)',
    )
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (id, opts) => {
        const change = { ...settingsOf(opts), ...(opts.unit === undefined ? {} : { unit: opts.unit }) };
        const { series, conversion: c } = await withExistingStore(opts, (s) => changeSeries(s, id, change));
        if (opts.json) printJson(ctx, c === undefined ? series : { ...series, conversion: c });
        else
          ctx.stdout(
            (c === undefined
              ? ''
              : `converted ${c.points} points and their rollups from ${c.from} to ${c.to} (v × ${c.factor} + ${c.offset})\n`) +
              settingsLine(series),
          );
      }),
    );
}
