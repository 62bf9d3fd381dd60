/** `xinzhi series create <id>`: create a series before its first reading. */
import type { Command } from '@commander-js/extra-typings';
import { createSeries } from '../../../domains/series/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withStore } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';
import { settingsLine, settingsOf, settingsOptions } from './settings.js';

export function registerCreate(cmd: Command, ctx: CliContext): void {
  settingsOptions(
    cmd
      .command('create <id>')
      .description('create a series <asset>/<metric> before its first reading (the asset is created too)')
      .requiredOption('--unit <ucum>', 'its unit: a UCUM code or alias (Cel, °C, kPa, [psi], 1/min, %)'),
  )
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (id, opts) => {
        const settings = settingsOf(opts);
        // Creating writes: the database is created if missing, as `import` does.
        const created = await withStore(opts, (s) => createSeries(s, { id, unit: opts.unit, ...settings }));
        if (opts.json) printJson(ctx, created);
        else ctx.stdout(`created ${settingsLine(created)}`);
      }),
    );
}
