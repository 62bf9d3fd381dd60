/** `xinzhi series create <id>`: create a series before its first reading. */
import type { Command } from '@commander-js/extra-typings';
import { createSeries } from '../../../ingest/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withStore } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';
import { settingFlags, settingsLine } from './settings.js';

export function registerCreate(cmd: Command, ctx: CliContext): void {
  cmd
    .command('create <id>')
    .description('create a series <asset>/<metric> before its first reading (the asset is created too)')
    .requiredOption('--unit <ucum>', 'its unit: a UCUM code or alias (Cel, °C, kPa, [psi], 1/min, %)')
    .option('--min <value>', 'physical minimum; values below are quarantined')
    .option('--max <value>', 'physical maximum; values above are quarantined')
    .option('--retention-days <days>', 'delete raw points older than this (rollups stay)')
    .option('--interval <duration>', 'expected sampling interval (10s, 1m…)')
    .option('--description <text>', 'free text')
    .option('--signal <type>', 'gauge, counter or state')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (id, opts) => {
        const settings = settingFlags(opts);
        // Creating writes: the database is created if missing, as `import` does.
        const created = await withStore(opts, (s) =>
          createSeries(s, {
            id,
            unit: opts.unit,
            ...settings,
          }),
        );
        if (opts.json) printJson(ctx, created);
        else ctx.stdout(`created ${settingsLine(created)}`);
      }),
    );
}
